import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { buildGraphData } from './graph-data';

describe('graph data', () => {
  const series = [
    { name: 'a', values: [[10, '1'], [20, '2']] as [number, string][] },
    { name: 'b', values: [[20, '5'], [30, 'NaN']] as [number, string][] },
  ];
  it('aligns series on one x axis', () => {
    const d = buildGraphData(series, false);
    assert.deepEqual(d.xs, [10, 20, 30]);
    assert.deepEqual(d.raw, [[1, 2, null], [null, 5, null]]);
  });
  it('stacks', () => {
    assert.deepEqual(buildGraphData(series, true).drawn, [[1, 2, null], [null, 7, null]]);
  });
});
