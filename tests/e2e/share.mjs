// End-to-end: share links. A hand-written link opens the playground with its settings;
// changing a setting updates the address; Share copies a link that, opened in a new
// page, shows the same settings; a hand-edited link lists what it ignored and opens the
// defaults; a course link locks and hides controls and shows its goal; `panels=` shows
// only the panels it names and the Panels menu writes it; a locked schedule of a preset
// shows its settings and cannot be changed; the Embed dialog's snippet, as a course page,
// frames the same run with the same settings.
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

  await checkPanels(page, d, url, report);
  await checkLockedSchedule(page, d, url, report);
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

/** `panels=` hides the panels it leaves out; the Panels menu shows one again and the address follows. */
async function checkPanels(page, d, url, report) {
  await open(page, `${url}#dataset=xor&panels=metrics,loss`);
  await session(page, d, 'playground');
  const shown = async () =>
    page.evaluate(() => ({
      boundary: document.querySelector('#boundary') !== null,
      loss: document.querySelector('#loss-chart') !== null,
    }));
  const first = await shown();
  if (first.boundary || !first.loss) fail(`panels=metrics,loss showed ${JSON.stringify(first)}`);
  await page.click('#panels-menu > summary');
  if (await page.isChecked('#panel-boundary')) fail('the menu ticks the hidden boundary');
  await page.check('#panel-boundary');
  await d.waitFor('the boundary to show', BUTTON_MS, async () => (await shown()).boundary);
  await d.waitFor('the address to list the boundary', BUTTON_MS, async () =>
    decodeURIComponent(page.url()).includes('panels=loss,metrics,boundary'),
  );
  await page.uncheck('#panel-loss');
  await d.waitFor('the loss chart to go', BUTTON_MS, async () => !(await shown()).loss);
  report.push(`panels                  panels=metrics,loss hid the boundary; the menu showed it and hid the loss chart`);
}

/** A preset with a link's schedule, locked: the schedule shows as set and cannot be changed. */
async function checkLockedSchedule(page, d, url, report) {
  await open(page, `${url}#preset=momentum&schedule=step:50:0.5&lock=schedule`);
  await session(page, d, 'preset:momentum');
  const schedule = await d.waitFor('the schedule controls', BUTTON_MS, async () =>
    page.evaluate(() => {
      const kind = document.querySelector('select#schedule');
      const gamma = document.querySelector('#schedule-gamma');
      if (!kind || !gamma) return false;
      return { kind: kind.value, kindLocked: kind.disabled, gamma: gamma.value, gammaLocked: gamma.disabled };
    }),
  );
  const wanted = { kind: 'step', kindLocked: true, gamma: '0.5', gammaLocked: true };
  if (JSON.stringify(schedule) !== JSON.stringify(wanted)) fail(`the locked schedule shows ${JSON.stringify(schedule)}`);
  report.push('locked schedule         preset momentum with schedule=step:50:0.5 shows it, locked');
}

runScript(NAME, 5 * 60_000, () =>
  inPage(NAME, 'share', DIST, { grant: ['clipboard-read', 'clipboard-write'] }, run),
);
