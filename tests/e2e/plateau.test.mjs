// node --test tests/e2e/plateau.test.mjs: the soak's plateau judgement (plateau.mjs).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BYTES_FLOOR, MIB, judge, slope } from './plateau.mjs';

const minutes = (count, at) => Array.from({ length: count + 1 }, (_, minute) => at(minute));

test('a flat figure after a warm-up plateaus', () => {
  // Grows 30 MiB while the run warms up, then stays.
  const result = judge(minutes(30, (m) => (m === 0 ? 10 * MIB : 40 * MIB)));
  assert.equal(result.verdict, 'plateau');
  assert.equal(result.baseline, 40 * MIB);
  assert.equal(result.growth, 0);
});

test('growth that stops before the second half plateaus', () => {
  const result = judge(minutes(30, (m) => 40 * MIB + Math.min(m, 12) * MIB));
  assert.equal(result.verdict, 'plateau', JSON.stringify(result));
});

test('a steady leak is reported with its rate', () => {
  // 0.5 MiB a minute on 40 MiB: 7.5 MiB over the second half of 30 minutes.
  const result = judge(minutes(30, (m) => 40 * MIB + m * 0.5 * MIB));
  assert.equal(result.verdict, 'grows');
  assert.ok(Math.abs(result.growth - 7.5 * MIB) < 1, `${result.growth}`);
  assert.ok(Math.abs(result.perHour - 30 * MIB) < 1);
});

test('a leak small against a large baseline still fails once above the share', () => {
  const base = 400 * MIB;
  assert.equal(judge(minutes(30, (m) => base + m * 2 * MIB)).verdict, 'plateau'); // 30 MiB < 40 MiB
  assert.equal(judge(minutes(30, (m) => base + m * 4 * MIB)).verdict, 'grows'); // 60 MiB > 40 MiB
});

test('noise under the floor is not a leak, even on a tiny baseline', () => {
  const noisy = minutes(30, (m) => 2 * MIB + (m % 2) * 3 * MIB);
  assert.equal(judge(noisy).verdict, 'plateau');
  // A small count (DOM nodes) with its own floor.
  assert.equal(judge(minutes(10, (m) => 1500 + m * 100), { floor: 200 }).verdict, 'grows');
  assert.equal(judge(minutes(10, () => 1500), { floor: 200 }).verdict, 'plateau');
  assert.ok(BYTES_FLOOR > 3 * MIB);
});

test('a short run judges minute 2 against minute 1', () => {
  assert.equal(judge([10 * MIB, 40 * MIB, 40 * MIB]).verdict, 'plateau');
  assert.equal(judge([10 * MIB, 40 * MIB, 60 * MIB]).verdict, 'grows');
});

test('missing figures are said, not judged', () => {
  assert.equal(judge([null, null, null]).verdict, 'no data');
  assert.equal(judge([MIB, MIB]).verdict, 'too short');
  // A figure missing now and then is judged on the rest.
  assert.equal(judge(minutes(20, (m) => (m % 3 === 0 ? null : 30 * MIB))).verdict, 'plateau');
});

test('the slope is the least-squares one', () => {
  assert.equal(slope([[0, 1], [1, 3], [2, 5]]), 2);
  assert.equal(slope([[5, 1], [5, 2]]), 0);
});
