import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { STALE_NAN_BITS, isOmniscopeError, labelsToRecord } from '../../model/index.js';
import { RemoteWriteDecodePool } from './decode-pool.js';
import { decodeOnThisThread } from './request-decoding.js';
import { SeriesLabelCache } from './label-cache.js';
import { encodeRemoteWriteBody, encodeWriteRequest } from './write-request-encoder.js';
import { snappyEncode } from './snappy.js';

const values = Float64Array.of(1.5, 2, 0);
new DataView(values.buffer).setBigUint64(16, STALE_NAN_BITS, true);
const body = encodeRemoteWriteBody(
  [
    { labels: { __name__: 'up', job: 'api', instance: 'a' }, timestampsMs: [1000, 2000, 3000], values, exemplars: [{ labels: { trace_id: 'abc' }, value: 2, timestampMs: 2000 }] },
    { labels: { __name__: 'up', job: 'api', instance: 'b' }, timestampsMs: [1000], values: [7] },
    { labels: { job: 'no-name' }, timestampsMs: [1000], values: [1] },
  ],
  [{ metricFamilyName: 'up', type: 'gauge', help: 'Up.', unit: '' }],
);

describe('RemoteWriteDecodePool', () => {
  const pool = new RemoteWriteDecodePool(2, 1 << 20);
  after(() => pool.close());

  it('decodes in a worker exactly as on this thread, staleness bits, exemplars, metadata and rejections included', async () => {
    const here = await decodeOnThisThread(1 << 20, new SeriesLabelCache())(body, 'team-a');
    const there = await pool.decode(body, 'team-a');
    assert.equal(there.batch.tenant, 'team-a');
    assert.deepEqual(there.batch.series.map(labelsToRecord), here.batch.series.map(labelsToRecord));
    assert.deepEqual([...there.batch.seriesIndex], [...here.batch.seriesIndex]);
    assert.deepEqual([...there.batch.timestampsMs], [...here.batch.timestampsMs]);
    assert.deepEqual(new Uint8Array(there.batch.values.buffer, there.batch.values.byteOffset, 32), new Uint8Array(here.batch.values.buffer, here.batch.values.byteOffset, 32));
    assert.deepEqual(there.batch.metadata, here.batch.metadata);
    assert.deepEqual(there.batch.exemplars, here.batch.exemplars);
    assert.deepEqual(there.rejected, { invalid_labels: 1 });
    assert.equal(there.batch.reusesSeriesObjects, true);
  });

  it('hands out the same label-set object for a series in every later batch of a worker', async () => {
    const pool1 = new RemoteWriteDecodePool(1, 1 << 20);
    try {
      const a = await pool1.decode(body, 't');
      const b = await pool1.decode(body, 't');
      assert.equal(a.batch.series[0], b.batch.series[0]);
      assert.equal(a.batch.series[1], b.batch.series[1]);
    } finally {
      await pool1.close();
    }
  });

  it('with its label cache full, still gives every series its own labels, and the same objects once the cache started over', async () => {
    const small = new RemoteWriteDecodePool(1, 1 << 20, 2);
    try {
      const series = (names: string[]) => names.map((n, i) => ({ labels: { __name__: n }, timestampsMs: [1000], values: [i] }));
      const names = (r: Awaited<ReturnType<typeof small.decode>>) => r.batch.series.map((l) => labelsToRecord(l).__name__);
      // 3 series, room for 2: the third is numbered outside the cache.
      const full = await small.decode(encodeRemoteWriteBody(series(['a', 'b', 'c'])), 't');
      assert.deepEqual(names(full), ['a', 'b', 'c']);
      // The cache starts over: numbers restart, the main thread's map is reset with them.
      const after1 = await small.decode(encodeRemoteWriteBody(series(['c', 'a'])), 't');
      const after2 = await small.decode(encodeRemoteWriteBody(series(['a', 'c'])), 't');
      assert.deepEqual(names(after1), ['c', 'a']);
      assert.deepEqual(names(after2), ['a', 'c']);
      assert.equal(after2.batch.series[0], after1.batch.series[1], 'a: one object again');
      assert.equal(after2.batch.series[1], after1.batch.series[0], 'c: one object again');
    } finally {
      await small.close();
    }
  });

  it('answers corrupt input with bad_input and an oversized body with too_large, and keeps working', async () => {
    const kind = async (p: Promise<unknown>): Promise<string> => {
      try {
        await p;
        return 'resolved';
      } catch (e) {
        assert.ok(isOmniscopeError(e));
        return `${e.kind}: ${e.message}`;
      }
    };
    assert.match(await kind(pool.decode(Uint8Array.of(0xff, 0xff, 0xff), 't')), /^bad_input: cannot decode the snappy-compressed body/);
    assert.match(await kind(pool.decode(snappyEncode(Uint8Array.of(0x0a, 0x05, 0x01)), 't')), /^bad_input: malformed prometheus.WriteRequest/);
    const big = snappyEncode(encodeWriteRequest([{ labels: { __name__: 'x', pad: 'p'.repeat(2 << 20) }, timestampsMs: [1], values: [1] }]));
    assert.match(await kind(pool.decode(big, 't')), /^too_large: snappy block declares \d+ decoded bytes, over the limit/);
    assert.equal((await pool.decode(body, 't')).batch.series.length, 2);
  });

  it('refuses work after close with unavailable', async () => {
    const closed = new RemoteWriteDecodePool(1, 1 << 20);
    await closed.close();
    await assert.rejects(closed.decode(body, 't'), (e: unknown) => isOmniscopeError(e) && e.kind === 'unavailable');
  });
});
