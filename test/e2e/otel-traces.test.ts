/**
 * Real OpenTelemetry JS SDK exporters (gRPC, HTTP/protobuf, HTTP/JSON) send traces to a running
 * Omniscope; the spans are read back through the Tempo and Jaeger APIs and compared field by
 * field with what the SDK recorded (an in-memory exporter beside the real one).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ROOT_CONTEXT, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import type { Attributes, AttributeValue, HrTime } from '@opentelemetry/api';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace-base';
import { OTLPTraceExporter as GrpcTraceExporter } from '@opentelemetry/exporter-trace-otlp-grpc';
import { OTLPTraceExporter as ProtoTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { OTLPTraceExporter as JsonTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { getJson, startTestOmniscope } from '../helpers/test-omniscope.js';
import type { TestOmniscope } from '../helpers/test-omniscope.js';

type OtlpJsonValue = Record<string, unknown>;

/** How the OTLP transformer encodes an SDK attribute value, in OTLP/JSON with ints as strings. */
function expectedValue(v: AttributeValue | undefined): OtlpJsonValue {
  if (typeof v === 'string') return { stringValue: v };
  if (typeof v === 'boolean') return { boolValue: v };
  if (typeof v === 'number') return Number.isInteger(v) ? { intValue: String(v) } : { doubleValue: v };
  if (Array.isArray(v)) return { arrayValue: { values: v.map((x) => expectedValue(x as AttributeValue)) } };
  return {};
}

function expectedAttributes(attrs: Attributes): Array<{ key: string; value: OtlpJsonValue }> {
  return Object.entries(attrs)
    .map(([key, value]) => ({ key, value: expectedValue(value) }))
    .sort((a, b) => a.key.localeCompare(b.key));
}

/** Normalizes what the API returned: ints as strings, attributes sorted by key. */
function normalizeValue(v: unknown): OtlpJsonValue {
  const o = (v ?? {}) as Record<string, unknown>;
  if ('intValue' in o) return { intValue: String(o.intValue) };
  if ('arrayValue' in o) {
    const values = ((o.arrayValue as { values?: unknown[] }).values ?? []).map(normalizeValue);
    return { arrayValue: { values } };
  }
  return o;
}

function normalizeAttributes(attrs: unknown): Array<{ key: string; value: OtlpJsonValue }> {
  return ((attrs as Array<{ key: string; value: unknown }> | undefined) ?? [])
    .map((a) => ({ key: a.key, value: normalizeValue(a.value) }))
    .sort((a, b) => a.key.localeCompare(b.key));
}

/** Tempo's JSON is proto3 JSON: ids in base64, enums by name. These turn them back. */
function idHex(v: string | undefined): string {
  if (v === undefined || v === '') return '';
  return /^[0-9a-f]+$/.test(v) && (v.length === 32 || v.length === 16) ? v : Buffer.from(v, 'base64').toString('hex');
}
const KINDS = ['SPAN_KIND_UNSPECIFIED', 'SPAN_KIND_INTERNAL', 'SPAN_KIND_SERVER', 'SPAN_KIND_CLIENT', 'SPAN_KIND_PRODUCER', 'SPAN_KIND_CONSUMER'];
const STATUS = ['STATUS_CODE_UNSET', 'STATUS_CODE_OK', 'STATUS_CODE_ERROR'];
const enumNumber = (v: number | string | undefined, names: string[]): number =>
  typeof v === 'number' ? v : v === undefined ? 0 : names.indexOf(v);

const nanos = (t: HrTime): string => (BigInt(t[0]) * 1_000_000_000n + BigInt(t[1])).toString();

interface TempoSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number | string;
  startTimeUnixNano: string;
  endTimeUnixNano: string;
  attributes?: unknown;
  events?: Array<{ name: string; timeUnixNano: string; attributes?: unknown }>;
  links?: Array<{ traceId: string; spanId: string; attributes?: unknown }>;
  status?: { code?: number | string; message?: string };
}

interface TempoTrace {
  batches: Array<{
    resource: { attributes: unknown };
    scopeSpans: Array<{ scope: { name: string; version?: string }; spans: TempoSpan[] }>;
  }>;
}

/** Records one trace through `exporter` and returns what the SDK produced. */
async function recordTrace(exporter: SpanExporter, serviceName: string): Promise<ReadableSpan[]> {
  const memory = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': serviceName, 'service.version': '1.0.0', 'host.cores': 2 }),
    spanProcessors: [new SimpleSpanProcessor(exporter), new SimpleSpanProcessor(memory)],
  });
  const tracer = provider.getTracer('e2e-scope', '1.2.3');
  const nowSec = Math.floor(Date.now() / 1000) - 5;
  const other = tracer.startSpan('linked-job', { startTime: [nowSec, 1] });
  other.end([nowSec, 2]);
  const root = tracer.startSpan('GET /checkout', {
    kind: SpanKind.SERVER,
    startTime: [nowSec, 123_456_789],
    attributes: {
      'http.method': 'GET',
      'http.status_code': 500,
      'http.duration_ratio': 0.75,
      'cache.hit': false,
      'tags.list': ['a', 'b'],
      'ints.list': [1, 2, 3],
      'bools.list': [true, false],
      'doubles.list': [1.5, 2.5],
    },
    links: [{ context: other.spanContext(), attributes: { 'link.reason': 'batch' } }],
  });
  const child = tracer.startSpan(
    'SELECT orders',
    { kind: SpanKind.CLIENT, startTime: [nowSec, 200_000_001], attributes: { 'db.system': 'postgresql', 'db.rows': 12 } },
    trace.setSpan(ROOT_CONTEXT, root),
  );
  child.addEvent('query.start', { 'query.id': 7 }, [nowSec, 200_000_002]);
  child.addEvent('query.end', {}, [nowSec, 299_999_999]);
  child.end([nowSec, 300_000_003]);
  root.setStatus({ code: SpanStatusCode.ERROR, message: 'payment declined' });
  root.end([nowSec + 1, 999_999_999]);
  await provider.forceFlush();
  const spans = memory.getFinishedSpans().slice();
  await provider.shutdown();
  return spans;
}

function assertSpanEqual(got: TempoSpan, want: ReadableSpan): void {
  const ctx = want.spanContext();
  assert.equal(idHex(got.traceId), ctx.traceId);
  assert.equal(idHex(got.spanId), ctx.spanId);
  assert.equal(idHex(got.parentSpanId), want.parentSpanContext?.spanId ?? '');
  assert.equal(got.name, want.name);
  assert.equal(enumNumber(got.kind, KINDS), want.kind + 1, 'OTLP kind is the SDK kind + 1');
  assert.equal(got.startTimeUnixNano, nanos(want.startTime), `start of ${want.name} to the nanosecond`);
  assert.equal(got.endTimeUnixNano, nanos(want.endTime), `end of ${want.name} to the nanosecond`);
  assert.deepEqual(normalizeAttributes(got.attributes), expectedAttributes(want.attributes));
  assert.equal(got.events?.length ?? 0, want.events.length);
  want.events.forEach((e, i) => {
    const ge = got.events?.[i];
    assert.equal(ge?.name, e.name);
    assert.equal(ge?.timeUnixNano, nanos(e.time));
    assert.deepEqual(normalizeAttributes(ge?.attributes), expectedAttributes(e.attributes ?? {}));
  });
  assert.equal(got.links?.length ?? 0, want.links.length);
  want.links.forEach((l, i) => {
    assert.equal(idHex(got.links?.[i]?.traceId), l.context.traceId);
    assert.equal(idHex(got.links?.[i]?.spanId), l.context.spanId);
    assert.deepEqual(normalizeAttributes(got.links?.[i]?.attributes), expectedAttributes(l.attributes ?? {}));
  });
  assert.equal(enumNumber(got.status?.code, STATUS), want.status.code);
  assert.equal(got.status?.message ?? '', want.status.message ?? '');
}

describe('OpenTelemetry JS trace exporters to Omniscope', () => {
  let omni: TestOmniscope;
  before(async () => {
    omni = await startTestOmniscope();
  });
  after(async () => {
    await omni.stop();
  });

  const transports: Array<[string, () => SpanExporter]> = [
    ['grpc', () => new GrpcTraceExporter({ url: omni.otlpGrpcUrl })],
    ['http/protobuf', () => new ProtoTraceExporter({ url: `${omni.otlpHttpUrl}/v1/traces` })],
    ['http/json', () => new JsonTraceExporter({ url: `${omni.baseUrl}/v1/traces` })],
  ];

  for (const [name, makeExporter] of transports) {
    it(`round-trips every span field over ${name} (Tempo API)`, async () => {
      const service = `svc-${name.replace('/', '-')}`;
      const sent = await recordTrace(makeExporter(), service);
      const root = sent.find((s) => s.name === 'GET /checkout');
      assert.ok(root);
      const traceId = root.spanContext().traceId;
      const got = await getJson<TempoTrace>(`${omni.baseUrl}/api/traces/${traceId}`);
      const spans = got.batches.flatMap((b) => b.scopeSpans.flatMap((s) => s.spans));
      const want = sent.filter((s) => s.spanContext().traceId === traceId);
      assert.equal(spans.length, want.length);
      for (const w of want) {
        const g = spans.find((s) => idHex(s.spanId) === w.spanContext().spanId);
        assert.ok(g, `span ${w.name} is returned`);
        assertSpanEqual(g, w);
      }
      const batch = got.batches[0];
      assert.ok(batch);
      const resource = normalizeAttributes(batch.resource.attributes);
      assert.deepEqual(resource.find((a) => a.key === 'service.name')?.value, { stringValue: service });
      assert.deepEqual(resource.find((a) => a.key === 'host.cores')?.value, { intValue: '2' });
      assert.equal(batch.scopeSpans[0]?.scope.name, 'e2e-scope');
      assert.equal(batch.scopeSpans[0]?.scope.version, '1.2.3');
    });
  }

  it('finds the traces through the Jaeger API', async () => {
    const services = await getJson<{ data: string[] }>(`${omni.baseUrl}/jaeger/api/services`);
    for (const s of ['svc-grpc', 'svc-http-protobuf', 'svc-http-json']) assert.ok(services.data.includes(s), `service ${s} listed`);
    const ops = await getJson<{ data: string[] }>(`${omni.baseUrl}/jaeger/api/services/svc-grpc/operations`);
    assert.deepEqual([...ops.data].sort(), ['GET /checkout', 'SELECT orders', 'linked-job']);
    const found = await getJson<{ data: Array<{ traceID: string; spans: Array<{ operationName: string; tags: Array<{ key: string; value: unknown }>; duration: number }> }> }>(
      `${omni.baseUrl}/jaeger/api/traces?service=svc-http-json&operation=${encodeURIComponent('GET /checkout')}&tags=${encodeURIComponent('{"http.status_code":"500"}')}&limit=10`,
    );
    assert.equal(found.data.length, 1);
    const rootSpan = found.data[0]?.spans.find((s) => s.operationName === 'GET /checkout');
    assert.ok(rootSpan);
    assert.equal(rootSpan.duration, 1_876_543, 'duration in microseconds');
    assert.ok(rootSpan.tags.some((t) => t.key === 'error' && t.value === true));
    const none = await getJson<{ data: unknown[] }>(
      `${omni.baseUrl}/jaeger/api/traces?service=svc-http-json&tags=${encodeURIComponent('{"http.status_code":"200"}')}`,
    );
    assert.equal(none.data.length, 0);
  });

  it('answers 404 for an unknown trace id', async () => {
    const res = await fetch(`${omni.baseUrl}/api/traces/0123456789abcdef0123456789abcdef`);
    assert.equal(res.status, 404);
  });
});
