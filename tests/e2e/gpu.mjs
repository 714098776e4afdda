// End-to-end: the page's backends. (a) With WebGPU (SwiftShader in headless Chromium),
// choose the GPU and train every example (the 2-D spiral and the five run specs) until
// its loss falls below where it started; (b) destroy the GPU device mid-run
// (?simulate-gpu-loss-at=STEP), and separately make an allocation fail for lack of GPU
// memory (?simulate-gpu-oom-at=STEP), and check training goes on on the CPU with a notice;
// (c) without WebGPU, choose the GPU and check the page says why and trains every example
// on the CPU instead.
// Timings are printed, never asserted.
// Usage: node tests/e2e/gpu.mjs [dist-dir]   (exits non-zero on any failure)

import { join, resolve } from 'node:path';
import { ROOT, driver, fail, inBrowser, longTaskReport, passed, recordLongTasks, runScript, serveDist } from './harness.mjs';

const NAME = 'e2e gpu';
const DIST = resolve(process.argv[2] ?? join(ROOT, 'dist'));
const EXAMPLES = ['playground', 'mlp', 'cnn', 'gru', 'lstm', 'transformer'];
// SwiftShader is slow and CI has two cores: generous limits, small step counts.
const BUILD_MS = 120_000;
const FALL_MS = 180_000;
const BUTTON_MS = 15_000;
const RATE_WINDOW_MS = 3_000;
/** Seconds to the fall under which an example counts as quick enough for a rate window. */
const QUICK_S = 5;
const LOSS_AT_STEP = 100;
/** The GPU faults part (b) forces: a URL option and what the fall-back notice must say. */
const FAULTS = [
  { name: 'device loss', option: 'simulate-gpu-loss-at', says: /lost/ },
  { name: 'out of memory', option: 'simulate-gpu-oom-at', says: /ran out of memory/ },
];
/** Steps the run must go on for on the CPU after the GPU is lost. */
const STEPS_AFTER_LOSS = 50;
const NO_ADAPTER = 'No WebGPU adapter in this browser: training on the CPU';

async function main() {
  const server = await serveDist(DIST);
  const url = `http://127.0.0.1:${server.address().port}/`;
  console.log(`${NAME}: serving ${DIST} at ${url}`);
  const reports = [];
  try {
    reports.push(...(await inBrowser(NAME, 'gpu', { args: ['--enable-unsafe-webgpu'] }, (context) => onWebGpu(context, url))));
    reports.push(...(await inBrowser(NAME, 'gpu', {}, (context) => withoutWebGpu(context, url))));
  } finally {
    server.close();
  }
  passed(NAME, reports);
}

async function open(context, url, label, options) {
  const page = await context.newPage();
  const d = driver(page, label, options);
  await page.addInitScript(recordLongTasks);
  const response = await page.goto(`${url}${url.includes('?') ? '&' : '?'}example=playground`);
  if (!response?.ok()) fail(`GET ${url} answered ${response?.status()}`);
  return { page, d };
}

/** The badge's device once the session of `example` is built and evaluated. */
async function builtSession(page, d, example, device, timeoutMs = BUILD_MS) {
  const device_ = device ? `[data-value="${device}"]` : '[data-value]';
  const badge = `#backend-badge[data-example="${example}"]${device_}`;
  return d.waitFor(`the ${example} session${device ? ` on the ${device}` : ''} and its first evaluation`, timeoutMs, async () => {
    if (!(await page.$(badge))) return false;
    const loss = await page.getAttribute('#train-loss', 'data-value', { timeout: 100 }).catch(() => null);
    return loss === null ? false : page.getAttribute('#backend-badge', 'data-value');
  });
}

async function setPlaying(page, d, playing) {
  const want = playing ? /pause/i : /play/i;
  if (want.test((await d.text('button#play')) ?? '')) return;
  await page.click('button#play');
  await d.waitFor(`button#play to read ${playing ? 'Pause' : 'Play'}`, BUTTON_MS, async () =>
    want.test((await d.text('button#play')) ?? ''),
  );
}

/** Trains the example shown until its train loss falls below where it started. */
async function trainUntilLossFalls(page, d, example) {
  const initial = await d.value('#train-loss');
  if (!(initial > 0)) fail(`${example}: initial train loss ${initial} is not positive`);
  const longTasksFrom = await d.longTasksSoFar();
  const started = Date.now();
  await setPlaying(page, d, true);
  const fallen = await d.waitFor(`${example}: train loss below its initial ${initial}`, FALL_MS, async () => {
    const loss = await d.value('#train-loss');
    return loss < initial ? loss : false;
  });
  const seconds = (Date.now() - started) / 1000;
  // The first steps compile the kernels, so where steps are quick the rate is taken over
  // a later window, between two evaluations RATE_WINDOW_MS apart; slow examples (CNN and
  // Transformer on SwiftShader take seconds per step) report the rate until the fall.
  let rate = null;
  if (seconds < QUICK_S) {
    const from = { step: await d.value('#step-count'), at: Date.now() };
    rate = await d.waitFor(`${example}: an evaluation ${RATE_WINDOW_MS / 1000} s later`, FALL_MS, async () => {
      const step = await d.value('#step-count');
      const ms = Date.now() - from.at;
      return ms >= RATE_WINDOW_MS && step > from.step ? ((step - from.step) * 1000) / ms : false;
    });
  }
  await setPlaying(page, d, false);
  const steps = await d.value('#step-count');
  const longTasks = await d.longTasksSince(longTasksFrom);
  const stepsPerSecond = rate ?? steps / seconds;
  return { initial, fallen, seconds, steps, stepsPerSecond, windowed: rate !== null, longTasks };
}

function describe(label, run) {
  return (
    `${label.padEnd(24)} loss ${run.initial.toFixed(4)} -> ${run.fallen.toFixed(4)} in ${run.seconds.toFixed(1)} s; ` +
    `${run.windowed ? 'then' : 'overall'} ${run.stepsPerSecond.toFixed(1)} steps/s (${run.steps} steps in all); ` +
    `long tasks ${longTaskReport(run.longTasks)}`
  );
}

/** Parts (a) and (b): Chromium with WebGPU on SwiftShader. */
async function onWebGpu(context, url) {
  const reports = [];
  const { page, d } = await open(context, url, 'webgpu');
  const autoDevice = await builtSession(page, d, 'playground', null);
  const autoBadge = (await d.text('#backend-badge'))?.trim();
  reports.push(`auto backend            ${autoDevice} ("${autoBadge}")`);

  await page.selectOption('select#backend', 'gpu');
  await builtSession(page, d, 'playground', 'gpu');
  const badge = (await d.text('#backend-badge'))?.trim() ?? '';
  if (!/^GPU/.test(badge)) fail(`the badge reads ${JSON.stringify(badge)} on the GPU`);
  if (await page.$('#notice')) fail(`a notice shows on a working GPU: ${await d.text('#notice')}`);
  reports.push(`gpu badge               "${badge}"`);

  for (const example of EXAMPLES) {
    const switched = Date.now();
    await page.selectOption('select#example', example);
    await builtSession(page, d, example, 'gpu');
    const buildSeconds = (Date.now() - switched) / 1000;
    const hidden = example !== 'playground';
    if (hidden !== !(await page.isVisible('canvas#boundary'))) {
      fail(`${example}: the boundary canvas is ${hidden ? 'shown' : 'hidden'}`);
    }
    if (hidden !== !(await page.isVisible('select#dataset'))) {
      fail(`${example}: the 2-D data controls are ${hidden ? 'shown' : 'hidden'}`);
    }
    const run = await trainUntilLossFalls(page, d, example);
    reports.push(`${describe(`gpu ${example}`, run)}, built and evaluated in ${buildSeconds.toFixed(1)} s`);
  }
  d.checkErrors();
  await page.close();

  for (const fault of FAULTS) reports.push(await gpuFault(context, url, fault));
  return reports;
}

/** Part (b): the device destroyed, or out of memory, mid-run; training must go on on the CPU. */
async function gpuFault(context, url, fault) {
  const faultUrl = `${url}?${fault.option}=${LOSS_AT_STEP}`;
  const { page, d } = await open(context, faultUrl, fault.name);
  await builtSession(page, d, 'playground', null);
  await page.selectOption('select#backend', 'gpu');
  await builtSession(page, d, 'playground', 'gpu');
  await setPlaying(page, d, true);
  const started = Date.now();
  const notice = await d.waitFor('the fall-back notice and the badge on the CPU', FALL_MS, async () => {
    const text = await d.text('#notice');
    const device = await page.getAttribute('#backend-badge', 'data-value', { timeout: 100 }).catch(() => null);
    return text && /CPU/.test(text) && device === 'cpu' ? text.trim() : false;
  });
  const fallbackSeconds = (Date.now() - started) / 1000;
  // Every evaluation on the GPU checkpoints the weights, the first one at step 0.
  const resumed = /continues on the CPU from step (\d+)/.exec(notice);
  if (!resumed) fail(`the notice does not say from which checkpoint training continues: ${notice}`);
  if (!fault.says.test(notice)) fail(`the ${fault.name} notice does not say ${fault.says}: ${notice}`);
  const stepAtFallback = await d.value('#step-count');
  const steps = await d.waitFor(`${STEPS_AFTER_LOSS} more steps on the CPU`, FALL_MS, async () => {
    const step = await d.value('#step-count');
    return step >= stepAtFallback + STEPS_AFTER_LOSS ? step : false;
  });
  if (!/pause/i.test((await d.text('button#play')) ?? '')) fail(`training stopped after the ${fault.name}`);
  const loss = await d.value('#train-loss');
  if (!Number.isFinite(loss)) fail(`train loss ${loss} after the fall-back`);
  const stillShown = await d.text('#notice');
  if (stillShown?.trim() !== notice) fail(`the fall-back notice changed or went away: ${stillShown}`);
  await setPlaying(page, d, false);
  d.checkErrors();
  await page.close();
  return (
    `${fault.name} at step ${LOSS_AT_STEP} fell back after ${fallbackSeconds.toFixed(1)} s to the checkpoint of step ` +
    `${resumed[1]}, at step ${stepAtFallback} when seen, ` +
    `trained on to step ${steps}, train loss ${loss.toFixed(4)}: "${notice}"`
  );
}

/**
 * Part (c): Chromium without WebGPU; choosing the GPU trains on the CPU with a notice,
 * the spiral and then every spec example.
 */
async function withoutWebGpu(context, url) {
  const reports = [];
  const { page, d } = await open(context, url, 'no webgpu');
  await builtSession(page, d, 'playground', 'cpu');
  await page.selectOption('select#backend', 'gpu');
  const notice = await d.waitFor('the no-adapter notice', BUTTON_MS, async () => {
    const text = await d.text('#notice');
    return text?.includes(NO_ADAPTER) ? text.trim() : false;
  });
  reports.push(`no webgpu, gpu chosen   notice "${notice}"`);
  for (const example of EXAMPLES) {
    await page.selectOption('select#example', example);
    await builtSession(page, d, example, 'cpu');
    if ((await page.getAttribute('#backend-badge', 'data-value')) !== 'cpu') fail(`${example}: the badge does not say cpu`);
    const run = await trainUntilLossFalls(page, d, example);
    if (!(await d.text('#notice'))?.includes(NO_ADAPTER)) fail(`${example}: the no-adapter notice went away`);
    reports.push(describe(`cpu ${example}`, run));
  }
  d.checkErrors();
  await page.close();
  return reports;
}

runScript(NAME, 15 * 60_000, main);
