// End-to-end: serve dist/, open the app in headless Chromium, train the default spiral
// preset until the test loss halves, check the canvases are drawn, save a screenshot;
// then make a run diverge and check it pauses with the last good weights put back.
// Usage: node tests/e2e/spiral.mjs [dist-dir]   (exits non-zero on any failure)

import { join, resolve } from 'node:path';
import { ROOT, driver, fail, inPage, longTaskReport, recordLongTasks, runScript } from './harness.mjs';

const DIST = resolve(process.argv[2] ?? join(ROOT, 'dist'));
const SCREENSHOT = join(ROOT, 'target/e2e/spiral.png');
const FIRST_EVAL_MS = 30_000;
const HALVE_MS = 90_000;
const BUTTON_MS = 10_000;
// A drawn canvas has more than this share of pixels unlike its most common (background) colour.
const MIN_DRAWN_SHARE = 0.01;

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

// No GPU: this script checks the CPU path; tests/e2e/gpu.mjs checks the WebGPU one.
const main = () => inPage('e2e spiral', 'spiral', DIST, {}, run);

async function run(page, url, report) {
  const { checkErrors, value, waitFor } = driver(page, 'page');

  await page.addInitScript(recordLongTasks);
  console.log(`e2e spiral: opening ${url} (serving ${DIST})`);
  const response = await page.goto(`${url}?example=playground`);
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

  report.push(`initial test loss     ${initialLoss.toFixed(4)}`);
  report.push(`test loss when halved ${halvedLoss.toFixed(4)}`);
  report.push(`final test loss       ${finalLoss.toFixed(4)}  (train loss ${trainLoss.toFixed(4)}, after pausing)`);
  report.push(`final test accuracy   ${accuracy.toFixed(3)}`);
  report.push(`seconds to halve      ${secondsToHalve.toFixed(1)}`);
  report.push(`steps done            ${steps}`);
  report.push(`long tasks training   ${longTaskReport(longTasks)}  (reported, not asserted)`);
  report.push(`diverged run          paused, test loss back at ${restoredLoss.toFixed(4)}: ${notice}`);
  report.push(`screenshot            ${SCREENSHOT}`);
}

runScript('e2e spiral', 240_000, main);
