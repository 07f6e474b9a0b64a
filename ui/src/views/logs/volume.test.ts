import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { bucketRows, bucketStepMs, stackCounts } from './volume';

describe('volume buckets', () => {
  it('picks a readable step', () => {
    assert.equal(bucketStepMs(0, 3_600_000), 30_000);
    assert.equal(bucketStepMs(0, 60_000), 1000);
    assert.equal(bucketStepMs(0, 7 * 86_400_000), 7_200_000);
  });

  it('counts rows per bucket and level, most severe first, dropping rows outside the range', () => {
    const v = bucketRows(
      [
        { ms: 1000, level: 'info' },
        { ms: 1500, level: 'error' },
        { ms: 2500, level: 'info' },
        { ms: 99_000, level: 'info' },
      ],
      1000,
      4000,
      3,
    );
    assert.equal(v.stepMs, 1000);
    assert.deepEqual(v.xs, [1, 2, 3]);
    assert.deepEqual(v.levels, [
      { level: 'error', counts: [1, 0, 0] },
      { level: 'info', counts: [1, 1, 0] },
    ]);
    assert.equal(v.total, 3);
  });

  it('aligns buckets to the step', () => {
    const v = bucketRows([{ ms: 1700, level: 'warn' }], 1500, 3500, 2);
    assert.deepEqual(v.xs, [1, 2, 3]);
    assert.deepEqual(v.levels[0]?.counts, [1, 0, 0]);
  });

  it('stacks counts with the last level at the bottom', () => {
    assert.deepEqual(stackCounts([{ counts: [1, 0] }, { counts: [2, 3] }]), [[3, 3], [2, 3]]);
    assert.deepEqual(stackCounts([]), []);
  });
});
