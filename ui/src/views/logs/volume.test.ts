import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { stackCounts, toVolume, volumeGrid, volumeQuery, volumeStepMs } from './volume';

describe('volume grid and query', () => {
  it('picks a readable step giving 100 to 200 bars for the usual ranges', () => {
    assert.equal(volumeStepMs(0, 3_600_000), 30_000);
    assert.equal(volumeStepMs(0, 60_000), 1000);
    assert.equal(volumeStepMs(0, 7 * 86_400_000), 3_600_000);
    for (const hours of [0.25, 1, 3, 6, 12, 24, 48, 7 * 24, 30 * 24]) {
      const bars = volumeGrid(0, hours * 3_600_000).bars;
      assert.ok(bars >= 100 && bars <= 200, `${hours} h: ${bars} bars`);
    }
  });

  it('ends the last bar at the end of the range', () => {
    assert.deepEqual(volumeGrid(1_000, 3_601_000), { stepMs: 30_000, bars: 120, firstMs: 3_601_000 - 119 * 30_000, endMs: 3_601_000 });
    assert.deepEqual(volumeGrid(0, 45_500), { stepMs: 1000, bars: 46, firstMs: 500, endMs: 45_500 });
  });

  it('wraps the log query in a metric query, the range after a newline so a trailing comment ends', () => {
    assert.equal(volumeQuery('{app="x"} |= "err" # why', 30_000), 'sum by (level) (count_over_time({app="x"} |= "err" # why\n[30s]))');
  });
});

describe('toVolume', () => {
  const grid = { stepMs: 1000, bars: 3, firstMs: 2000, endMs: 4000 };

  it('places each point in its bar, reads level words, and adds up series of one level', () => {
    const v = toVolume(
      [
        { metric: { level: 'info' }, values: [[2, '3'], [4, '1']] },
        { metric: { level: 'INFORMATION' }, values: [[4, '2']] },
        { metric: { level: 'error' }, values: [[3, '5']] },
        { metric: {}, values: [[2, '1']] },
        { metric: { level: 'chatty' }, values: [[3, '1'], [99, '7']] },
      ],
      grid,
    );
    assert.deepEqual(v.xs, [1, 2, 3], 'bar starts: the step before each point');
    assert.deepEqual(v.levels, [
      { level: 'error', counts: [0, 5, 0] },
      { level: 'info', counts: [3, 0, 3] },
      { level: 'unknown', counts: [1, 1, 0] },
    ]);
    assert.equal(v.total, 13, 'the point at 99 s, outside the grid, is left out');
  });

  it('is empty without series', () => {
    assert.deepEqual(toVolume([], grid), { xs: [1, 2, 3], stepMs: 1000, levels: [], total: 0 });
  });

  it('stacks counts with the last level at the bottom', () => {
    assert.deepEqual(stackCounts([{ counts: [1, 0] }, { counts: [2, 3] }]), [[3, 3], [2, 3]]);
    assert.deepEqual(stackCounts([]), []);
  });
});
