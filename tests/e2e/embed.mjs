// End-to-end: the playground embedded in a course page with <nn-playground> (www/embed.js),
// as a course site would: the course page (www/embed-demo.html, under a strict Content
// Security Policy) is served from one origin and the playground from another, both from
// dist/. The script checks that
//   1. each element frames the playground with its settings in the hash, ending in
//      embed=1&origins=<the course page's origin>, and styles nothing inline;
//   2. embed.js drops messages that do not come from its own iframe at the playground's
//      origin (a third-origin frame and a frame at the playground's origin forge events);
//   3. both playgrounds say `ready`, Play on one makes it post `metrics` while the other
//      stays at step 0;
//   4. the playground ignores commands that do not come from the page that frames it at an
//      allowed origin — a pause and a set from a third origin, from the playground's own
//      origin, and from a frame at the course page's origin that is not the parent — keeps
//      training, answers none of them, and warns on the console naming each origin;
//   5. a malformed command from the course page is answered with an `error` event naming
//      the value, and Pause, set and Reset from the course page work;
//   6. the Chinese digits playground reaches its target (`test_accuracy>=0.9`) and says so
//      with `target-reached`; step events come at most about 10 a second.
//
// The page's side lives in crates/app/src/embed and crates/app/src/hooks/use_embedding.rs.
// Usage: node tests/e2e/embed.mjs [dist-dir]   (exits non-zero on any failure)

import { createServer } from 'node:http';
import { access } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { ROOT, driver, fail, inBrowser, passed, runScript, serveDist, shot, sleep } from './harness.mjs';

const NAME = 'e2e embed';
const DIST = resolve(process.argv[2] ?? join(ROOT, 'dist'));
const READY_MS = 90_000;
const TRAIN_MS = 60_000;
const BUTTON_MS = 15_000;
const TARGET_MS = 180_000;
/** How long a forged command has to take effect, were it (wrongly) obeyed. */
const FORGERY_WATCH_MS = 3_000;
/** Step events the log may show from one playground within any second: 10 plus delivery jitter. */
const MAX_STEP_EVENTS_PER_SECOND = 15;
const DIGITS_GOAL = 'test_accuracy>=0.9';

async function main() {
  for (const file of ['embed.js', 'embed-demo.html', 'embed-demo.js', 'embed-demo.css']) {
    await access(join(DIST, file)).catch(() =>
      fail(`${DIST}/${file} is missing: index.html needs <link data-trunk rel="copy-file" href="www/${file}" />`),
    );
  }
  // Two origins from one build: the playground's and the course page's.
  const appServer = await serveDist(DIST);
  const elsewhere = await serveElsewhere();
  // The course page frames the playground (and, in the forgery checks, a third page) from
  // other origins, as a course site's policy would allow.
  const framed = [appServer, elsewhere].map((server) => `http://127.0.0.1:${server.address().port}`);
  const hostServer = await serveDist(DIST, { frameSrc: framed });
  const origins = {
    app: `http://127.0.0.1:${appServer.address().port}`,
    host: `http://127.0.0.1:${hostServer.address().port}`,
    elsewhere: `http://127.0.0.1:${elsewhere.address().port}`,
  };
  const report = [];
  try {
    await inBrowser(NAME, 'embed', {}, (_, page) => run(page, origins, report));
  } finally {
    appServer.close();
    hostServer.close();
    elsewhere.close();
  }
  passed(NAME, report);
}

/** A page on a third origin that records every message it receives (it should get none). */
async function serveElsewhere() {
  const html =
    '<!DOCTYPE html><title>elsewhere</title><script>window.received = [];' +
    "addEventListener('message', (e) => window.received.push(e.origin));</script>";
  const server = createServer((request, response) => {
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html);
  });
  return new Promise((ready, error) => {
    server.once('error', error);
    server.listen(0, '127.0.0.1', () => ready(server));
  });
}

async function run(page, origins, report) {
  const d = driver(page, 'page');
  const warnings = [];
  page.on('console', (message) => {
    if (message.type() === 'warning') warnings.push(message.text());
  });
  const url = `${origins.host}/embed-demo.html?app=${encodeURIComponent(`${origins.app}/`)}`;
  const response = await page.goto(url);
  if (!response?.ok()) fail(`GET ${url} answered ${response?.status()}`);

  // 1. The iframes and their hashes.
  const frames = await d.waitFor('both <nn-playground> elements to make their iframes', BUTTON_MS, async () => {
    const found = await page.$$eval('nn-playground', (elements) =>
      elements.map((element) => {
        const iframe = element.querySelector('iframe');
        return {
          id: element.id,
          children: element.children.length,
          src: iframe?.src,
          title: iframe?.title,
          width: iframe?.getAttribute('width'),
          height: iframe?.getAttribute('height'),
          style: iframe?.getAttribute('style'),
          className: iframe?.className,
        };
      }),
    );
    return found.length === 2 && found.every((frame) => frame.src) ? found : false;
  });
  const host = encodeURIComponent(origins.host);
  const expected = {
    momentum: `preset=momentum&lock=optimizer&embed=1&origins=${host}`,
    digits: 'preset=cnn-digits&hide=seed&target=test_accuracy%3E%3D0.9&lang=zh&embed=1' + `&origins=${host}`,
  };
  for (const frame of frames) {
    const src = new URL(frame.src);
    if (src.origin !== origins.app) fail(`${frame.id}'s iframe is at ${src.origin}, not the playground's ${origins.app}`);
    if (src.hash !== `#${expected[frame.id]}`) fail(`${frame.id}'s iframe hash is ${src.hash}, not #${expected[frame.id]}`);
    if (frame.children !== 1) fail(`${frame.id} kept its fallback content beside the iframe`);
    if (frame.width !== '720' || frame.height !== '560') fail(`${frame.id}'s iframe is ${frame.width}×${frame.height}`);
    if (!frame.title?.startsWith('NN Playground')) fail(`${frame.id}'s iframe has the title "${frame.title}"`);
    if (frame.style !== null) fail(`${frame.id}'s iframe has an inline style: ${frame.style}`);
    if (frame.className !== 'nn-playground-frame') fail(`${frame.id}'s iframe has the class "${frame.className}"`);
  }
  report.push(`iframe hash             #${expected.digits}`);

  // 2. Forged events for the course page, from a third origin and from the playground's
  // origin in a frame that is not the element's: embed.js must drop both.
  const elsewhere = await addFrame(page, 'elsewhere', `${origins.elsewhere}/`);
  const impostor = await addFrame(page, 'impostor', `${origins.app}/embed-demo.css`);
  const forged = (marker) => ({ source: 'nn-playground', type: 'target-reached', goal: marker, step: 1 });
  await elsewhere.evaluate((message) => parent.postMessage(message, '*'), forged('forged-elsewhere'));
  await impostor.evaluate((message) => parent.postMessage(message, '*'), forged('forged-impostor'));
  await impostor.evaluate(() =>
    parent.postMessage({ source: 'nn-playground', type: 'ready', preset: 'forged', version: '0' }, '*'),
  );
  await sleep(1000);
  const early = await entries(page);
  const leaked = early.filter((e) => String(e.detail.goal).startsWith('forged') || e.detail.preset === 'forged');
  if (leaked.length > 0) fail(`embed.js passed on forged messages: ${JSON.stringify(leaked)}`);
  report.push('forged events           from a third origin and a frame at the playground\'s origin: dropped');

  // 3. Both playgrounds get ready; Play on one of them.
  const ready = await d.waitFor('`ready` from both playgrounds', READY_MS, async () => {
    const all = (await entries(page)).filter((e) => e.type === 'ready');
    const momentum = all.find((e) => e.embed === 'momentum');
    const digits = all.find((e) => e.embed === 'digits');
    return momentum && digits ? { momentum: momentum.detail, digits: digits.detail } : false;
  });
  for (const [id, preset] of [['momentum', 'momentum'], ['digits', 'cnn-digits']]) {
    const detail = ready[id];
    if (detail.source !== 'nn-playground' || detail.preset !== preset || typeof detail.version !== 'string') {
      fail(`${id}'s ready event is ${JSON.stringify(detail)}`);
    }
  }
  if (!(await page.$eval('#momentum', (element) => element.ready))) fail('#momentum.ready is not true after nnp-ready');
  report.push(`ready                   ${JSON.stringify(ready.momentum)}`);

  await page.click('button[data-embed="momentum"][data-command="play"]');
  const firstMetrics = await d.waitFor('a momentum `metrics` event after Play', TRAIN_MS, async () => {
    const metrics = (await entries(page)).filter((e) => e.embed === 'momentum' && e.type === 'metrics');
    return metrics.find((e) => e.detail.step > 0)?.detail ?? false;
  });
  for (const key of ['step', 'train_loss', 'test_loss', 'train_accuracy', 'test_accuracy']) {
    if (!(key in firstMetrics)) fail(`the metrics event lacks ${key}: ${JSON.stringify(firstMetrics)}`);
  }
  const digitsMoved = (await entries(page)).filter((e) => e.embed === 'digits' && e.detail.step > 0);
  if (digitsMoved.length > 0) fail(`Play on momentum moved the digits playground: ${JSON.stringify(digitsMoved[0])}`);
  report.push(`metrics after Play      ${JSON.stringify(firstMetrics)}`);

  // 4. Forged commands for the momentum playground (the first iframe on the page, frames[0]).
  const appFrame = page.frames().find((frame) => frame.url().startsWith(`${origins.app}/#preset=momentum`));
  if (!appFrame) fail(`no frame of the momentum playground among ${page.frames().map((f) => f.url()).join(', ')}`);
  const sibling = await addFrame(page, 'sibling', 'about:blank');
  const commands = [
    { target: 'nn-playground', type: 'pause' },
    { target: 'nn-playground', type: 'set', field: 'learning_rate', value: 5 },
    { target: 'nn-playground', type: 'reset' },
  ];
  const warningsBefore = warnings.length;
  const forgedAt = await pageTime(page);
  const stepBefore = await latestStep(page, 'momentum');
  // From a third origin, to the playground's window.
  await elsewhere.evaluate((messages) => messages.forEach((m) => parent.frames[0].postMessage(m, '*')), commands);
  // From the playground's own origin (a script in its frame posting to itself).
  await appFrame.evaluate((messages) => messages.forEach((m) => window.postMessage(m, '*')), commands);
  // From the course page's origin, but a frame that is not the playground's parent.
  await sibling.evaluate((messages) => messages.forEach((m) => parent.frames[0].postMessage(m, '*')), commands);
  await sleep(FORGERY_WATCH_MS);
  const stepAfter = await d.waitFor('momentum to keep training after the forged pause', TRAIN_MS, async () => {
    const step = await latestStep(page, 'momentum');
    return step > stepBefore ? step : false;
  });
  const since = (await entries(page, forgedAt)).filter((e) => e.embed === 'momentum');
  const answers = since.filter((e) => e.type === 'error');
  if (answers.length > 0) fail(`the playground answered a forged command: ${JSON.stringify(answers[0].detail)}`);
  const wentBack = since.find((e) => (e.type === 'metrics' || e.type === 'step') && e.detail.step < stepBefore);
  if (wentBack) fail(`the forged reset was obeyed: step ${wentBack.detail.step} after step ${stepBefore}`);
  const heardElsewhere = await elsewhere.evaluate(() => window.received);
  if (heardElsewhere.length > 0) fail(`the third-origin frame received messages from ${heardElsewhere.join(', ')}`);
  const warned = warnings.slice(warningsBefore);
  for (const origin of [origins.elsewhere, origins.app, origins.host]) {
    if (!warned.some((text) => text.includes('ignored') && text.includes(origin))) {
      fail(`no console warning names the ignored message from ${origin}; warnings: ${JSON.stringify(warned)}`);
    }
  }
  report.push(
    `forged commands         pause/set/reset from 3 senders ignored: step ${stepBefore} -> ${stepAfter} in ` +
      `${(((await pageTime(page)) - forgedAt) / 1000).toFixed(1)} s, no answer, ${warned.length} warnings`,
  );

  // 5. The course page's own commands: a malformed one is answered; Pause, set and Reset work.
  const setBadAt = await pageTime(page);
  await page.$eval('#momentum', (element) => element.set('learning_rate', 'fast'));
  const refusal = await d.waitFor('the error answering set("learning_rate", "fast")', BUTTON_MS, async () => {
    const errors = (await entries(page, setBadAt)).filter((e) => e.embed === 'momentum' && e.type === 'error');
    return errors[0]?.detail.message ?? false;
  });
  if (!refusal.includes('learning_rate is the string "fast"')) fail(`the refusal does not name the value: ${refusal}`);
  report.push(`malformed set           "${refusal}"`);

  await page.click('button[data-embed="momentum"][data-command="pause"]');
  const paused = await settledStep(page, d, 'momentum');
  await sleep(1000);
  if ((await latestStep(page, 'momentum')) !== paused) fail('momentum kept training after Pause from the course page');
  const setAt = await pageTime(page);
  await page.click('button[data-embed="momentum"][data-command="set"]');
  await sleep(1000);
  const setErrors = (await entries(page, setAt)).filter((e) => e.type === 'error');
  if (setErrors.length > 0) fail(`set learning_rate 0.5 was refused: ${JSON.stringify(setErrors[0].detail)}`);
  const resetAt = await pageTime(page);
  await page.click('button[data-embed="momentum"][data-command="reset"]');
  await d.waitFor('a step-0 metrics event after Reset', BUTTON_MS, async () =>
    (await entries(page, resetAt)).some((e) => e.embed === 'momentum' && e.type === 'metrics' && e.detail.step === 0),
  );
  report.push(`pause, set, reset       paused at step ${paused}; learning rate 0.5 taken; reset to step 0`);

  // 6. The digits exercise reaches its goal; step events are throttled.
  const started = Date.now();
  await page.click('button[data-embed="digits"][data-command="play"]');
  const reached = await d.waitFor(`digits to reach ${DIGITS_GOAL}`, TARGET_MS, async () => {
    const event = (await entries(page)).find((e) => e.embed === 'digits' && e.type === 'target-reached');
    return event?.detail ?? false;
  });
  if (reached.goal !== DIGITS_GOAL || !(reached.step > 0)) fail(`target-reached is ${JSON.stringify(reached)}`);
  await page.click('button[data-embed="digits"][data-command="pause"]');
  report.push(`target reached          ${JSON.stringify(reached)} after ${((Date.now() - started) / 1000).toFixed(1)} s`);
  const steps = (await entries(page)).filter((e) => e.type === 'step');
  for (const id of ['momentum', 'digits']) {
    const times = steps.filter((e) => e.embed === id).map((e) => e.time);
    const busiest = Math.max(0, ...times.map((t) => times.filter((u) => u >= t && u < t + 1000).length));
    if (busiest > MAX_STEP_EVENTS_PER_SECOND) fail(`${busiest} step events from ${id} arrived within one second`);
    report.push(`step events ${id.padEnd(12)}${times.length} in the log, at most ${busiest} in one second`);
  }

  await shot(page, 'embed.png', report);
  d.checkErrors();
}

/** Adds an iframe of `src` to the course page and returns its frame once loaded. */
async function addFrame(page, id, src) {
  await page.evaluate(
    ({ id, src }) =>
      new Promise((loaded) => {
        const iframe = document.createElement('iframe');
        iframe.id = id;
        iframe.width = '40';
        iframe.height = '20';
        iframe.addEventListener('load', () => loaded(), { once: true });
        iframe.src = src;
        document.body.append(iframe);
      }),
    { id, src },
  );
  const element = await page.$(`iframe#${id}`);
  const frame = await element?.contentFrame();
  if (!frame) fail(`the ${id} frame did not load`);
  return frame;
}

/**
 * The demo's event log (the entries that arrived at or after the page time `from`, in ms):
 * element id, type, arrival time and message of each. The log drops its oldest step and
 * metrics entries, so entries are told apart by time, not by position.
 */
async function entries(page, from = 0) {
  const all = await page.$$eval('#log li', (items) =>
    items.map((item) => ({
      embed: item.dataset.embed,
      type: item.dataset.type,
      time: Number(item.dataset.time),
      detail: JSON.parse(item.querySelector('code').textContent),
    })),
  );
  return all.filter((entry) => entry.time >= from);
}

/** The course page's clock (`performance.now()`), which stamps the log's entries. */
async function pageTime(page) {
  return page.evaluate(() => performance.now());
}

/** The step of the latest step or metrics event from `id` (-1 before any). */
async function latestStep(page, id) {
  const events = (await entries(page)).filter((e) => e.embed === id && (e.type === 'metrics' || e.type === 'step'));
  return events.length > 0 ? events[events.length - 1].detail.step : -1;
}

/** Waits until `id`'s latest step stays the same for a second, and returns it. */
async function settledStep(page, d, id) {
  let last = null;
  return d.waitFor(`${id}'s steps to stop`, BUTTON_MS, async () => {
    const step = await latestStep(page, id);
    const settled = step === last;
    last = step;
    if (!settled) await sleep(750);
    return settled ? step : false;
  });
}

runScript(NAME, 12 * 60_000, main);
