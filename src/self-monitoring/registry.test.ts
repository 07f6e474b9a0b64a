import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { MetricsRegistry } from './registry.js';

describe('MetricsRegistry', () => {
  it('renders counters, gauges and histograms in text format', () => {
    const r = new MetricsRegistry();
    const c = r.counter('requests_total', 'Requests.', ['code']);
    c.labels('200').inc();
    c.labels('200').inc(2);
    c.labels('5"0\\0').inc();
    r.gauge('temp', 'T.', [], () => 21.5);
    const h = r.histogram('lat_seconds', 'L.', [], [0.1, 1]);
    h.labels().observe(0.05);
    h.labels().observe(0.5);
    h.labels().observe(5);
    const text = r.render();
    assert.match(text, /^# HELP requests_total Requests\.\n# TYPE requests_total counter\n/);
    assert.match(text, /requests_total\{code="200"\} 3\n/);
    assert.match(text, /requests_total\{code="5\\"0\\\\0"\} 1\n/);
    assert.match(text, /temp 21\.5\n/);
    assert.match(text, /lat_seconds_bucket\{le="0\.1"\} 1\n/);
    assert.match(text, /lat_seconds_bucket\{le="1"\} 2\n/);
    assert.match(text, /lat_seconds_bucket\{le="\+Inf"\} 3\n/);
    assert.match(text, /lat_seconds_sum 5\.55\n/);
    assert.match(text, /lat_seconds_count 3\n/);
  });
});
