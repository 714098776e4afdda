// End-to-end: serve dist/, open the app in headless Chromium, train the default spiral
// preset until the test loss halves, check the canvases are drawn, save a screenshot;
// then make a run diverge and check it pauses with the last good weights put back.
// Usage: node tests/e2e/spiral.mjs [dist-dir]   (exits non-zero on any failure)

import { chromium } from 'playwright-core';
import { createServer } from 'node:http';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const DIST = resolve(process.argv[2] ?? join(ROOT, 'dist'));
const SCREENSHOT = join(ROOT, 'target/e2e/spiral.png');
const CHROMIUM = '/usr/bin/chromium';
// The network flags keep Chromium from calling home: on a closed network that floods the log.
const CHROMIUM_ARGS = [
  '--headless=new',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-quic',
  '--no-first-run',
  '--disable-sync',
];
const FIRST_EVAL_MS = 30_000;
const HALVE_MS = 90_000;
const POLL_MS = 250;
const BUTTON_MS = 10_000;
// A drawn canvas has more than this share of pixels unlike its most common (background) colour.
const MIN_DRAWN_SHARE = 0.01;
const CONTENT_TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

class Failure extends Error {}
const fail = (message) => {
  throw new Failure(message);
};
const sleep = (ms) => new Promise((done) => setTimeout(done, ms));

/** Serves `DIST` on 127.0.0.1 at an ephemeral port; resolves to the server. */
function serveDist() {
  const server = createServer(async (request, response) => {
    const path = decodeURIComponent(new URL(request.url, 'http://x').pathname);
    const file = normalize(join(DIST, path.endsWith('/') ? `${path}index.html` : path));
    if (!file.startsWith(DIST + sep)) {
      response.writeHead(403).end();
      return;
    }
    try {
      const body = await readFile(file);
      const type = CONTENT_TYPES[extname(file)] ?? 'application/octet-stream';
      response.writeHead(200, { 'content-type': type, 'cache-control': 'no-store' }).end(body);
    } catch {
      // No favicon is shipped; a 404 for it would show up as a console error.
      response.writeHead(path === '/favicon.ico' ? 204 : 404).end();
    }
  });
  return new Promise((ready, error) => {
    server.once('error', error);
    server.listen(0, '127.0.0.1', () => ready(server));
  });
}

/** Installed before any page script: records long tasks so we can report main-thread stalls. */
function recordLongTasks() {
  window.__longTasks = [];
  try {
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) window.__longTasks.push(entry.duration);
    }).observe({ type: 'longtask', buffered: true });
  } catch {
    window.__longTasks = null;
  }
}

/** Reads canvas `id` (2d or WebGL) via a 2d copy: its drawn share and a pixel sample. */
function canvasPixels(id) {
  const source = document.getElementById(id);
  if (!(source instanceof HTMLCanvasElement)) return { missing: true };
  const { width, height } = source;
  if (width === 0 || height === 0) return { width, height, drawn: 0, sample: [] };
  const copy = document.createElement('canvas');
  copy.width = width;
  copy.height = height;
  const context = copy.getContext('2d');
  context.drawImage(source, 0, 0);
  const pixels = new Uint32Array(context.getImageData(0, 0, width, height).data.buffer);
  const counts = new Map();
  let background = 0;
  for (const pixel of pixels) {
    const count = (counts.get(pixel) ?? 0) + 1;
    counts.set(pixel, count);
    if (count > background) background = count;
  }
  // A sample keeps the round trip small for large canvases and still sees any real redraw.
  const stride = Math.max(1, Math.floor(pixels.length / 65536));
  const sample = [];
  for (let i = 0; i < pixels.length; i += stride) sample.push(pixels[i]);
  return { width, height, drawn: 1 - background / pixels.length, sample };
}

function changedShare(before, after) {
  if (before.width !== after.width || before.height !== after.height) return 1;
  let changed = 0;
  for (let i = 0; i < after.sample.length; i++) changed += before.sample[i] !== after.sample[i];
  return after.sample.length === 0 ? 0 : changed / after.sample.length;
}

async function main() {
  await rm(SCREENSHOT.replace(/\.png$/, '-failure.png'), { force: true });
  await readFile(join(DIST, 'index.html')).catch(() =>
    fail(`${DIST}/index.html is missing: build the app first (trunk build --release)`),
  );
  const server = await serveDist();
  const url = `http://127.0.0.1:${server.address().port}/`;
  const userDataDir = await mkdtemp(join(tmpdir(), 'nnplay-e2e-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1280, height: 900 },
  });
  const cleanup = async () => {
    await context.close().catch(() => {});
    server.close();
    await rm(userDataDir, { recursive: true, force: true });
  };
  const page = context.pages()[0] ?? (await context.newPage());
  try {
    await run(page, url);
  } catch (error) {
    await mkdir(dirname(SCREENSHOT), { recursive: true });
    const shot = SCREENSHOT.replace(/\.png$/, '-failure.png');
    if (await page.screenshot({ path: shot, fullPage: true }).catch(() => null)) {
      console.error(`e2e spiral: screenshot of the failure: ${shot}`);
    }
    throw error;
  } finally {
    await cleanup();
  }
}

async function run(page, url) {
  const pageErrors = [];
  page.on('pageerror', (error) => pageErrors.push(`page error: ${error.message}`));
  page.on('crash', () => pageErrors.push('page crashed'));
  page.on('console', (message) => {
    if (message.type() === 'error') pageErrors.push(`console.error: ${message.text()}`);
    if (message.type() === 'error' || message.type() === 'warning') {
      console.log(`  [page ${message.type()}] ${message.text()}`);
    }
  });
  const checkErrors = () => {
    if (pageErrors.length > 0) fail(`the page reported errors:\n  ${pageErrors.join('\n  ')}`);
  };
  const value = async (selector) => {
    const text = await page.getAttribute(selector, 'data-value', { timeout: 1000 });
    const number = Number.parseFloat(text ?? '');
    if (!Number.isFinite(number)) fail(`${selector} has data-value=${JSON.stringify(text)}, not a number`);
    return number;
  };
  const waitFor = async (what, timeoutMs, test) => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      checkErrors();
      const result = await test();
      if (result !== false && result !== undefined) return result;
      if (Date.now() > deadline) fail(`timed out after ${timeoutMs / 1000} s waiting for ${what}`);
      await sleep(POLL_MS);
    }
  };

  await page.addInitScript(recordLongTasks);
  console.log(`e2e spiral: opening ${url} (serving ${DIST})`);
  const response = await page.goto(url);
  if (!response?.ok()) fail(`GET ${url} answered ${response?.status()}`);

  await page
    .waitForSelector('#test-loss[data-value]', { state: 'attached', timeout: FIRST_EVAL_MS })
    .catch(() => fail(`#test-loss[data-value] did not appear within ${FIRST_EVAL_MS / 1000} s`));
  checkErrors();
  for (const id of ['play', 'step', 'reset']) {
    if (!(await page.$(`button#${id}`))) fail(`button#${id} is missing`);
  }
  const initialLoss = await value('#test-loss');
  if (!(initialLoss > 0)) fail(`initial test loss ${initialLoss} is not positive`);
  const before = {
    chart: await page.evaluate(canvasPixels, 'loss-chart'),
    boundary: await page.evaluate(canvasPixels, 'boundary'),
  };

  const playText = (await page.textContent('button#play'))?.trim();
  if (!/play/i.test(playText ?? '')) fail(`button#play reads ${JSON.stringify(playText)}, expected Play`);
  const longTasksBefore = await page.evaluate(() => window.__longTasks?.length ?? 0);
  await page.click('button#play');
  const started = Date.now();
  await waitFor('button#play to read Pause', BUTTON_MS, async () =>
    /pause/i.test((await page.textContent('button#play')) ?? ''),
  );
  const halvedLoss = await waitFor(`test loss <= ${initialLoss / 2} (half of ${initialLoss})`, HALVE_MS, async () => {
    const loss = await value('#test-loss');
    return loss <= initialLoss / 2 ? loss : false;
  });
  const secondsToHalve = (Date.now() - started) / 1000;
  const longTasks = await page.evaluate((from) => window.__longTasks?.slice(from) ?? null, longTasksBefore);

  await page.click('button#play');
  await waitFor('button#play to read Play again after pausing', BUTTON_MS, async () =>
    /play/i.test((await page.textContent('button#play')) ?? ''),
  );

  for (const [name, id] of [['chart', 'loss-chart'], ['boundary', 'boundary']]) {
    const after = await page.evaluate(canvasPixels, id);
    if (after.missing || before[name].missing) fail(`canvas#${id} is missing`);
    const drawn = after.drawn;
    const changed = changedShare(before[name], after);
    console.log(
      `  canvas#${id}: ${after.width}x${after.height}, ${(drawn * 100).toFixed(1)}% drawn, ` +
        `${(changed * 100).toFixed(1)}% changed by training`,
    );
    if (drawn <= MIN_DRAWN_SHARE) fail(`canvas#${id} looks blank (${(drawn * 100).toFixed(2)}% drawn)`);
    if (changed === 0) fail(`canvas#${id} did not change while training`);
  }

  const finalLoss = await value('#test-loss');
  const trainLoss = await value('#train-loss');
  const accuracy = await value('#test-accuracy');
  if (accuracy < 0 || accuracy > 1) fail(`#test-accuracy ${accuracy} is outside [0, 1]`);
  const steps = await value('#step-count');
  if (!(steps > 0)) fail(`#step-count is ${steps} after training`);

  await mkdir(dirname(SCREENSHOT), { recursive: true });
  await page.screenshot({ path: SCREENSHOT, fullPage: true });

  await page.click('button#step');
  await waitFor('#step-count to grow after clicking Step', BUTTON_MS, async () => (await value('#step-count')) > steps);
  await page.click('button#reset');
  await waitFor('#step-count to return to 0 after clicking Reset', BUTTON_MS, async () => (await value('#step-count')) === 0);
  checkErrors();

  // Plain SGD at learning rate 10 on the regression plane blows up within a few steps.
  await page.selectOption('select#dataset', 'plane');
  await page.selectOption('select#activation', 'relu');
  await page.selectOption('select#optimizer', 'sgd');
  await page.selectOption('select#learning-rate', '10');
  await page.click('button#play');
  const notice = await waitFor('the divergence notice', HALVE_MS, async () => {
    const text = await page.textContent('#notice', { timeout: 100 }).catch(() => null);
    return text && /diverged/.test(text) ? text : false;
  });
  if (!/were put back/.test(notice)) fail(`the notice does not say the weights were put back: ${notice}`);
  await waitFor('button#play to read Play after diverging', BUTTON_MS, async () =>
    /play/i.test((await page.textContent('button#play')) ?? ''),
  );
  const restoredLoss = await value('#test-loss');
  checkErrors();

  const longTaskReport =
    longTasks === null
      ? 'not supported by this browser'
      : `${longTasks.length} (max ${Math.max(0, ...longTasks).toFixed(0)} ms)`;
  console.log('e2e spiral: passed');
  console.log(`  initial test loss     ${initialLoss.toFixed(4)}`);
  console.log(`  test loss when halved ${halvedLoss.toFixed(4)}`);
  console.log(`  final test loss       ${finalLoss.toFixed(4)}  (train loss ${trainLoss.toFixed(4)}, after pausing)`);
  console.log(`  final test accuracy   ${accuracy.toFixed(3)}`);
  console.log(`  seconds to halve      ${secondsToHalve.toFixed(1)}`);
  console.log(`  steps done            ${steps}`);
  console.log(`  long tasks training   ${longTaskReport}  (reported, not asserted)`);
  console.log(`  diverged run          paused, test loss back at ${restoredLoss.toFixed(4)}: ${notice}`);
  console.log(`  screenshot            ${SCREENSHOT}`);
}

// A hung browser must not hang CI.
const watchdog = setTimeout(() => {
  console.error('e2e spiral: FAILED: gave up after 4 minutes');
  process.exit(1);
}, 240_000);
watchdog.unref();

main().then(
  () => process.exit(0),
  (error) => {
    console.error(`e2e spiral: FAILED: ${error instanceof Failure ? error.message : error.stack}`);
    process.exit(1);
  },
);
