/**
 * Prometheus remote write 1.0 into a whole Omniscope (in this process, DuckDB in a temporary
 * directory): series, samples, staleness markers, metadata and tenants read back through the
 * Prometheus API and the store; every refusal answered with the status Prometheus's own
 * receiver uses, as plain text.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { STALE_NAN_BITS, isStaleNaN, labelsToRecord } from '../../src/model/index.js';
import type { LabelMatcher } from '../../src/model/index.js';
import { encodeRemoteWriteBody, encodeWriteRequest, snappyEncode } from '../../src/ingest/remote-write/index.js';
import { ProtobufWriter } from '../../src/ingest/shared/protobuf-writer.js';
import { getJson, startTestOmniscope } from '../helpers/test-omniscope.js';
import type { TestOmniscope } from '../helpers/test-omniscope.js';
import { postRemoteWrite, sendRemoteWrite } from '../helpers/remote-write-client.js';

const LIMIT_BYTES = 256 * 1024;

describe('remote write into Omniscope', () => {
  let omni: TestOmniscope;
  let writeUrl: string;
  before(async () => {
    omni = await startTestOmniscope({}, `limits:\n  max_request_body_bytes: ${LIMIT_BYTES}\n`);
    writeUrl = `${omni.baseUrl}/api/v1/write`;
  });
  after(async () => {
    await omni.stop();
  });

  async function seriesOf(match: string, headers: Record<string, string> = {}): Promise<Record<string, string>[]> {
    const res = await getJson<{ data: Record<string, string>[] }>(`${omni.baseUrl}/api/v1/series?match[]=${encodeURIComponent(match)}`, headers);
    return res.data;
  }

  async function stored(name: string, tenant = 'default'): Promise<{ labels: Record<string, string>; ts: number[]; values: number[] }[]> {
    const matchers: LabelMatcher[] = [{ name: '__name__', type: '=', value: name }];
    const out: { labels: Record<string, string>; ts: number[]; values: number[] }[] = [];
    const now = Date.now();
    for await (const b of omni.running.store.metrics.selectSamples({ tenant, matchers, startMs: now - 30 * 86_400_000, endMs: now + 3_600_000 }, undefined, AbortSignal.timeout(10_000))) {
      b.series.forEach((labels, s) => {
        const from = b.offsets[s] as number;
        const to = b.offsets[s + 1] as number;
        out.push({ labels: labelsToRecord(labels), ts: [...b.timestampsMs.subarray(from, to)], values: [...b.values.subarray(from, to)] });
      });
    }
    return out;
  }

  it('stores series and samples, answers 204, and serves them back', async () => {
    const t0 = Date.now() - 60_000;
    const values = Float64Array.of(1, 2, 3, 0);
    new DataView(values.buffer).setBigUint64(3 * 8, STALE_NAN_BITS, true);
    const requests = await sendRemoteWrite(
      writeUrl,
      [
        { labels: { __name__: 'rw_requests_total', job: 'api', instance: 'a:1' }, timestampsMs: [t0, t0 + 15_000, t0 + 30_000, t0 + 45_000], values },
        { labels: { __name__: 'rw_requests_total', job: 'api', instance: 'b:1', empty: '' }, timestampsMs: [t0], values: [42] },
      ],
      { metadata: [{ metricFamilyName: 'rw_requests', type: 'counter', help: 'Requests served.', unit: '' }], maxSamplesPerRequest: 3 },
    );
    assert.equal(requests, 2);

    const series = await seriesOf('rw_requests_total');
    assert.deepEqual(
      series.sort((a, b) => (a.instance ?? '').localeCompare(b.instance ?? '')),
      [
        { __name__: 'rw_requests_total', instance: 'a:1', job: 'api' },
        { __name__: 'rw_requests_total', instance: 'b:1', job: 'api' },
      ],
    );
    const samples = (await stored('rw_requests_total')).sort((a, b) => (a.labels.instance ?? '').localeCompare(b.labels.instance ?? ''));
    assert.deepEqual(samples[0]?.ts, [t0, t0 + 15_000, t0 + 30_000, t0 + 45_000]);
    assert.deepEqual(samples[0]?.values.slice(0, 3), [1, 2, 3]);
    assert.ok(isStaleNaN(samples[0]?.values[3] as number), 'the staleness marker is stored as one');
    assert.deepEqual(samples[1]?.values, [42]);

    const meta = await getJson<{ data: Record<string, { type: string; help: string }[]> }>(`${omni.baseUrl}/api/v1/metadata?metric=rw_requests`);
    assert.equal(meta.data.rw_requests?.[0]?.type, 'counter');
    assert.equal(meta.data.rw_requests?.[0]?.help, 'Requests served.');

    const selfMetrics = await (await fetch(`${omni.baseUrl}/metrics`)).text();
    assert.match(selfMetrics, /omniscope_ingest_records_received_total\{signal="metrics",protocol="remote_write"\} 5/);
  });

  it('POST /-/compact moves stored samples into chunks; series, samples and the staleness marker read back the same', async () => {
    const t0 = Date.now() - 3 * 3_600_000;
    const values = Float64Array.of(0.5, 1.25, 0);
    new DataView(values.buffer).setBigUint64(2 * 8, STALE_NAN_BITS, true);
    await sendRemoteWrite(writeUrl, [{ labels: { __name__: 'rw_compacted', job: 'api' }, timestampsMs: [t0, t0 + 15_000, t0 + 30_000], values }]);
    const before = await stored('rw_compacted');
    const res = await fetch(`${omni.baseUrl}/-/compact`, { method: 'POST' });
    assert.equal(res.status, 200);
    const body = (await res.json()) as { status: string; data: { rowsCompacted: number; durationSeconds: number } };
    assert.equal(body.status, 'success');
    assert.ok(body.data.rowsCompacted >= 3, `rows compacted: ${body.data.rowsCompacted}`);
    const after = await stored('rw_compacted');
    assert.deepEqual(after[0]?.ts, before[0]?.ts);
    assert.deepEqual(after[0]?.values.slice(0, 2), [0.5, 1.25]);
    assert.ok(isStaleNaN(after[0]?.values[2] as number));
    const q = await getJson<{ data: { result: { values: [number, string][] }[] } }>(
      `${omni.baseUrl}/api/v1/query_range?query=rw_compacted&start=${t0 / 1000}&end=${(t0 + 15_000) / 1000}&step=15`,
    );
    assert.deepEqual(q.data.result[0]?.values, [[t0 / 1000, '0.5'], [(t0 + 15_000) / 1000, '1.25']]);
  });

  it('accepts requests without Content-Type or Content-Encoding (assumed 1.0 and snappy)', async () => {
    const body = encodeRemoteWriteBody([{ labels: { __name__: 'rw_bare' }, timestampsMs: [Date.now()], values: [1] }]);
    const res = await fetch(writeUrl, { method: 'POST', body });
    assert.equal(res.status, 204);
    assert.equal((await seriesOf('rw_bare')).length, 1);
  });

  it('keeps tenants apart through the tenant header', async () => {
    await sendRemoteWrite(writeUrl, [{ labels: { __name__: 'rw_tenant_metric' }, timestampsMs: [Date.now()], values: [7] }], { headers: { 'X-Scope-OrgID': 'team-b' } });
    assert.deepEqual(await seriesOf('rw_tenant_metric'), []);
    assert.deepEqual(await seriesOf('rw_tenant_metric', { 'X-Scope-OrgID': 'team-b' }), [{ __name__: 'rw_tenant_metric' }]);
    assert.deepEqual((await stored('rw_tenant_metric', 'team-b'))[0]?.values, [7]);
  });

  it('skips series with invalid labels like Prometheus (204) and counts them', async () => {
    const w = new ProtobufWriter();
    w.message(1, (ts) => ts.message(1, (l) => l.string(1, 'job').string(2, 'no-name')).message(2, (s) => s.double(1, 1).int64(2, Date.now())));
    w.message(1, (ts) => ts.message(1, (l) => l.string(1, '__name__').string(2, 'rw_valid')).message(2, (s) => s.double(1, 1).int64(2, Date.now())));
    const res = await postRemoteWrite(writeUrl, snappyEncode(w.finish()));
    assert.equal(res.status, 204);
    assert.equal((await seriesOf('rw_valid')).length, 1);
    const selfMetrics = await (await fetch(`${omni.baseUrl}/metrics`)).text();
    assert.match(selfMetrics, /omniscope_ingest_records_rejected_total\{signal="metrics",protocol="remote_write",reason="invalid_labels"\} 1/);
  });

  it('answers 400 for samples older than retention, storing the rest', async () => {
    const now = Date.now();
    const body = encodeRemoteWriteBody([
      { labels: { __name__: 'rw_old' }, timestampsMs: [now - 40 * 86_400_000], values: [1] },
      { labels: { __name__: 'rw_recent' }, timestampsMs: [now], values: [2] },
    ]);
    const res = await postRemoteWrite(writeUrl, body);
    assert.equal(res.status, 400);
    assert.match(res.body, /1 sample\(s\) rejected: older than the metrics retention \(15d\)/);
    assert.match(res.body, /1 sample\(s\) of this request were stored/);
    assert.deepEqual((await stored('rw_recent'))[0]?.values, [2]);
  });

  it('answers 400 for native histograms, storing float samples', async () => {
    const w = new ProtobufWriter();
    w.message(1, (ts) =>
      ts
        .message(1, (l) => l.string(1, '__name__').string(2, 'rw_native'))
        .message(2, (s) => s.double(1, 3).int64(2, Date.now()))
        .message(4, (h) => h.uint64(1, 2).double(3, 1.5).int64(15, Date.now())),
    );
    const res = await postRemoteWrite(writeUrl, snappyEncode(w.finish()));
    assert.equal(res.status, 400);
    assert.match(res.body, /1 native histogram sample\(s\) rejected/);
    assert.match(res.body, /does not store native histograms/);
    assert.deepEqual((await stored('rw_native'))[0]?.values, [3]);
  });

  const refusals: Array<[string, () => Promise<{ status: number; body: string }>, number, RegExp]> = [
    ['corrupt snappy', () => postRemoteWrite(writeUrl, Uint8Array.of(10, 0x24, 1, 2)), 400, /cannot decode the snappy-compressed body .*runs past the input/],
    ['uncompressed protobuf', () => postRemoteWrite(writeUrl, encodeWriteRequest([{ labels: { __name__: 'x' }, timestampsMs: [1], values: [1] }])), 400, /snappy/],
    ['snappy of bad protobuf', () => postRemoteWrite(writeUrl, snappyEncode(Uint8Array.of(0x0a, 0x09, 0x01))), 400, /malformed prometheus.WriteRequest protobuf/],
    ['JSON content type', () => postRemoteWrite(writeUrl, new Uint8Array(4), { 'Content-Type': 'application/json' }), 415, /expects application\/x-protobuf/],
    [
      'remote write 2.0',
      () => postRemoteWrite(writeUrl, new Uint8Array(4), { 'Content-Type': 'application/x-protobuf;proto=io.prometheus.write.v2.Request', 'X-Prometheus-Remote-Write-Version': '2.0.0' }),
      415,
      /remote write 2.0 \(io.prometheus.write.v2.Request\) is not supported yet/,
    ],
    ['gzip encoding', () => postRemoteWrite(writeUrl, new Uint8Array(4), { 'Content-Encoding': 'gzip' }), 415, /must be snappy-compressed/],
    ['a body over the limit', () => postRemoteWrite(writeUrl, new Uint8Array(LIMIT_BYTES + 1)), 413, new RegExp(`exceeds the limit of ${LIMIT_BYTES} bytes`)],
    [
      'a snappy block declaring more than the limit',
      () => postRemoteWrite(writeUrl, Uint8Array.of(0x80, 0x80, 0x80, 0x01, 0x00, 0x61)),
      413,
      new RegExp(`2097152 decoded bytes, over the limit of ${LIMIT_BYTES} bytes \\(limits.max_request_body_bytes\\)`),
    ],
  ];
  for (const [what, send, status, message] of refusals) {
    it(`refuses ${what} with ${status} and a plain-text reason`, async () => {
      const res = await send();
      assert.equal(res.status, status, res.body);
      assert.match(res.body, message);
    });
  }

  it('counts refused requests as malformed', async () => {
    const selfMetrics = await (await fetch(`${omni.baseUrl}/metrics`)).text();
    assert.match(selfMetrics, /omniscope_ingest_records_rejected_total\{signal="metrics",protocol="remote_write",reason="malformed"\} [1-9]/);
  });
});

describe('remote write with storage.metrics_out_of_order_window', () => {
  let omni: TestOmniscope;
  before(async () => {
    omni = await startTestOmniscope({}, 'storage:\n  metrics_out_of_order_window: 10m\n');
  });
  after(async () => {
    await omni.stop();
  });

  it('answers 400 for samples further behind their series than the window, storing the rest, as Prometheus does', async () => {
    const url = `${omni.baseUrl}/api/v1/write`;
    const now = Date.now();
    assert.equal((await postRemoteWrite(url, encodeRemoteWriteBody([{ labels: { __name__: 'rw_ooo' }, timestampsMs: [now], values: [1] }]))).status, 204);
    const late = encodeRemoteWriteBody([{ labels: { __name__: 'rw_ooo' }, timestampsMs: [now - 20 * 60_000, now - 5 * 60_000], values: [2, 3] }]);
    const res = await postRemoteWrite(url, late);
    assert.equal(res.status, 400);
    assert.match(res.body, /1 sample\(s\) rejected: out of order: older than their series' newest sample and more than 10m behind the newest sample written \(storage.metrics_out_of_order_window\)/);
    assert.match(res.body, /1 sample\(s\) of this request were stored/);
    const q = await getJson<{ data: { result: { values: [number, string][] }[] } }>(
      `${omni.baseUrl}/api/v1/query_range?query=rw_ooo&start=${(now - 30 * 60_000) / 1000}&end=${now / 1000}&step=60`,
    );
    assert.deepEqual(new Set(q.data.result[0]?.values.map((v) => v[1])), new Set(['3', '1']), 'the sample within the window and the newest one');
    const selfMetrics = await (await fetch(`${omni.baseUrl}/metrics`)).text();
    assert.match(selfMetrics, /omniscope_ingest_records_rejected_total\{signal="metrics",protocol="remote_write",reason="out_of_order"\} 1/);
  });

  it('names the same refusal in the partial success of an OTLP metrics export', async () => {
    const now = Date.now();
    const point = (ms: number, v: number) => ({ timeUnixNano: String(BigInt(ms) * 1_000_000n), asDouble: v });
    const body = {
      resourceMetrics: [{ scopeMetrics: [{ metrics: [{ name: 'otlp_ooo', gauge: { dataPoints: [point(now, 1), point(now - 30 * 60_000, 2)] } }] }] }],
    };
    // The first export sets the newest sample; the late point in the second is 30m behind it.
    const post = async (doc: unknown) =>
      (await (await fetch(`${omni.baseUrl}/v1/metrics`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(doc) })).json()) as {
        partialSuccess?: { rejectedDataPoints?: string; errorMessage?: string };
      };
    const first = await post({ resourceMetrics: [{ scopeMetrics: [{ metrics: [{ name: 'otlp_ooo', gauge: { dataPoints: [point(now, 1)] } }] }] }] });
    assert.equal(first.partialSuccess?.rejectedDataPoints ?? '0', '0');
    const second = await post(body);
    assert.equal(String(second.partialSuccess?.rejectedDataPoints), '1');
    assert.match(second.partialSuccess?.errorMessage ?? '', /1 samples rejected: out of order: older than their series' newest sample and more than 10m behind/);
  });
});
