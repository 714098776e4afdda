// End-to-end: the playground's own views. The page opens on the preset gallery; every
// preset opens from its card, trains for a few seconds and its loss falls (a screenshot of
// each under target/e2e/), and the schedule preset's learning-rate chart falls; cnn-digits
// shows accuracy and learning-rate charts; the loss chart switches to a log scale (the
// link follows); the speed control steps slowly; and while the 2-D playground trains flat
// out for 10 s in the worker, a long-task observer sees no main-thread task over 50 ms
// (the metrics' and each chart's updates per second are reported, not asserted). Last, the language button turns the page into Chinese (screenshot
// target/e2e/ui-chinese.png).
// Usage: node tests/e2e/ui.mjs [dist-dir]   (exits non-zero on any failure)

import { join, resolve } from 'node:path';
import { ROOT, driver, fail, inPage, longTaskReport, recordLongTasks, runScript, sleep } from './harness.mjs';
import { BUTTON_MS, describe, session, setPlaying, trainUntilLossFalls } from './runs.mjs';

const NAME = 'e2e ui';
const DIST = resolve(process.argv[2] ?? join(ROOT, 'dist'));
const SHOTS = join(ROOT, 'target/e2e');
/** How long the playground trains while the long-task observer watches. */
const WATCH_MS = 10_000;
/** Each preset trains until its train loss is below this share of its first value. */
const PRESET_FALL_SHARE = 0.97;
/** A preset with a learning-rate schedule (cosine), whose rate chart must fall. */
const SCHEDULE_PRESET = 'cnn-shapes';
/** The canvases whose redraws the flat-out check counts (each sets data-draws per frame drawn). */
const CHARTS = ['#loss-chart', '#accuracy-chart', '#rate-chart'];


async function run(page, url, report) {
  const d = driver(page, 'page');
  const response = await page.goto(url);
  if (!response?.ok()) fail(`GET ${url} answered ${response?.status()}`);
  await d.waitFor('the preset gallery', BUTTON_MS, async () => (await page.$('#gallery')) !== null);
  const cards = await page.$$eval('button.card[data-preset]', (buttons) => buttons.map((b) => b.dataset.preset));
  if (cards.length < 16) fail(`the gallery shows ${cards.length} preset cards: ${cards.join(', ')}`);
  await page.screenshot({ path: join(SHOTS, 'ui-gallery.png'), fullPage: true });
  report.push(`gallery                 ${cards.length} preset cards, screenshot target/e2e/ui-gallery.png`);

  for (const name of cards) {
    if (!(await page.$('#gallery'))) await page.click('#show-gallery');
    await page.click(`button.card[data-preset="${name}"]`);
    await session(page, d, `preset:${name}`);
    const run = await trainUntilLossFalls(page, d, name, { share: PRESET_FALL_SHARE });
    await page.screenshot({ path: join(SHOTS, `preset-${name}.png`), fullPage: true });
    report.push(describe(`preset ${name}`, run));
    if (name === SCHEDULE_PRESET) report.push(await checkRateSchedule(page, d));
  }

  // The model views of an image classifier, and the drawing pad.
  await page.click('#show-gallery');
  await page.click('button.card[data-preset="cnn-digits"]');
  await session(page, d, 'preset:cnn-digits');
  await page.click('button#step');
  for (const id of ['#layer-stats', '#conv-filters', '#feature-maps', '#predictions', '#confusion', '#drawing-pad']) {
    await d.waitFor(`the ${id} view`, BUTTON_MS, async () => (await page.$(id)) !== null);
  }
  for (const id of ['#accuracy-chart', '#rate-chart']) {
    await d.waitFor(`the ${id} of cnn-digits with points`, BUTTON_MS, async () =>
      Number((await page.getAttribute(id, 'data-points').catch(() => null)) ?? 0) > 0,
    );
    const label = await page.getAttribute(id, 'aria-label');
    if ((await page.getAttribute(id, 'role')) !== 'img' || !label) fail(`${id} has no role="img" with an aria-label`);
  }
  report.push('charts                  cnn-digits shows accuracy and learning-rate charts');
  const pad = await page.$('#drawing-pad canvas');
  await pad.scrollIntoViewIfNeeded();
  const box = await pad.boundingBox();
  await page.mouse.move(box.x + box.width * 0.3, box.y + box.height * 0.2);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * 0.7, box.y + box.height * 0.2, { steps: 5 });
  await page.mouse.move(box.x + box.width * 0.4, box.y + box.height * 0.8, { steps: 5 });
  await page.mouse.up();
  const bars = await d.waitFor('class probabilities for the drawing', BUTTON_MS, async () => {
    const count = await page.$$eval('#drawing-pad meter', (meters) => meters.length);
    return count > 0 ? count : false;
  });
  await page.screenshot({ path: join(SHOTS, 'ui-views-cnn.png'), fullPage: true });
  report.push(`model views             cnn-digits: layers, filters, feature maps, predictions, confusion; drawing pad gave ${bars} class bars`);

  // A preset's training settings change while it plays, without a reset.
  await page.click('#show-gallery');
  await page.click('button.card[data-preset="momentum"]');
  await session(page, d, 'preset:momentum');
  await setPlaying(page, d, true);
  await d.waitFor('a few steps of momentum', BUTTON_MS, async () => (await d.value('#step-count')) > 50);
  const stepBefore = await d.value('#step-count');
  // Momentum is committed on Tab (its change event); a bad value would be refused and named.
  await page.fill('#momentum', '0.5');
  await page.press('#momentum', 'Tab');
  await d.waitFor('no error for momentum 0.5', BUTTON_MS, async () => (await page.$('#setting-error')) === null);
  await page.selectOption('select#learning-rate', '0.3');
  await page.selectOption('select#optimizer', 'adam');
  await page.fill('#batch-size', '16');
  // A reset would show step 0 again: the counter must only grow.
  for (let i = 0; i < 8; i += 1) {
    const step = await d.value('#step-count');
    if (step < stepBefore) fail(`the step went back from ${stepBefore} to ${step}: the change reset the run`);
    await sleep(125);
  }
  await d.waitFor('training to go on after the changes', BUTTON_MS, async () => (await d.value('#step-count')) > stepBefore + 50);
  await setPlaying(page, d, false);
  report.push(`live settings           momentum, learning rate, optimizer and batch size changed at step ${stepBefore}; training went on`);

  // The model builder on the last preset: its rows show, and the edited model trains as a new run.
  await page.click('#model-editor > summary');
  const rows = await page.$$eval('.builder-layer', (layers) => layers.length);
  if (rows === 0) fail('the model builder shows no layers');
  // The run has trained, so training the edit asks first; Keep training leaves the run, Restart replaces it.
  await page.click('#train-edited');
  const question = await d.waitFor('the question before the edit replaces the run', BUTTON_MS, async () =>
    d.text('#restart-dialog #restart-question'),
  );
  if (!/step \d+ is lost/.test(question)) fail(`the builder's question reads "${question}"`);
  await page.click('#restart-cancel');
  await d.waitFor('the question to close', BUTTON_MS, async () => (await page.$('#restart-dialog')) === null);
  await page.click('#train-edited');
  await d.waitFor('the question again', BUTTON_MS, async () => (await page.$('#restart-confirm')) !== null);
  await page.click('#restart-confirm');
  await session(page, d, 'link:run');
  report.push(`model builder           ${rows} layers shown; "Train this model" asked, then started a new run`);

  // The free playground from its card; slow motion takes about one step a second.
  await page.click('#show-gallery');
  await page.click('#open-playground');
  await session(page, d, 'playground');
  await d.waitFor('the neuron maps of the playground', BUTTON_MS, async () => (await page.$('#neurons')) !== null);
  await page.selectOption('select#speed', '4');
  const slowFrom = await d.value('#step-count');
  await setPlaying(page, d, true);
  await sleep(2000);
  await setPlaying(page, d, false);
  const slowSteps = (await d.value('#step-count')) - slowFrom;
  if (slowSteps < 2 || slowSteps > 16) fail(`at 4 steps/s, 2 s of play took ${slowSteps} steps`);
  report.push(`speed 4 steps/s         ${slowSteps} steps in 2 s of play`);

  // The loss chart's log scale: the canvas says so, and so does the link.
  await page.click('#log-scale');
  await d.waitFor('the loss chart on a log scale', BUTTON_MS, async () =>
    (await page.getAttribute('#loss-chart', 'data-scale')) === 'log',
  );
  await d.waitFor('scale=log in the address', BUTTON_MS, async () => (await page.evaluate(() => location.hash)).includes('scale=log'));
  const lossPoints = Number(await page.getAttribute('#loss-chart', 'data-points'));
  if (!(lossPoints > 0)) fail(`the loss chart has ${lossPoints} points after slow play`);
  report.push(`log scale               the loss chart (${lossPoints} points) switched to log; the link says scale=log`);

  // Flat out for WATCH_MS: the main thread only draws.
  await page.selectOption('select#speed', 'max');
  const before = await d.longTasksSoFar();
  const stepsBefore = await d.value('#step-count');
  const frames = await countFrames(page, async () => {
    await setPlaying(page, d, true);
    await sleep(WATCH_MS);
  });
  await setPlaying(page, d, false);
  const tasks = await d.longTasksSince(before);
  const steps = (await d.value('#step-count')) - stepsBefore;
  const perSecond = Object.entries(frames.charts)
    .map(([id, count]) => `${id} ${(count / frames.seconds).toFixed(1)}`)
    .join(', ');
  report.push(
    `10 s flat out           ${steps} steps, ${frames.fps.toFixed(0)} frames/s; updates/s: ${perSecond}; long tasks ${longTaskReport(tasks)}`,
  );
  if (tasks !== null && tasks.length > 0) fail(`main-thread tasks over 50 ms while training: ${longTaskReport(tasks)}`);

  await checkRestartDialog(page, d, report);
  await checkChinese(page, d, report);
}

/**
 * On the trained playground a new dataset asks first: "Keep training" keeps the step and
 * the set, "Restart" applies the set and starts again from step 0. Focus goes into the
 * dialog and back to the menu.
 */
async function checkRestartDialog(page, d, report) {
  const trained = await d.value('#step-count');
  if (!(trained > 0)) fail(`the playground should have trained before the dialog check (step ${trained})`);
  const before = await page.$eval('select#dataset', (select) => select.value);
  const other = before === 'xor' ? 'circle' : 'xor';
  const ask = async () => {
    // A learner's click focuses the menu; Playwright's selectOption alone does not.
    await page.focus('select#dataset');
    await page.selectOption('select#dataset', other);
    await d.waitFor('the restart dialog', BUTTON_MS, async () => (await page.$('#restart-dialog')) !== null);
    const question = (await d.text('#restart-question')) ?? '';
    if (!question.includes(`step ${trained}`)) fail(`the dialog does not name step ${trained}: ${question}`);
    const focused = await page.evaluate(() => document.activeElement?.id);
    if (focused !== 'restart-cancel') fail(`focus is on #${focused}, not in the dialog`);
  };
  await ask();
  await page.keyboard.press('Tab');
  if ((await page.evaluate(() => document.activeElement?.id)) !== 'restart-confirm') fail('Tab left the dialog');
  await page.click('#restart-cancel');
  await d.waitFor('the dialog to close', BUTTON_MS, async () => (await page.$('#restart-dialog')) === null);
  if ((await page.$eval('select#dataset', (select) => select.value)) !== before) fail('Keep training changed the set');
  if ((await d.value('#step-count')) !== trained) fail(`Keep training moved the step from ${trained}`);
  if ((await page.evaluate(() => document.activeElement?.id)) !== 'dataset') fail('focus did not return to the menu');
  await ask();
  await page.click('#restart-confirm');
  await d.waitFor('the run to restart on the new set', BUTTON_MS, async () => (await d.value('#step-count')) === 0);
  if ((await page.$eval('select#dataset', (select) => select.value)) !== other) fail('Restart did not apply the set');
  report.push(`restart dialog          at step ${trained}: Keep training kept it, Restart went back to step 0 on ${other}`);
}

/** Whether `text` holds a Chinese (CJK) character. */
const hasChinese = (text) => /[\u4e00-\u9fff]/.test(text ?? '');

/** The language button switches the paused playground, then the gallery, to Chinese. */
async function checkChinese(page, d, report) {
  await page.click('#language');
  await d.waitFor('button#play to read 训练', BUTTON_MS, async () =>
    ((await page.textContent('button#play')) ?? '').trim() === '训练',
  );
  const lang = await page.evaluate(() => document.documentElement.lang);
  if (lang !== 'zh') fail(`<html lang> is ${JSON.stringify(lang)} after switching to Chinese`);
  const labels = await page.$$eval('.controls label, .controls h2', (nodes) => nodes.map((n) => n.textContent.trim()));
  const english = labels.filter((text) => text !== '' && !/[\u4e00-\u9fff]/.test(text));
  if (english.length > 0) fail(`labels still in English after switching: ${english.join(' | ')}`);
  await page.screenshot({ path: join(SHOTS, 'ui-chinese.png'), fullPage: true });
  await page.click('#show-gallery');
  await d.waitFor('the gallery in Chinese', BUTTON_MS, async () => (await page.$('#gallery h2')) !== null);
  const headings = await page.$$eval('#gallery h2, #gallery h3', (nodes) => nodes.map((n) => n.textContent.trim()));
  const notChinese = headings.filter((text) => !hasChinese(text));
  if (headings.length === 0 || notChinese.length > 0) fail(`gallery headings not in Chinese: ${notChinese.join(' | ')}`);
  report.push(
    `中文                    ${labels.length} control labels and ${headings.length} gallery headings in Chinese, screenshot target/e2e/ui-chinese.png`,
  );
}

/** The rate chart of a paused preset with a decaying schedule shows the rate falling. */
async function checkRateSchedule(page, d) {
  const rates = await d.waitFor('the rate chart of the schedule preset', BUTTON_MS, async () => {
    const first = Number(await page.getAttribute('#rate-chart', 'data-first').catch(() => NaN));
    const last = Number(await page.getAttribute('#rate-chart', 'data-last').catch(() => NaN));
    return Number.isFinite(first) && Number.isFinite(last) ? { first, last } : false;
  });
  const step = await d.value('#step-count');
  if (!(rates.last < rates.first)) fail(`${SCHEDULE_PRESET}: the learning rate went ${rates.first} -> ${rates.last} by step ${step}`);
  return `rate chart              ${SCHEDULE_PRESET}: learning rate ${rates.first} -> ${rates.last} by step ${step}`;
}

/**
 * Runs `during` while counting animation frames, the metrics' updates (#train-loss's
 * data-value) and each chart's redraws (its data-draws) in the page.
 */
async function countFrames(page, during) {
  await page.evaluate((charts) => {
    window.__frames = 0;
    window.__charts = {};
    window.__chartObservers = [];
    const tick = () => {
      window.__frames += 1;
      if (window.__counting) requestAnimationFrame(tick);
    };
    window.__counting = true;
    requestAnimationFrame(tick);
    for (const [id, attribute] of [['#train-loss', 'data-value'], ...charts.map((chart) => [chart, 'data-draws'])]) {
      window.__charts[id] = 0;
      const node = document.querySelector(id);
      if (!node) continue;
      const observer = new MutationObserver(() => {
        window.__charts[id] += 1;
      });
      observer.observe(node, { attributes: true, attributeFilter: [attribute] });
      window.__chartObservers.push(observer);
    }
  }, CHARTS);
  const started = Date.now();
  await during();
  const seconds = (Date.now() - started) / 1000;
  const { frames, charts } = await page.evaluate(() => {
    window.__counting = false;
    for (const observer of window.__chartObservers) observer.disconnect();
    return { frames: window.__frames, charts: window.__charts };
  });
  return { fps: frames / seconds, charts, seconds };
}

runScript(NAME, 15 * 60_000, () => inPage(NAME, 'ui', DIST, { init: recordLongTasks }, run));
