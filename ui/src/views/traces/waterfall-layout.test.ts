import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { barFor, collapseBelow, expandToShow, formatDurationUs, serviceColors, timeTicks, visibleRows } from './waterfall-layout';
import { buildTraceModel } from './span-tree';
import { SAMPLE_TRACE } from './test-fixtures';

const rows = buildTraceModel(SAMPLE_TRACE).rows;

describe('waterfall layout', () => {
  it('hides the subtrees of collapsed rows', () => {
    assert.deepEqual(visibleRows(rows, new Set()), [0, 1, 2, 3]);
    assert.deepEqual(visibleRows(rows, new Set([2])), [0, 1, 2]);
    assert.deepEqual(visibleRows(rows, new Set([0, 2])), [0]);
    assert.deepEqual([...collapseBelow(rows, 1)], [2]);
  });
  it('expands the ancestors of a row to show it', () => {
    assert.deepEqual([...expandToShow(rows, new Set([0, 2]), 3)].sort(), []);
    const same = new Set([2]);
    assert.equal(expandToShow(rows, same, 1), same);
  });
  it('places bars to scale and the label where it fits', () => {
    assert.deepEqual(barFor(200, 500, 1000), { left: 20, width: 50, label: 'right' });
    assert.deepEqual(barFor(900, 100, 1000), { left: 90, width: 10, label: 'left' });
    assert.deepEqual(barFor(0, 0, 0), { left: 0, width: 0, label: 'right' });
    assert.deepEqual(barFor(0, 1000, 1000), { left: 0, width: 100, label: 'inside' });
  });
  it('formats durations', () => {
    assert.equal(formatDurationUs(850), '850µs');
    assert.equal(formatDurationUs(12_345), '12.3ms');
    assert.equal(formatDurationUs(1_250_000), '1.25s');
    assert.equal(formatDurationUs(125_000_000), '2m 5s');
    assert.deepEqual(timeTicks(1000, 2).map((t) => [t.pct, t.label]), [[0, '0µs'], [50, '500µs'], [100, '1ms']]);
  });
  it('gives each service of a trace its own stable colour', () => {
    const a = serviceColors(['frontend', 'backend', 'db']);
    const b = serviceColors(['db', 'frontend', 'backend']);
    assert.deepEqual([...a].sort(), [...b].sort());
    assert.equal(new Set(a.values()).size, 3);
    const many = serviceColors(Array.from({ length: 12 }, (_, i) => `svc-${i}`));
    assert.equal(new Set(many.values()).size, 12);
  });
});
