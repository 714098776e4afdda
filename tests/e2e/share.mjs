// End-to-end: share links. A hand-written link opens the playground with its settings;
// changing a setting updates the address; Share copies a link that, opened in a new
// page, shows the same settings; a hand-edited link lists what it ignored and opens the
// defaults; a course link locks and hides controls and shows its goal; the Embed dialog's
// snippet, as a course page, frames the same run with the same settings.
// Usage: node tests/e2e/share.mjs [dist-dir]   (exits non-zero on any failure)

import { join, resolve } from 'node:path';
import { ROOT, driver, fail, inPage, runScript } from './harness.mjs';
import { BUTTON_MS, session } from './runs.mjs';

const NAME = 'e2e share';
const DIST = resolve(process.argv[2] ?? join(ROOT, 'dist'));
const LINK = 'dataset=xor&hidden=4,4&lr=0.1&seed=7&speed=16';

/** The settings the playground's controls show. */
async function settings(page) {
  return page.evaluate(() => ({
    dataset: document.querySelector('select#dataset')?.value,
    learningRate: document.querySelector('select#learning-rate')?.value,
    seed: document.querySelector('#seed')?.value,
    speed: document.querySelector('select#speed')?.value,
    layers: document.querySelectorAll('ul.layers li').length,
  }));
}

/** Opens `link` as a fresh page load (a hash-only change would reload the page under us). */
async function open(page, link) {
  await page.goto('about:blank');
  await page.goto(link);
}

async function run(page, url, report) {
  const d = driver(page, 'page');
  await page.goto(`${url}#${LINK}`);
  await session(page, d, 'playground');
  const opened = await settings(page);
  const wanted = { dataset: 'xor', learningRate: '0.1', seed: '7', speed: '16', layers: 2 };
  if (JSON.stringify(opened) !== JSON.stringify(wanted)) {
    fail(`the link opened ${JSON.stringify(opened)}, not ${JSON.stringify(wanted)}`);
  }
  report.push(`hand-written link       #${LINK} opened as written`);

  await page.selectOption('select#learning-rate', '0.3');
  await d.waitFor('the address to follow the learning rate', BUTTON_MS, async () => page.url().includes('lr=0.3'));
  await page.click('#share');
  await d.waitFor('"Link copied"', BUTTON_MS, async () => (await page.$('#share[data-copied]')) !== null);
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  const other = await page.context().newPage();
  const d2 = driver(other, 'shared');
  await other.goto(copied);
  await session(other, d2, 'playground');
  const shared = await settings(other);
  if (JSON.stringify(shared) !== JSON.stringify({ ...wanted, learningRate: '0.3' })) {
    fail(`the shared link ${copied} opened ${JSON.stringify(shared)}`);
  }
  await other.close();
  report.push(`Share                   copied ${copied.slice(copied.indexOf('#'))}; a new page shows the same settings`);

  await open(page, `${url}#lr=abc&bogus=1&hidden=4,x`);
  const errors = await d.waitFor('the list of what the link ignored', BUTTON_MS, async () => {
    const items = await page.$$eval('#link-errors li', (list) => list.map((li) => li.textContent.trim()));
    return items.length >= 3 ? items : false;
  });
  for (const key of ['lr', 'bogus', 'hidden']) {
    if (!errors.some((text) => text.includes(key))) fail(`no error names \`${key}\`: ${JSON.stringify(errors)}`);
  }
  report.push(`hand-edited link        ${errors.length} errors shown, e.g. "${errors[0]}"`);

  await open(page, `${url}#hidden=8&lock=learning-rate,play&hide=files,seed&target=test_loss%3C%3D0.2`);
  await session(page, d, 'playground');
  const course = await page.evaluate(() => ({
    learningRateLocked: document.querySelector('select#learning-rate')?.disabled,
    playLocked: document.querySelector('button#play')?.disabled,
    filesHidden: document.querySelector('#files') === null,
    seedHidden: document.querySelector('#seed') === null,
    goal: document.querySelector('#goal')?.textContent ?? '',
  }));
  const locked = course.learningRateLocked && course.playLocked && course.filesHidden && course.seedHidden;
  if (!locked || !course.goal.includes('0.2')) fail(`the course link gave ${JSON.stringify(course)}`);
  report.push(`course link             locks and hides its controls; goal "${course.goal.trim()}"`);

  // A hash edited by hand (as in the address bar) reloads the page with it.
  await page.evaluate(() => {
    window.location.hash = '#dataset=circle';
  });
  await d.waitFor('the page reloaded with the edited hash', BUTTON_MS, async () => {
    const dataset = await page.evaluate(() => document.querySelector('select#dataset')?.value).catch(() => null);
    return dataset === 'circle';
  });
  report.push('edited hash             #dataset=circle reloaded the page on the circle');

  await embedSnippet(page, d, url, report);
}

/**
 * The Embed dialog's snippet, served as a course page of its own, frames the same run with
 * the same settings: its preset, a changed learning rate and a lock.
 */
async function embedSnippet(page, d, url, report) {
  await open(page, `${url}#preset=momentum&lr=0.3&lock=optimizer`);
  await session(page, d, 'preset:momentum');
  await page.click('#embed-button');
  const snippet = await page.inputValue('#embed-snippet');
  for (const part of [`<script src="${url}embed.js"></script>`, 'preset="momentum"', 'lock="optimizer"', 'lr=0.3']) {
    if (!snippet.includes(part)) fail(`the embed snippet has no ${part}: ${snippet}`);
  }
  await page.click('#copy-embed');
  await d.waitFor('"Copied"', BUTTON_MS, async () => (await page.$('#copy-embed[data-copied]')) !== null);
  if ((await page.evaluate(() => navigator.clipboard.readText())) !== snippet) fail('Copy put other text on the clipboard');
  await page.keyboard.press('Escape');
  await d.waitFor('Escape to close the dialog', BUTTON_MS, async () => !(await page.$('#embed-dialog')));

  const course = `${url}course.html`;
  await page.route(course, (route) =>
    route.fulfill({ contentType: 'text/html', body: `<!DOCTYPE html><title>Course</title>${snippet}` }),
  );
  await page.goto(course);
  const frame = await d.waitFor('the snippet to frame the playground', BUTTON_MS, async () => {
    const element = await page.$('nn-playground iframe');
    return (await element?.contentFrame()) ?? false;
  });
  await session(frame, d, 'preset:momentum');
  const framed = await frame.evaluate(() => ({
    learningRate: document.querySelector('select#learning-rate')?.value,
    optimizerLocked: document.querySelector('select#optimizer')?.disabled,
  }));
  if (framed.learningRate !== '0.3' || !framed.optimizerLocked) fail(`the embedded run shows ${JSON.stringify(framed)}`);
  report.push(`embed snippet           ${snippet.split('\n')[1]} frames momentum at lr 0.3, optimizer locked`);
}

runScript(NAME, 5 * 60_000, () =>
  inPage(NAME, 'share', DIST, { grant: ['clipboard-read', 'clipboard-write'] }, run),
);
