import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { globalParams, readMetricsState, readRange, writeMetricsState, writeRange } from './url-state';

describe('url state', () => {
  it('round-trips the metrics view', () => {
    const state = { queries: ['rate(x_total[5m])', 'up{job="a&b"}'], mode: 'table' as const, stacked: true };
    const params = writeRange(writeMetricsState(new URLSearchParams(), state), { from: 'now-15m', to: 'now' });
    const again = new URLSearchParams(params.toString());
    assert.deepEqual(readMetricsState(again), state);
    assert.deepEqual(readRange(again), { from: 'now-15m', to: 'now' });
  });
  it('has defaults', () => {
    assert.deepEqual(readMetricsState(new URLSearchParams()), { queries: [''], mode: 'graph', stacked: false });
    assert.deepEqual(readRange(new URLSearchParams()), { from: 'now-1h', to: 'now' });
  });
  it('keeps only the range across views', () => {
    assert.equal(globalParams(new URLSearchParams('q=up&from=now-5m&to=now&mode=graph')).toString(), 'from=now-5m&to=now');
  });
});
