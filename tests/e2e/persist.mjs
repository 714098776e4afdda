// End-to-end: the current run survives a reload. Opens ?preset=cnn-digits, trains it for
// about 3 s and pauses, waits past the 5 s autosave, reloads, and checks the page offers
// to resume the run from the step it was paused at; Resume loads it and the step counter
// continues from there. Then the resumed run's own autosave is offered on the next reload,
// Dismiss forgets it, and a further reload offers nothing.
// Usage: node tests/e2e/persist.mjs [dist-dir]   (exits non-zero on any failure)

import { join, resolve } from 'node:path';
import { ROOT, driver, fail, inPage, runScript, shot, sleep } from './harness.mjs';
import { BUILD_MS, BUTTON_MS, session, setPlaying } from './runs.mjs';

const NAME = 'e2e persist';
const DIST = resolve(process.argv[2] ?? join(ROOT, 'dist'));
const PRESET = 'cnn-digits';
/** How long the run trains before the reload. */
const TRAIN_MS = 3_000;
/** Longer than the page's 5 s autosave period, so at least one autosave follows the pause. */
const AUTOSAVE_WAIT_MS = 6_500;

// launch() gives each run a persistent profile, so IndexedDB outlives the reloads.
const main = () => inPage(NAME, 'persist', DIST, {}, run);

async function run(page, url, report) {
  const d = driver(page, 'page');
  const response = await page.goto(`${url}?preset=${PRESET}`);
  if (!response?.ok()) fail(`GET ${url} answered ${response?.status()}`);
  await session(page, d, `preset:${PRESET}`);
  if (await page.$('#resume-offer')) fail('a fresh profile offers a run to resume');

  // Train a little, pause, and give the autosave time to store the paused step.
  await setPlaying(page, d, true);
  await sleep(TRAIN_MS);
  await setPlaying(page, d, false);
  const trained = await d.value('#step-count');
  if (!(trained > 0)) fail(`after ${TRAIN_MS / 1000} s of training the step counter reads ${trained}`);
  await sleep(AUTOSAVE_WAIT_MS);
  d.checkErrors();
  report.push(`trained                 ${PRESET} to step ${trained}, paused, waited ${AUTOSAVE_WAIT_MS / 1000} s`);

  // Reload: the offer names the saved step, which is the paused one.
  await page.reload();
  const offered = await offer(page, d);
  if (offered.step !== trained) fail(`the offer is of step ${offered.step}, not the paused step ${trained}`);
  if (!/from step \d+ \(saved (\d+ s ago|just now)\)/.test(offered.text)) fail(`the offer reads "${offered.text}"`);
  report.push(`offered after reload    "${offered.text}"`);
  await shot(page, 'persist-offer.png', report);

  // Resume: the saved run loads at its step and trains on from there.
  await page.click('#resume-run');
  const key = await d.waitFor('the resumed run and its first evaluation', BUILD_MS, async () => {
    const badge = await page.getAttribute('#backend-badge', 'data-example', { timeout: 100 }).catch(() => null);
    if (!badge?.startsWith('checkpoint:') || !(await page.$('#backend-badge[data-value]'))) return false;
    return (await page.getAttribute('#step-count', 'data-value', { timeout: 100 }).catch(() => null)) !== null ? badge : false;
  });
  if (await page.$('#resume-offer')) fail('the offer stays after Resume');
  const resumed = await d.value('#step-count');
  if (resumed !== trained) fail(`the run resumed at step ${resumed}, not ${trained}`);
  await page.click('button#step');
  await d.waitFor(`step ${trained + 1} after resuming`, BUTTON_MS, async () => (await d.value('#step-count')) === trained + 1);
  report.push(`resumed                 ${key} at step ${resumed}, then ${resumed + 1}`);

  // The resumed run is saved in turn; Dismiss forgets it.
  await sleep(AUTOSAVE_WAIT_MS);
  await page.reload();
  const again = await offer(page, d);
  if (again.step !== trained + 1) fail(`after the step the offer is of step ${again.step}, not ${trained + 1}`);
  await page.click('#dismiss-resume');
  await d.waitFor('the offer to close after Dismiss', BUTTON_MS, async () => !(await page.$('#resume-offer')));
  await page.reload();
  await session(page, d, `preset:${PRESET}`);
  await sleep(1_500);
  if (await page.$('#resume-offer')) fail('a dismissed run is offered again');
  report.push(`dismissed               step ${again.step}; the next reload offers nothing`);
  d.checkErrors();
}

/** Waits for the offer to resume and returns its step and question. */
async function offer(page, d) {
  await d.waitFor('#resume-offer after the reload', BUILD_MS, async () => page.$('#resume-offer[data-step]'));
  const heading = await page.$('#resume-offer h2');
  if (!heading) fail('#resume-offer has no heading');
  const step = Number(await page.getAttribute('#resume-offer', 'data-step'));
  const text = ((await d.text('#resume-offer p')) ?? '').trim();
  return { step, text };
}

runScript(NAME, 5 * 60_000, main);
