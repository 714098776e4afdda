// Whether a memory figure sampled once a minute levels off: the pure judgement of
// soak.mjs, kept apart so plateau.test.mjs can check it without a browser.
//
// The rule: the first minute is a warm-up (the session is built, kernels compiled, the
// GPU pool and the charts filled), so the figure at minute 1 is the baseline. Over the
// second half of the run (minutes ceil(N/2) to N) a least-squares line is fitted; its
// rise over that half is the growth. A figure "grows" when that growth is above
// GROWTH_SHARE of the baseline and above the series' floor (noise: garbage collection,
// allocator pages, a GPU buffer held mid-step). A steady leak of r per minute thus fails
// once r * N / 2 exceeds both, e.g. 0.3 MiB/min in 30 minutes on a 40 MiB baseline.

/** Growth over the second half, as a share of the first-minute figure, that counts as a leak. */
export const GROWTH_SHARE = 0.1;
export const MIB = 1024 * 1024;
/** Growth in bytes under which no byte figure counts as a leak. */
export const BYTES_FLOOR = 4 * MIB;
/** Fewest minutes with a baseline and a second half to fit. */
export const MIN_MINUTES = 2;

/**
 * Judges `values` (one per minute, index = minute, `null` where not measured) and returns
 * `{ verdict, baseline, growth, share, perHour }`; verdict is `plateau`, `grows`,
 * `no data` (never measured) or `too short` (under MIN_MINUTES).
 */
export function judge(values, { share = GROWTH_SHARE, floor = BYTES_FLOOR } = {}) {
  const minutes = values.length - 1;
  const measured = values.filter((value) => value !== null && value !== undefined && Number.isFinite(value));
  if (measured.length === 0) return { verdict: 'no data', baseline: null, growth: null, share: null, perHour: null };
  if (minutes < MIN_MINUTES) return { verdict: 'too short', baseline: null, growth: null, share: null, perHour: null };
  const baseline = values[1] ?? measured[0];
  const from = Math.max(1, Math.ceil(minutes / 2));
  const half = [];
  for (let minute = from; minute <= minutes; minute += 1) {
    const value = values[minute];
    if (value !== null && value !== undefined && Number.isFinite(value)) half.push([minute, value]);
  }
  if (half.length < 2) return { verdict: 'no data', baseline, growth: null, share: null, perHour: null };
  const perMinute = slope(half);
  const growth = perMinute * (minutes - from);
  const limit = Math.max(share * baseline, floor);
  return {
    verdict: growth > limit ? 'grows' : 'plateau',
    baseline,
    growth,
    share: baseline > 0 ? growth / baseline : null,
    perHour: perMinute * 60,
    limit,
  };
}

/** The least-squares slope of `points` ([x, y] pairs, at least two distinct x). */
export function slope(points) {
  const n = points.length;
  const meanX = points.reduce((sum, [x]) => sum + x, 0) / n;
  const meanY = points.reduce((sum, [, y]) => sum + y, 0) / n;
  let covariance = 0;
  let variance = 0;
  for (const [x, y] of points) {
    covariance += (x - meanX) * (y - meanY);
    variance += (x - meanX) ** 2;
  }
  return variance === 0 ? 0 : covariance / variance;
}
