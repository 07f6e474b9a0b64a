import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { formatBytes, formatSI, formatSeconds, formatValue, unitForQuery } from './format-units';

describe('units', () => {
  it('guesses the unit from metric names', () => {
    assert.equal(unitForQuery('rate(process_resident_memory_bytes[5m])'), 'bytes');
    assert.equal(unitForQuery('histogram_quantile(0.9, rate(http_server_duration_seconds_bucket[5m]))'), 'seconds');
    assert.equal(unitForQuery('up'), 'none');
    assert.equal(unitForQuery('http_requests_bytes_count'), 'none');
  });
  it('formats', () => {
    assert.equal(formatSI(1234), '1.23k');
    assert.equal(formatSI(0.005), '5m');
    assert.equal(formatSI(0), '0');
    assert.equal(formatSI(42), '42');
    assert.equal(formatBytes(1536), '1.5 KiB');
    assert.equal(formatBytes(10), '10 B');
    assert.equal(formatSeconds(0.25), '250 ms');
    assert.equal(formatSeconds(90), '1.5 min');
    assert.equal(formatValue(null, 'none'), '–');
  });
});
