// Soak: trains one preset (the Transformer by default) in headless Chromium for MINUTES
// and samples, once a minute, what the page and its training worker hold in memory:
//
// - the page's and the worker's JavaScript heap, after a forced garbage collection, through
//   the DevTools protocol (Runtime.getHeapUsage; the worker through the page's CDP session,
//   attached with Target.setAutoAttach): precise, and the only way to the worker's heap;
// - the page's and the worker's wasm memory and the worker's GPU buffer pool, from the
//   page's memory line (`#memory`, whose data-* attributes the worker's reports fill every
//   few seconds): wasm-bindgen keeps each wasm instance private to its module, and the GPU
//   pool lives inside the Rust, so the app measures them itself;
// - the page's DOM nodes and listeners (Memory.getDOMCounters), the step, the train loss,
//   and the page's long tasks (main-thread stalls over 200 ms are reported, not failed).
//
// It prints a per-minute table, writes a JSON report, and judges each figure with
// plateau.mjs (growth over the second half above 10 % of the first-minute figure and
// above a noise floor is a leak): it exits non-zero on a leak, a page error, a notice
// (divergence, a GPU fall-back) or training that stalls for a whole minute.
//
// Usage: node tests/e2e/soak.mjs MINUTES [--backend gpu|cpu] [--preset NAME | --example NAME] [--out FILE]
//        [--dist DIR]
// (`cargo xtask soak MINUTES` builds dist/ first when it is out of date). Not part of
// `cargo xtask test`: it takes as long as it is told to.

import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { BYTES_FLOOR, GROWTH_SHARE, MIB, MIN_MINUTES, judge } from './plateau.mjs';
import { ROOT, driver, fail, inBrowser, recordLongTasks, runScript, serveDist, sleep } from './harness.mjs';
import { BUILD_MS, setPlaying } from './runs.mjs';

const NAME = 'soak';
const MINUTE_MS = 60_000;
/** A main-thread task over this long is a stall worth reporting. */
const STALL_MS = 200;
/** DOM nodes that may come and go (charts, views) without counting as a leak. */
const NODES_FLOOR = 500;
/**
 * Minutes without a new evaluated step (`#step-count`) that count as a stall: evaluations
 * run on the whole data set and are paced by what they cost, so on a busy machine one
 * can take over a minute.
 */
const STALL_MINUTES = 5;
/** Time for the memory line to show the worker's first report once the GPU is chosen. */
const MEMORY_MS = 30_000;

function options(argv) {
  const args = { minutes: null, backend: 'cpu', run: 'preset=transformer-en', out: null, dist: join(ROOT, 'dist') };
  for (let i = 0; i < argv.length; i += 1) {
    const flag = argv[i];
    const value = () => argv[++i] ?? fail(`${flag} needs a value`);
    if (flag === '--backend') args.backend = value();
    else if (flag === '--preset') args.run = `preset=${encodeURIComponent(value())}`;
    else if (flag === '--example') args.run = `example=${encodeURIComponent(value())}`;
    else if (flag === '--out') args.out = resolve(value());
    else if (flag === '--dist') args.dist = resolve(value());
    else if (args.minutes === null && /^\d+$/.test(flag)) args.minutes = Number(flag);
    else fail(`unknown argument ${JSON.stringify(flag)}`);
  }
  if (args.minutes === null || args.minutes < MIN_MINUTES) fail(`give the minutes to train, at least ${MIN_MINUTES}`);
  if (!['gpu', 'cpu'].includes(args.backend)) fail(`--backend is gpu or cpu, not ${args.backend}`);
  args.out ??= join(process.env.CARGO_TARGET_DIR ?? join(ROOT, 'target'), 'soak', 'report.json');
  return args;
}

/**
 * The DevTools protocol on the page and on its worker. The worker is reached through the
 * page's session (Target.setAutoAttach without flattening; messages go through
 * Target.sendMessageToTarget), since Playwright opens CDP sessions on pages only.
 */
async function devtools(context, page) {
  const cdp = await context.newCDPSession(page);
  const workers = [];
  const waiting = new Map();
  let next = 1;
  cdp.on('Target.attachedToTarget', ({ sessionId, targetInfo }) => {
    if (targetInfo.type === 'worker') workers.push(sessionId);
  });
  cdp.on('Target.receivedMessageFromTarget', ({ message }) => {
    const answer = JSON.parse(message);
    waiting.get(answer.id)?.(answer);
    waiting.delete(answer.id);
  });
  await cdp.send('Target.setAutoAttach', { autoAttach: true, waitForDebuggerOnStart: false, flatten: false });
  const inWorker = async (method, params = {}) => {
    const sessionId = workers.at(-1) ?? fail('the training worker has no DevTools session');
    const id = next++;
    const answered = new Promise((done) => waiting.set(id, done));
    await cdp.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id, method, params }) });
    const answer = await Promise.race([answered, sleep(30_000).then(() => null)]);
    if (!answer) fail(`the worker did not answer ${method} within 30 s`);
    if (answer.error) fail(`the worker refused ${method}: ${answer.error.message}`);
    return answer.result;
  };
  return { page: (method, params) => cdp.send(method, params), worker: inWorker, workers };
}

/** One minute's figures (bytes unless named otherwise). */
async function sample(page, d, tools, minute, longTasksFrom) {
  d.checkErrors();
  const notice = await d.text('#notice');
  if (notice) fail(`training stopped or moved at minute ${minute}: ${notice.trim()}`);
  // Retained memory, not garbage that is yet to be collected.
  await tools.page('HeapProfiler.collectGarbage');
  await tools.worker('HeapProfiler.collectGarbage');
  const pageHeap = await tools.page('Runtime.getHeapUsage');
  const workerHeap = await tools.worker('Runtime.getHeapUsage');
  const dom = await tools.page('Memory.getDOMCounters');
  const line = await page.$eval('#memory', (element) => ({ ...element.dataset, text: element.textContent.trim() }));
  const number = (text) => (text === undefined || text === '' ? null : Number(text));
  const tasks = (await d.longTasksSince(longTasksFrom)) ?? [];
  const gpuLive = number(line.gpuLive);
  const gpuPooled = number(line.gpuPooled);
  return {
    minute,
    step: await d.value('#step-count'),
    trainLoss: await d.value('#train-loss').catch(() => null),
    pageJs: pageHeap.usedSize,
    workerJs: workerHeap.usedSize,
    pageWasm: number(line.pageWasm),
    workerWasm: number(line.workerWasm),
    gpuLive,
    gpuPooled,
    gpuHeld: gpuLive === null ? null : gpuLive + (gpuPooled ?? 0),
    gpuBuffers: number(line.gpuBuffers),
    domNodes: dom.nodes,
    listeners: dom.jsEventListeners,
    longTasks: tasks.length,
    stalls: tasks.filter((ms) => ms > STALL_MS).length,
    longestTaskMs: Math.round(Math.max(0, ...tasks)),
    memoryLine: line.text,
  };
}

/** The figures judged for a plateau: [key, label, options of `judge`]. */
const JUDGED = [
  ['pageJs', 'page JS heap', {}],
  ['workerJs', 'worker JS heap', {}],
  ['pageWasm', 'page wasm memory', {}],
  ['workerWasm', 'worker wasm memory', {}],
  ['gpuHeld', 'GPU pool (live + free)', {}],
  ['domNodes', 'page DOM nodes', { floor: NODES_FLOOR }],
];

const mib = (bytes) => (bytes === null || bytes === undefined ? '—' : (bytes / MIB).toFixed(1));

function table(samples) {
  const header = [
    'min', 'step', 'loss', 'page JS', 'worker JS', 'page wasm', 'worker wasm', 'GPU live', 'GPU free', 'buffers',
    'DOM nodes', `>${STALL_MS}ms`, 'longest',
  ];
  const rows = samples.map((s) => [
    s.minute, s.step, s.trainLoss === null ? '—' : s.trainLoss.toFixed(3), mib(s.pageJs), mib(s.workerJs),
    mib(s.pageWasm), mib(s.workerWasm), mib(s.gpuLive), mib(s.gpuPooled), s.gpuBuffers ?? '—', s.domNodes,
    s.stalls, `${s.longestTaskMs} ms`,
  ]);
  const widths = header.map((title, i) => Math.max(title.length, ...rows.map((row) => String(row[i]).length)));
  const format = (row) => row.map((cell, i) => String(cell).padStart(widths[i])).join('  ');
  return ['(memory in MiB)', format(header), ...rows.map(format)];
}

function verdicts(samples) {
  return JUDGED.map(([key, label, settings]) => {
    const result = judge(samples.map((s) => s[key]), settings);
    const unit = key === 'domNodes' ? (n) => `${Math.round(n)} nodes` : (n) => `${mib(n)} MiB`;
    const said =
      result.growth === null
        ? result.verdict
        : `${result.verdict}: ${unit(result.growth)} over the second half (${(100 * (result.share ?? 0)).toFixed(1)} % ` +
          `of ${unit(result.baseline)} at minute 1; limit ${unit(result.limit)}), ${unit(result.perHour)}/h`;
    return { key, label, ...result, said };
  });
}

async function writeReport(args, json) {
  await mkdir(dirname(args.out), { recursive: true });
  await writeFile(args.out, `${JSON.stringify(json, null, 2)}\n`);
}

async function main() {
  const args = options(process.argv.slice(2));
  const server = await serveDist(args.dist);
  const url = `http://127.0.0.1:${server.address().port}/`;
  console.log(`${NAME}: ${args.run} on the ${args.backend} for ${args.minutes} min, serving ${args.dist}`);
  const browserArgs = args.backend === 'gpu' ? ['--enable-unsafe-webgpu'] : ['--disable-gpu'];
  const samples = [];
  let report;
  try {
    report = await inBrowser(NAME, 'soak', { args: browserArgs, init: recordLongTasks }, async (context, page) => {
      const d = driver(page, 'page');
      // The backend comes in the link, so no session is built on another engine first.
      const response = await page.goto(`${url}?${args.run}#backend=${args.backend}`);
      if (!response?.ok()) fail(`GET ${url} answered ${response?.status()}`);
      const [kind, name] = args.run.split('=');
      const key = kind === 'preset' ? `preset:${decodeURIComponent(name)}` : decodeURIComponent(name);
      await d.waitFor(`the ${key} run on the ${args.backend} and its first evaluation`, 4 * BUILD_MS, async () => {
        if (!(await page.$(`#backend-badge[data-example="${key}"][data-value="${args.backend}"]`))) return false;
        return (await page.getAttribute('#train-loss', 'data-value', { timeout: 100 }).catch(() => null)) !== null;
      });
      const badge = (await d.text('#backend-badge'))?.trim();
      const tools = await devtools(context, page);
      await d.waitFor('the memory line with the worker figures', MEMORY_MS, async () => {
        const gpu = await page.getAttribute('#memory', 'data-gpu-live', { timeout: 100 }).catch(() => null);
        return (await page.$('#memory')) && (args.backend === 'cpu' || gpu !== null) && tools.workers.length > 0;
      });

      await setPlaying(page, d, true);
      const started = Date.now();
      let longTasksFrom = await d.longTasksSoFar();
      for (let minute = 0; minute <= args.minutes; minute += 1) {
        await sleep(Math.max(0, started + minute * MINUTE_MS - Date.now()));
        const taken = await sample(page, d, tools, minute, longTasksFrom);
        longTasksFrom = await d.longTasksSoFar();
        samples.push(taken);
        console.log(
          `  minute ${String(minute).padStart(3)}: step ${taken.step}, ${taken.memoryLine}; JS page ` +
            `${mib(taken.pageJs)} MiB, worker ${mib(taken.workerJs)} MiB; stalls ${taken.stalls}`,
        );
        const stalledSince = samples.at(-1 - STALL_MINUTES);
        if (stalledSince && taken.step <= stalledSince.step) {
          fail(`training stalled: no new evaluated step from minute ${stalledSince.minute} to ${minute}`);
        }
        if (!/pause/i.test((await d.text('button#play')) ?? '')) fail(`training stopped playing by minute ${minute}`);
      }
      await setPlaying(page, d, false);
      const shot = join(dirname(args.out), 'soak.png');
      await mkdir(dirname(shot), { recursive: true });
      await page.screenshot({ path: shot, fullPage: true });
      return { badge, screenshot: shot };
    });
  } catch (error) {
    // The figures up to the failure are worth keeping.
    await writeReport(args, { failed: error.message, samples, verdicts: verdicts(samples) });
    console.error(`${NAME}: the figures so far are in ${args.out}`);
    for (const line of table(samples)) console.log(`  ${line}`);
    throw error;
  } finally {
    server.close();
  }

  const judged = verdicts(samples);
  const stalls = samples.reduce((sum, s) => sum + s.stalls, 0);
  const longest = Math.max(0, ...samples.map((s) => s.longestTaskMs));
  const leaks = judged.filter((j) => j.verdict === 'grows');
  const json = {
    run: args.run,
    backend: args.backend,
    engine: report.badge,
    minutes: args.minutes,
    finished: new Date().toISOString(),
    rule: {
      growthShare: GROWTH_SHARE,
      bytesFloor: BYTES_FLOOR,
      nodesFloor: NODES_FLOOR,
      text: 'the least-squares rise over the second half of the run, above both the share of the minute-1 figure and the floor, is a leak',
    },
    samples,
    verdicts: judged,
    responsiveness: { stallThresholdMs: STALL_MS, stalls, longestTaskMs: longest },
    leaks: leaks.map((j) => j.label),
  };
  await writeReport(args, json);

  console.log(`\n${NAME}: ${args.run} on ${report.badge}, ${args.minutes} min, ${samples.at(-1).step} steps`);
  for (const line of table(samples)) console.log(`  ${line}`);
  console.log('');
  for (const j of judged) console.log(`  ${j.label.padEnd(24)} ${j.said}`);
  console.log(`  ${'main thread'.padEnd(24)} ${stalls} tasks over ${STALL_MS} ms (longest ${longest} ms) — reported, not judged`);
  console.log(`  report ${args.out}, screenshot ${report.screenshot}`);
  if (leaks.length > 0) fail(`memory kept growing: ${leaks.map((j) => j.label).join(', ')} (see the table)`);
  console.log(`${NAME}: passed`);
}

const minutesAsked = Number(process.argv.slice(2).find((arg) => /^\d+$/.test(arg)) ?? 0);
runScript(NAME, (minutesAsked + 15) * MINUTE_MS, main);
