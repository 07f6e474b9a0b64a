import { labelsFromRecord } from '../../model/index.js';
import { SeriesLabelCache } from './label-cache.js';
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { STALE_NAN_BITS, labelsToRecord } from '../../model/index.js';
import type { MetricBatch } from '../../model/index.js';
import { ProtobufWriter } from '../shared/protobuf-writer.js';
import { decodeWriteRequest, encodeWriteRequest } from './index.js';

/** Values with staleness markers at the given positions, built in a Float64Array (a plain array may quiet the NaN). */
function valuesWithStale(values: number[], stalePositions: number[]): Float64Array {
  const out = Float64Array.from(values);
  const view = new DataView(out.buffer);
  for (const i of stalePositions) view.setBigUint64(i * 8, STALE_NAN_BITS, true);
  return out;
}

function valueBits(batch: MetricBatch, i: number): bigint {
  return new DataView(batch.values.buffer, batch.values.byteOffset + i * 8, 8).getBigUint64(0, true);
}

/** A TimeSeries written field by field, for cases the encoder will not produce. */
function rawSeries(w: ProtobufWriter, labels: [string | Uint8Array, string | Uint8Array][], samples: [number, number][], histograms = 0): void {
  w.message(1, (ts) => {
    for (const [n, v] of labels) {
      ts.message(1, (l) => {
        if (typeof n === 'string') l.string(1, n);
        else l.bytes(1, n);
        if (typeof v === 'string') l.string(2, v);
        else l.bytes(2, v);
      });
    }
    for (const [t, v] of samples) ts.message(2, (s) => s.double(1, v).int64(2, t));
    for (let i = 0; i < histograms; i++) ts.message(4, (h) => h.uint64(1, 3).double(3, 1.5).int64(15, 1000 + i));
  });
}

describe('decodeWriteRequest', () => {
  it('decodes series, samples, exemplars and metadata', () => {
    const body = encodeWriteRequest(
      [
        {
          labels: { __name__: 'http_requests_total', job: 'api', instance: 'a:9090' },
          timestampsMs: [1_700_000_000_000, 1_700_000_015_000],
          values: [1, 2.5],
          exemplars: [{ labels: { trace_id: 'abc', empty: '' }, value: 2.5, timestampMs: 1_700_000_015_000 }],
        },
        { labels: { __name__: 'up', job: 'api' }, timestampsMs: [-5, 0], values: [-0, Infinity] },
      ],
      [{ metricFamilyName: 'http_requests', type: 'counter', help: 'Requests.', unit: 'requests' }],
    );
    const { batch, rejected } = decodeWriteRequest(body, 'tenant-a');
    assert.deepEqual(rejected, {});
    assert.equal(batch.tenant, 'tenant-a');
    assert.deepEqual(batch.series.map(labelsToRecord), [
      { __name__: 'http_requests_total', instance: 'a:9090', job: 'api' },
      { __name__: 'up', job: 'api' },
    ]);
    assert.deepEqual([...batch.seriesIndex], [0, 0, 1, 1]);
    assert.deepEqual([...batch.timestampsMs], [1_700_000_000_000, 1_700_000_015_000, -5, 0]);
    assert.deepEqual([...batch.values], [1, 2.5, -0, Infinity]);
    assert.ok(Object.is(batch.values[2], -0));
    assert.deepEqual(batch.exemplars, [{ seriesIndex: 0, labels: [{ name: 'trace_id', value: 'abc' }], timestampMs: 1_700_000_015_000, value: 2.5 }]);
    assert.deepEqual(batch.metadata, [{ metricFamilyName: 'http_requests', type: 'counter', help: 'Requests.', unit: 'requests' }]);
  });

  it('keeps staleness markers bit for bit, distinct from an ordinary NaN', () => {
    const values = valuesWithStale([0, NaN, 7], [0]);
    const { batch } = decodeWriteRequest(encodeWriteRequest([{ labels: { __name__: 'x' }, timestampsMs: [1, 2, 3], values }]), 't');
    assert.equal(valueBits(batch, 0), STALE_NAN_BITS);
    assert.notEqual(valueBits(batch, 1), STALE_NAN_BITS);
    assert.ok(Number.isNaN(batch.values[1]));
  });

  it('sorts unsorted labels, drops empty values, and merges repeated series', () => {
    const w = new ProtobufWriter();
    rawSeries(w, [['job', 'a'], ['__name__', 'm'], ['zone', ''], ['az', 'x']], [[1, 1]]);
    rawSeries(w, [['az', 'x'], ['__name__', 'm'], ['job', 'a']], [[2, 2]]);
    const { batch, rejected } = decodeWriteRequest(w.finish(), 't');
    assert.deepEqual(rejected, {});
    assert.deepEqual(batch.series.map(labelsToRecord), [{ __name__: 'm', az: 'x', job: 'a' }]);
    assert.deepEqual(batch.series[0]?.map((l) => l.name), ['__name__', 'az', 'job']);
    assert.deepEqual([...batch.seriesIndex], [0, 0]);
  });

  it('skips series Prometheus refuses and counts their samples', () => {
    const w = new ProtobufWriter();
    rawSeries(w, [['__name__', 'dup'], ['a', '1'], ['a', '2']], [[1, 1], [2, 2]]);
    rawSeries(w, [['job', 'no-name']], [[1, 1]]);
    rawSeries(w, [['__name__', '']], [[1, 1]]);
    rawSeries(w, [['__name__', 'm'], ['', 'empty-name']], [[1, 1]]);
    rawSeries(w, [['__name__', 'm'], ['bad', Uint8Array.of(0xc3, 0x28)]], [[1, 1]], 1);
    rawSeries(w, [['__name__', 'ok']], [[1, 1]]);
    const { batch, rejected, messages } = decodeWriteRequest(w.finish(), 't');
    assert.deepEqual(rejected, { invalid_labels: 7 });
    assert.deepEqual(batch.series.map(labelsToRecord), [{ __name__: 'ok' }]);
    assert.match(messages.join('\n'), /duplicate label name "a"/);
    assert.match(messages.join('\n'), /no __name__ label/);
    assert.match(messages.join('\n'), /not valid UTF-8/);
  });

  it('counts native histograms as rejected and keeps float samples of the same series', () => {
    const w = new ProtobufWriter();
    rawSeries(w, [['__name__', 'latency']], [[5, 1]], 2);
    rawSeries(w, [['__name__', 'only_histograms']], [], 1);
    const { batch, rejected, messages } = decodeWriteRequest(w.finish(), 't');
    assert.deepEqual(rejected, { native_histogram: 3 });
    assert.deepEqual(batch.series.map(labelsToRecord), [{ __name__: 'latency' }]);
    assert.equal(batch.values.length, 1);
    assert.match(messages[0] ?? '', /native histograms/);
  });

  it('ignores unknown fields and accepts fields in any order', () => {
    const w = new ProtobufWriter();
    w.string(2, 'reserved field');
    w.message(1, (ts) => {
      ts.message(2, (s) => s.int64(2, 10).uint64(9, 1).double(1, 4));
      ts.string(7, 'unknown');
      ts.message(1, (l) => l.string(2, 'v').string(1, '__name__'));
    });
    w.message(3, (m) => m.string(2, 'fam').uint64(1, 2).string(5, 'seconds').uint64(6, 1));
    w.message(3, (m) => m.string(2, 'weird').uint64(1, 99));
    const { batch } = decodeWriteRequest(w.finish(), 't');
    assert.deepEqual(batch.series.map(labelsToRecord), [{ __name__: 'v' }]);
    assert.deepEqual([...batch.timestampsMs], [10]);
    assert.deepEqual([...batch.values], [4]);
    assert.deepEqual(batch.metadata.map((m) => [m.metricFamilyName, m.type, m.unit]), [
      ['fam', 'gauge', 'seconds'],
      ['weird', 'unknown', ''],
    ]);
  });

  it('decodes int64 timestamps exactly across the varint range', () => {
    const ts = [0, 1, 127, 128, 2 ** 31, 2 ** 32 + 1, 1_700_000_000_123, 2 ** 53 - 1, -1, -(2 ** 40), -(2 ** 53 - 1)];
    const { batch } = decodeWriteRequest(encodeWriteRequest([{ labels: { __name__: 'x' }, timestampsMs: ts, values: ts.map(() => 1) }]), 't');
    assert.deepEqual([...batch.timestampsMs], ts);
  });

  it('rejects timestamps a float64 cannot hold exactly', () => {
    const w = new ProtobufWriter();
    w.message(1, (s) => s.message(1, (l) => l.string(1, '__name__').string(2, 'x')).message(2, (p) => p.double(1, 1).int64(2, 2n ** 62n)));
    const { batch, rejected } = decodeWriteRequest(w.finish(), 't');
    assert.deepEqual(rejected, { invalid_timestamp: 1 });
    assert.equal(batch.values.length, 0);
  });

  it('throws bad_input for malformed protobuf', () => {
    const good = encodeWriteRequest([{ labels: { __name__: 'x' }, timestampsMs: [1], values: [1] }]);
    for (const bad of [good.subarray(0, good.length - 3), Uint8Array.of(0x0a, 0x05, 0x01), Uint8Array.of(0x08, 0x01), Uint8Array.of(0x00)]) {
      assert.throws(() => decodeWriteRequest(bad, 't'), (e: unknown) => (e as { kind?: string }).kind === 'bad_input' && /malformed prometheus.WriteRequest/.test((e as Error).message));
    }
    const w = new ProtobufWriter();
    w.message(1, (s) => s.message(1, (l) => l.string(1, '__name__').string(2, 'x')).message(2, (p) => p.uint64(1, 5)));
    assert.throws(() => decodeWriteRequest(w.finish(), 't'), /wire type/);
  });

  it('an empty request is an empty batch', () => {
    const { batch } = decodeWriteRequest(new Uint8Array(0), 't');
    assert.equal(batch.values.length, 0);
    assert.equal(batch.series.length, 0);
  });
});

describe('decodeWriteRequest with a label cache', () => {
  it('gives the same batch from the cache, and never caches invalid series', () => {
    const cache = new SeriesLabelCache();
    const body = encodeWriteRequest([
      { labels: { job: 'b', __name__: 'up', instance: 'x' }, timestampsMs: [1000], values: [1] },
      { labels: { job: 'b' }, timestampsMs: [1000], values: [2] },
    ]);
    const first = decodeWriteRequest(body, 't', cache);
    const second = decodeWriteRequest(body, 't', cache);
    assert.deepEqual(second.batch.series, first.batch.series);
    assert.deepEqual(first.batch.series, [labelsFromRecord({ __name__: 'up', instance: 'x', job: 'b' })]);
    assert.deepEqual(Array.from(second.batch.values), [1]);
    assert.equal(second.rejected.invalid_labels, 1);
    assert.match(second.messages[0] ?? '', /no __name__ label/);
  });
});

describe('decodeWriteRequest: series told apart by their label cache entry', () => {
  it('labels split by samples or after them decode alike with and without the cache, and alike on a cache hit', () => {
    const w = new ProtobufWriter();
    // Series a: a sample between its two labels. Series b: labels after the sample. Series c: the same labels as a, in one piece.
    w.message(1, (ts) => {
      ts.message(1, (l) => l.string(1, '__name__').string(2, 'up'));
      ts.message(2, (s) => s.double(1, 1).int64(2, 10));
      ts.message(1, (l) => l.string(1, 'job').string(2, 'a'));
    });
    w.message(1, (ts) => {
      ts.message(2, (s) => s.double(1, 2).int64(2, 10));
      ts.message(1, (l) => l.string(1, '__name__').string(2, 'up'));
      ts.message(1, (l) => l.string(1, 'job').string(2, 'b'));
    });
    rawSeries(w, [['__name__', 'up'], ['job', 'a']], [[20, 3]]);
    const body = w.finish();
    const plain = decodeWriteRequest(body, 't');
    const cache = new SeriesLabelCache();
    const first = decodeWriteRequest(body, 't', cache);
    const hit = decodeWriteRequest(body, 't', cache);
    for (const r of [plain, first, hit]) {
      const rows = [...r.batch.seriesIndex].map((s, i) => [labelsToRecord(r.batch.series[s] as MetricBatch['series'][number]), r.batch.timestampsMs[i], r.batch.values[i]]);
      assert.deepEqual(rows, [
        [{ __name__: 'up', job: 'a' }, 10, 1],
        [{ __name__: 'up', job: 'b' }, 10, 2],
        [{ __name__: 'up', job: 'a' }, 20, 3],
      ]);
    }
    assert.equal(plain.seriesRefs, undefined);
    // a's label fields, gathered, are c's bytes: one entry and one batch series; b another.
    assert.equal(first.batch.series.length, 2);
    assert.deepEqual([...(first.seriesRefs ?? [])], [0, 1]);
    assert.deepEqual([...(hit.seriesRefs ?? [])], [0, 1], 'entry numbers are stable across requests');
    assert.equal(hit.batch.series[0], first.batch.series[0], 'a hit returns the cached label-set object');
  });

  it('a series repeated in one request is one series of the batch', () => {
    const cache = new SeriesLabelCache();
    const w = new ProtobufWriter();
    rawSeries(w, [['__name__', 'up']], [[10, 1]]);
    rawSeries(w, [['__name__', 'down']], [[10, 2]]);
    rawSeries(w, [['__name__', 'up']], [[20, 3]]);
    const { batch, seriesRefs } = decodeWriteRequest(w.finish(), 't', cache);
    assert.equal(batch.series.length, 2);
    assert.deepEqual([...batch.seriesIndex], [0, 1, 0]);
    assert.deepEqual([...(seriesRefs ?? [])], [0, 1]);
  });

  it('once the cache is full, new series are decoded without it (ref -1) and it starts over before the next request', () => {
    const cache = new SeriesLabelCache(2);
    const body = (names: string[]): Uint8Array => {
      const w = new ProtobufWriter();
      for (const [i, n] of names.entries()) rawSeries(w, [['__name__', n]], [[10, i]]);
      return w.finish();
    };
    const full = decodeWriteRequest(body(['a', 'b', 'c', 'c']), 't', cache);
    assert.deepEqual(full.batch.series.map(labelsToRecord), [{ __name__: 'a' }, { __name__: 'b' }, { __name__: 'c' }]);
    assert.deepEqual([...full.batch.seriesIndex], [0, 1, 2, 2], 'uncached series are still merged by their labels');
    assert.deepEqual([...(full.seriesRefs ?? [])], [0, 1, -1]);
    const next = decodeWriteRequest(body(['c']), 't', cache);
    assert.equal(cache.generation, 1);
    assert.deepEqual([...(next.seriesRefs ?? [])], [0]);
  });
});
