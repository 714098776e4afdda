// Driving a run in the page: wait for a session, play and pause, train until the loss falls.

import { fail } from './harness.mjs';

export const BUILD_MS = 60_000;
export const FALL_MS = 120_000;
export const BUTTON_MS = 15_000;
/** A run "learns" when its train loss falls below this share of where it started. */
export const FALL_SHARE = 0.8;

/** Waits until the badge names `key` and its session has been evaluated. */
export async function session(page, d, key) {
  return d.waitFor(`the ${key} run and its first evaluation`, BUILD_MS, async () => {
    if (!(await page.$(`#backend-badge[data-example="${key}"][data-value]`))) return false;
    return (await page.getAttribute('#train-loss', 'data-value', { timeout: 100 }).catch(() => null)) !== null;
  });
}

/** Plays or pauses; after a pause, waits for the evaluation of the last steps taken. */
export async function setPlaying(page, d, playing) {
  const want = playing ? /pause/i : /play/i;
  if (want.test((await d.text('button#play')) ?? '')) return;
  await page.click('button#play');
  await d.waitFor(`button#play to read ${playing ? 'Pause' : 'Play'}`, BUTTON_MS, async () =>
    want.test((await d.text('button#play')) ?? ''),
  );
  if (playing) return;
  let last = null;
  await d.waitFor('the step counter to settle after pausing', BUTTON_MS, async () => {
    const step = await d.value('#step-count');
    const settled = step === last;
    last = step;
    return settled;
  });
}

/** Plays until the train loss is below FALL_SHARE of its first value (or a few steps on). */
export async function trainUntilLossFalls(page, d, label, { fall = true, share = FALL_SHARE } = {}) {
  const initial = await d.value('#train-loss');
  const startStep = await d.value('#step-count');
  if (!(initial >= 0)) fail(`${label}: initial train loss ${initial}`);
  const started = Date.now();
  await setPlaying(page, d, true);
  const target = initial * share;
  const reached = await d.waitFor(`${label}: train loss below ${target}`, FALL_MS, async () => {
    const loss = await d.value('#train-loss');
    const step = await d.value('#step-count');
    if (!fall) return step >= startStep + 20 ? loss : false;
    return loss < target ? loss : false;
  });
  await setPlaying(page, d, false);
  const steps = await d.value('#step-count');
  return { initial, reached, steps, seconds: (Date.now() - started) / 1000 };
}

export function describe(label, run) {
  return `${label.padEnd(24)}loss ${run.initial.toFixed(4)} -> ${run.reached.toFixed(4)} in ${run.seconds.toFixed(1)} s (step ${run.steps})`;
}
