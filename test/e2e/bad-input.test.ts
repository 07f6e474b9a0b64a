/**
 * Hostile input against every ingest endpoint and the read APIs: random bytes, truncated
 * payloads, oversized and zip-bomb bodies, wrong content types and encodings, garbage query
 * parameters. Every answer must be a 4xx in the API's own shape (never a 5xx, a crash or a
 * hang), the server must stay ready, and data accepted before must still be there.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import { credentials, makeGenericClientConstructor, Metadata } from '@grpc/grpc-js';
import type { ServiceError } from '@grpc/grpc-js';
import { getJson, startTestOmniscope } from '../helpers/test-omniscope.js';
import type { TestOmniscope } from '../helpers/test-omniscope.js';

const LIMIT = 256 * 1024;
const NOW_NS = BigInt(Date.now()) * 1_000_000n;
const TRACE_ID = 'c0ffee00c0ffee00c0ffee00c0ffee00';

/** A deterministic pseudo-random generator, so a failure can be replayed. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 4294967296;
  };
}

function randomBytes(rand: () => number, n: number): Buffer {
  const b = Buffer.alloc(n);
  for (let i = 0; i < n; i++) b[i] = Math.floor(rand() * 256);
  return b;
}

/** A valid ExportTraceServiceRequest in protobuf, written by hand (one span). */
function validTraceProto(): Buffer {
  const hex = (s: string): Buffer => Buffer.from(s, 'hex');
  const field = (n: number, wt: number): Buffer => Buffer.from([(n << 3) | wt]);
  const len = (b: Buffer): Buffer => Buffer.concat([varint(b.length), b]);
  const varint = (v: number): Buffer => {
    const out: number[] = [];
    while (v > 127) {
      out.push((v & 127) | 128);
      v = Math.floor(v / 128);
    }
    out.push(v);
    return Buffer.from(out);
  };
  const fixed64 = (v: bigint): Buffer => {
    const b = Buffer.alloc(8);
    b.writeBigUInt64LE(v);
    return b;
  };
  const str = (n: number, s: string): Buffer => Buffer.concat([field(n, 2), len(Buffer.from(s))]);
  const span = Buffer.concat([
    field(1, 2), len(hex('0123456789abcdef0123456789abcdef')),
    field(2, 2), len(hex('0123456789abcdef')),
    str(5, 'fuzz-span'),
    field(7, 1), fixed64(NOW_NS),
    field(8, 1), fixed64(NOW_NS + 1000n),
  ]);
  const scopeSpans = Buffer.concat([field(2, 2), len(span)]);
  const kv = Buffer.concat([str(1, 'service.name'), field(2, 2), len(str(1, 'fuzz'))]);
  const resource = Buffer.concat([field(1, 2), len(kv)]);
  const resourceSpans = Buffer.concat([field(1, 2), len(resource), field(2, 2), len(scopeSpans)]);
  return Buffer.concat([field(1, 2), len(resourceSpans)]);
}

describe('hostile input', () => {
  let omni: TestOmniscope;
  before(async () => {
    omni = await startTestOmniscope({}, `limits:\n  max_request_body_bytes: ${LIMIT}\n`);
    // Data accepted before the abuse starts.
    const res = await fetch(`${omni.baseUrl}/v1/traces`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        resourceSpans: [{ resource: { attributes: [{ key: 'service.name', value: { stringValue: 'precious' } }] }, scopeSpans: [{ spans: [{ traceId: TRACE_ID, spanId: '1111111111111111', name: 'keep-me', startTimeUnixNano: String(NOW_NS), endTimeUnixNano: String(NOW_NS + 5n) }] }] }],
      }),
    });
    assert.equal(res.status, 200);
  });
  after(async () => {
    await omni.stop();
  });

  const post = async (path: string, body: Buffer | string, headers: Record<string, string>): Promise<Response> =>
    fetch(`${omni.baseUrl}${path}`, { method: 'POST', headers, body, signal: AbortSignal.timeout(10_000) });

  const PATHS = ['/v1/traces', '/v1/metrics', '/v1/logs'];

  it('answers random and truncated protobuf with 400 or a valid outcome, never 5xx', async () => {
    const rand = rng(42);
    const valid = validTraceProto();
    for (const path of PATHS) {
      for (let i = 0; i < 40; i++) {
        const body = randomBytes(rand, 1 + Math.floor(rand() * 2000));
        const res = await post(path, body, { 'content-type': 'application/x-protobuf' });
        assert.ok(res.status === 200 || res.status === 400, `${path} random #${i}: status ${res.status}`);
        if (res.status === 400) assert.equal(res.headers.get('content-type'), 'application/x-protobuf');
        await res.arrayBuffer();
      }
    }
    let rejected = 0;
    for (let cut = 1; cut < valid.length; cut++) {
      const res = await post('/v1/traces', valid.subarray(0, cut), { 'content-type': 'application/x-protobuf' });
      assert.ok(res.status === 200 || res.status === 400, `truncated at ${cut}: ${res.status}`);
      if (res.status === 400) rejected++;
      await res.arrayBuffer();
    }
    assert.ok(rejected > valid.length / 2, `most truncations are detected (${rejected}/${valid.length - 1})`);
  });

  it('answers malformed JSON with 400 and a JSON Status body', async () => {
    for (const path of PATHS) {
      for (const body of ['{', 'null', '[]', '{"resourceSpans":"x"}', '{"resourceMetrics":[{"scopeMetrics":[{"metrics":[{"gauge":{"dataPoints":"no"}}]}]}]}', '\u0000\u0001', '{"resourceLogs":[{"scopeLogs":[{"logRecords":[{"timeUnixNano":"abc"}]}]}]}']) {
        const res = await post(path, body, { 'content-type': 'application/json' });
        assert.ok(res.status === 400 || res.status === 200, `${path} ${body}: ${res.status}`);
        const json = (await res.json()) as { code?: number; message?: string };
        if (res.status === 400) {
          assert.equal(json.code, 3, 'INVALID_ARGUMENT');
          assert.ok((json.message ?? '').length > 0);
        }
      }
      const res = await post(path, '{', { 'content-type': 'application/json' });
      assert.equal(res.status, 400);
      await res.arrayBuffer();
    }
  });

  it('answers oversized bodies and gzip bombs with 413', async () => {
    const big = Buffer.alloc(LIMIT + 1);
    let res = await post('/v1/traces', big, { 'content-type': 'application/x-protobuf' });
    assert.equal(res.status, 413);
    await res.arrayBuffer();
    const bomb = gzipSync(Buffer.alloc(LIMIT * 64));
    res = await post('/v1/logs', bomb, { 'content-type': 'application/x-protobuf', 'content-encoding': 'gzip' });
    assert.equal(res.status, 413);
    await res.arrayBuffer();
    // Chunked upload with no Content-Length: the limit is enforced while reading.
    const stream = new ReadableStream<Uint8Array>({
      start(c) {
        for (let i = 0; i < 20; i++) c.enqueue(new Uint8Array(64 * 1024));
        c.close();
      },
    });
    res = await fetch(`${omni.baseUrl}/v1/metrics`, { method: 'POST', headers: { 'content-type': 'application/x-protobuf' }, body: stream, duplex: 'half' } as RequestInit);
    assert.equal(res.status, 413);
    await res.arrayBuffer();
  });

  it('answers wrong content types and encodings with 415, corrupt gzip with 400', async () => {
    let res = await post('/v1/traces', 'hello', { 'content-type': 'text/plain' });
    assert.equal(res.status, 415);
    await res.arrayBuffer();
    res = await post('/v1/traces', 'hello', { 'content-type': 'application/x-protobuf', 'content-encoding': 'br' });
    assert.equal(res.status, 415);
    await res.arrayBuffer();
    res = await post('/v1/traces', 'not gzip', { 'content-type': 'application/x-protobuf', 'content-encoding': 'gzip' });
    assert.equal(res.status, 400);
    await res.arrayBuffer();
  });

  it('answers garbage over gRPC with INVALID_ARGUMENT', async () => {
    const Client = makeGenericClientConstructor(
      {
        Export: {
          path: '/opentelemetry.proto.collector.trace.v1.TraceService/Export',
          requestStream: false,
          responseStream: false,
          requestSerialize: (b: Buffer) => b,
          requestDeserialize: (b: Buffer) => b,
          responseSerialize: (b: Buffer) => b,
          responseDeserialize: (b: Buffer) => b,
        },
      },
      'TraceService',
    );
    const client = new Client(omni.otlpGrpcUrl.replace('http://', ''), credentials.createInsecure());
    const call = (body: Buffer): Promise<ServiceError | null> =>
      new Promise((resolve) => {
        (client as unknown as { Export: (b: Buffer, m: Metadata, cb: (e: ServiceError | null) => void) => void }).Export(body, new Metadata(), (e) => resolve(e));
      });
    const err = await call(Buffer.from([0x0a, 0xff, 0xff, 0xff, 0x0f, 1, 2]));
    assert.equal(err?.code, 3);
    assert.match(err?.details ?? '', /truncated|invalid|length/i);
    const ok = await call(validTraceProto());
    assert.equal(ok, null);
    client.close();
  });

  it('answers bad read requests in each API’s own error shape', async () => {
    let res = await fetch(`${omni.baseUrl}/api/v1/series`);
    assert.equal(res.status, 400);
    let body = (await res.json()) as { status: string; errorType: string };
    assert.equal(body.status, 'error');
    assert.equal(body.errorType, 'bad_data');
    res = await fetch(`${omni.baseUrl}/api/v1/series?match[]=${encodeURIComponent('{job=~"("}')}`);
    assert.equal(res.status, 400);
    body = (await res.json()) as { status: string; errorType: string };
    assert.equal(body.errorType, 'bad_data');
    res = await fetch(`${omni.baseUrl}/api/v1/labels?start=yesterday`);
    assert.equal(res.status, 400);
    await res.arrayBuffer();
    res = await fetch(`${omni.baseUrl}/loki/api/v1/query_range?query=${encodeURIComponent('{service_name=')}`);
    assert.equal(res.status, 400);
    assert.ok((await res.text()).length > 0);
    res = await fetch(`${omni.baseUrl}/api/traces/not-a-trace-id`);
    assert.equal(res.status, 400);
    await res.arrayBuffer();
    res = await fetch(`${omni.baseUrl}/jaeger/api/traces?service=x&minDuration=soon`);
    assert.equal(res.status, 400);
    const jaeger = (await res.json()) as { errors: Array<{ code: number; msg: string }> };
    assert.equal(jaeger.errors[0]?.code, 400);
  });

  it('is still ready and still has the data accepted before', async () => {
    const ready = await fetch(`${omni.baseUrl}/-/ready`);
    assert.equal(ready.status, 200);
    await ready.arrayBuffer();
    const trace = await getJson<{ batches: Array<{ scopeSpans: Array<{ spans: Array<{ name: string }> }> }> }>(`${omni.baseUrl}/api/traces/${TRACE_ID}`);
    assert.equal(trace.batches[0]?.scopeSpans[0]?.spans[0]?.name, 'keep-me');
    const metrics = await fetch(`${omni.baseUrl}/metrics`);
    const text = await metrics.text();
    assert.match(text, /omniscope_ingest_records_rejected_total\{signal="traces",protocol="otlp_http",reason="malformed"\} \d+/);
    assert.match(text, /omniscope_http_request_duration_seconds_count\{route="\/opentelemetry\.proto\.collector\.trace\.v1\.TraceService\/Export",method="grpc",code="3"\} 1\n/);
    assert.match(text, /omniscope_http_request_duration_seconds_count\{route="\/v1\/traces",method="POST",code="413"\} \d+/);
  });
});
