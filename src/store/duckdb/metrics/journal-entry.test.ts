import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { STALE_NAN, isStaleNaN } from '../../../model/index.js';
import { allocateMetricsEntry, decodeMetricsEntry, metricsEntrySeq } from './journal-entry.js';

describe('metrics journal entries', () => {
  it('round-trip samples bit-exactly (staleness markers included), new series, exemplars and metadata', () => {
    const labels = [
      { name: '__name__', value: 'http_requests_total' },
      { name: 'path', value: '/ü"\\' },
    ];
    const e = allocateMetricsEntry(
      42,
      7,
      3,
      [{ id: 9, labels }],
      [{ seriesId: 9, timestampMs: 1_700_000_000_123, value: 0.25, labels: [{ name: 'trace_id', value: 'abc' }] }],
      [{ metricFamilyName: 'http_requests', type: 'counter', help: 'Requests.', unit: '' }],
    );
    e.ids.set([9, 9, 10]);
    e.timestampsMs.set([1_700_000_000_000, 1_700_000_015_000, -5]);
    e.values.set([1.5, STALE_NAN, Number.NaN]);
    const copy = new Uint8Array(e.bytes.length);
    copy.set(e.bytes);
    assert.equal(metricsEntrySeq(copy), 42);
    const d = decodeMetricsEntry(copy);
    assert.equal(d.seq, 42);
    assert.equal(d.tenantId, 7);
    assert.deepEqual([...d.ids], [9, 9, 10]);
    assert.deepEqual([...d.timestampsMs], [1_700_000_000_000, 1_700_000_015_000, -5]);
    assert.equal(d.values[0], 1.5);
    assert.ok(isStaleNaN(d.values[1] as number), 'the staleness marker keeps its bits');
    assert.ok(Number.isNaN(d.values[2]) && !isStaleNaN(d.values[2] as number), 'an ordinary NaN stays ordinary');
    assert.deepEqual(d.newSeries, [{ id: 9, labels }]);
    assert.deepEqual(d.exemplars, [{ seriesId: 9, timestampMs: 1_700_000_000_123, value: 0.25, labels: [{ name: 'trace_id', value: 'abc' }] }]);
    assert.deepEqual(d.metadata, [{ metricFamilyName: 'http_requests', type: 'counter', help: 'Requests.', unit: '' }]);
  });

  it('rejects a record of another version or a wrong length', () => {
    const e = allocateMetricsEntry(1, 1, 2, [], [], []);
    const short = e.bytes.slice(0, e.bytes.length - 4);
    assert.throws(() => decodeMetricsEntry(new Uint8Array(short)), /expected/);
    const other = new Uint8Array(e.bytes);
    other[0] = 99;
    assert.throws(() => decodeMetricsEntry(other), /unknown metrics journal record \(version 99\)/);
  });
});
