// End-to-end: the optimizer race. Opens ?preset=optimizer-race, starts "Race the
// variants" (which pauses the normal run), checks that every lane's training loss falls
// and that the loss-surface map draws a grid with every lane's path, pauses the race,
// checks the Chinese labels, and saves target/e2e/race.png.
// Usage: node tests/e2e/race.mjs [dist-dir]   (exits non-zero on any failure)

import { join, resolve } from 'node:path';
import { ROOT, fail, driver, inPage, runScript } from './harness.mjs';
import { BUTTON_MS, FALL_MS, session, setPlaying } from './runs.mjs';

const NAME = 'e2e race';
const DIST = resolve(process.argv[2] ?? join(ROOT, 'dist'));
const PRESET = 'optimizer-race';
const LANES = ['SGD', 'momentum', 'RMSProp', 'Adam'];
/** Every lane must end below this share of its first measured loss. */
const FALL_SHARE = 0.9;

/** Each lane's numbers from the list under the race's buttons. */
const lanes = (page) =>
  page.$$eval('#race-lanes li', (items) =>
    items.map((li) => ({
      label: li.dataset.lane,
      first: Number.parseFloat(li.dataset.firstLoss ?? ''),
      last: Number.parseFloat(li.dataset.lastLoss ?? ''),
      points: Number.parseInt(li.dataset.points ?? '0', 10),
    })),
  );

/** The map's numbers (null until it is drawn). */
const map = (page) =>
  page.$eval('#race-surface', (canvas) => ({ ...canvas.dataset })).catch(() => null);

async function run(page, url, report) {
  const d = driver(page, 'page');
  const response = await page.goto(`${url}?preset=${PRESET}`);
  if (!response?.ok()) fail(`GET ${url} answered ${response?.status()}`);
  await session(page, d, `preset:${PRESET}`);
  // The normal run plays, then the race takes over and pauses it.
  await setPlaying(page, d, true);
  await page.waitForSelector('#race-panel', { timeout: BUTTON_MS });
  const button = (await d.text('#race-toggle'))?.trim();
  if (button !== 'Race the variants') fail(`#race-toggle reads "${button}"`);
  const started = Date.now();
  await page.click('#race-toggle');
  await d.waitFor('the normal run to pause when the race starts', BUTTON_MS, async () =>
    /play/i.test((await d.text('button#play')) ?? ''),
  );
  await d.waitFor('the race to play', BUTTON_MS, async () =>
    (await page.getAttribute('#race-panel', 'data-running')) === 'true',
  );

  const fallen = await d.waitFor(`every lane's loss below ${FALL_SHARE} of its start`, FALL_MS, async () => {
    const now = await lanes(page);
    if (now.length !== LANES.length) return false;
    const done = now.every((l) => l.points >= 3 && l.last < l.first * FALL_SHARE);
    return done ? now : false;
  });
  const labels = fallen.map((l) => l.label);
  if (labels.join() !== LANES.join()) fail(`lanes ${labels.join(', ')}; expected ${LANES.join(', ')}`);
  for (const lane of fallen) {
    report.push(`${lane.label.padEnd(9)} loss ${lane.first.toFixed(4)} -> ${lane.last.toFixed(4)} (${lane.points} points)`);
  }

  // The map: a 21×21 grid, every lane's path, losses that are numbers.
  const drawn = await d.waitFor('the loss-surface map with every path', BUTTON_MS * 2, async () => {
    const m = await map(page);
    return m && Number(m.paths) === LANES.length && Number(m.pathPoints) > 2 * LANES.length ? m : false;
  });
  const [size, low, high, origin, explained] = ['size', 'minLoss', 'maxLoss', 'originLoss', 'explained'].map((k) =>
    Number.parseFloat(drawn[k]),
  );
  if (size !== 21) fail(`the map's grid is ${drawn.size} a side, not 21`);
  if (!(low > 0 && low < high)) fail(`map losses ${low}..${high}`);
  if (!(origin >= low && origin <= high)) fail(`the start's loss ${origin} is outside ${low}..${high}`);
  if (!(explained > 0 && explained <= 1)) fail(`explained share ${explained}`);
  // The canvas holds more than one colour: the heat map and the paths were painted.
  const colours = await page.$eval('#race-surface', (canvas) => {
    const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
    const seen = new Set();
    for (let i = 0; i < data.length; i += 4 * 97) seen.add(`${data[i]},${data[i + 1]},${data[i + 2]}`);
    return seen.size;
  });
  if (colours < 20) fail(`the map shows only ${colours} colours`);
  report.push(
    `map      21x21 at step ${drawn.step}, loss ${low.toFixed(3)}..${high.toFixed(3)}, start ${origin.toFixed(3)}, ` +
      `${(explained * 100).toFixed(0)} % of the movement in the plane, ${drawn.pathPoints} path points`,
  );

  // Pausing stops the steps.
  await page.click('#race-toggle');
  await d.waitFor('the race to pause', BUTTON_MS, async () =>
    (await page.getAttribute('#race-panel', 'data-running')) === 'false',
  );
  let last = null;
  await d.waitFor('the race step to settle after pausing', BUTTON_MS, async () => {
    const step = await page.getAttribute('#race-panel', 'data-step');
    const settled = step === last;
    last = step;
    return settled;
  });
  report.push(`race     ${last} steps per lane in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  await page.locator('#race-panel').scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(ROOT, 'target/e2e/race.png'), fullPage: true });

  // Chinese labels.
  await page.click('#language');
  await d.waitFor('the race panel in Chinese', BUTTON_MS, async () =>
    ((await d.text('#race-title')) ?? '').includes('优化器赛跑') &&
    ((await d.text('#race-toggle')) ?? '').includes('继续赛跑'),
  );
}

runScript(NAME, 6 * 60_000, () => inPage(NAME, 'race', DIST, {}, run));
