/* eslint-disable @typescript-eslint/no-explicit-any -- the assertions walk decoded JSON and protobuf objects */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import protobuf from 'protobufjs';
import type { SpanBatch } from '../../model/index.js';
import { SpanBatchBuilder, attributesToOtlpJson } from '../../model/index.js';
import { decodeTracesJson, decodeTracesProto } from '../../ingest/otlp/traces/index.js';
import { groupSpansByResourceAndScope, spanBatchToOtlpJson, spanBatchToOtlpProto } from './index.js';
import {
  CHECKOUT_TRACE_ID,
  CLIENT_SPAN_ID,
  PAYMENT_SPAN_ID,
  ROOT_SPAN_ID,
  SCHEMA_URL,
  T0_NS,
  TENANT,
  WORKER_TRACE_ID,
  CONSUME_SPAN_ID,
  checkoutFrontendBatch,
  paymentsWorkerHealthBatch,
} from './testdata/sample-traces.js';

const PROTO_DIR = fileURLToPath(new URL('../../../../shared/conformance/otlp/proto/', import.meta.url));

function loadTracesData(): protobuf.Type {
  const root = new protobuf.Root();
  root.resolvePath = (_origin, target) => PROTO_DIR + target;
  root.loadSync('opentelemetry/proto/trace/v1/trace.proto', { keepCase: false });
  return root.lookupType('opentelemetry.proto.trace.v1.TracesData');
}

/** Both sample batches as one batch (the frontend resource appears twice, as separate objects). */
function sampleBatch(): SpanBatch {
  const b = new SpanBatchBuilder(TENANT);
  for (const part of [checkoutFrontendBatch(), paymentsWorkerHealthBatch()]) {
    const resources = part.resources.map((r) => b.resource(r));
    const scopes = part.scopes.map((s) => b.scope(s));
    for (let i = 0; i < part.length; i++) {
      b.span({
        resourceIndex: resources[part.resourceIndex[i] as number] as number,
        scopeIndex: scopes[part.scopeIndex[i] as number] as number,
        traceId: part.traceId[i] as string,
        spanId: part.spanId[i] as string,
        parentSpanId: part.parentSpanId[i] as string,
        traceState: part.traceState[i] as string,
        name: part.name[i] as string,
        kind: part.kind[i] as number,
        startTimeUnixNano: part.startTimeUnixNano[i] as bigint,
        endTimeUnixNano: part.endTimeUnixNano[i] as bigint,
        statusCode: part.statusCode[i] as number,
        statusMessage: part.statusMessage[i] as string,
        attributes: part.attributes[i] ?? [],
        events: part.events[i] ?? [],
        links: part.links[i] ?? [],
        flags: part.flags[i] as number,
        droppedAttributesCount: part.droppedAttributesCount[i] as number,
        droppedEventsCount: part.droppedEventsCount[i] as number,
        droppedLinksCount: part.droppedLinksCount[i] as number,
      });
    }
  }
  return b.build();
}

/** Every span with its resource and scope resolved, attribute values in their lossless JSON form, by span id. */
function comparableSpans(batch: SpanBatch): unknown[] {
  const out: { spanId: string }[] = [];
  for (let i = 0; i < batch.length; i++) {
    const r = batch.resources[batch.resourceIndex[i] as number];
    const s = batch.scopes[batch.scopeIndex[i] as number];
    assert.ok(r !== undefined && s !== undefined);
    out.push({
      resource: { ...r, attributes: attributesToOtlpJson(r.attributes) },
      scope: { ...s, attributes: attributesToOtlpJson(s.attributes) },
      traceId: batch.traceId[i],
      spanId: batch.spanId[i] as string,
      parentSpanId: batch.parentSpanId[i],
      traceState: batch.traceState[i],
      name: batch.name[i],
      kind: batch.kind[i],
      start: batch.startTimeUnixNano[i],
      end: batch.endTimeUnixNano[i],
      statusCode: batch.statusCode[i],
      statusMessage: batch.statusMessage[i],
      attributes: attributesToOtlpJson(batch.attributes[i] ?? []),
      events: (batch.events[i] ?? []).map((e) => ({ ...e, attributes: attributesToOtlpJson(e.attributes) })),
      links: (batch.links[i] ?? []).map((l) => ({ ...l, attributes: attributesToOtlpJson(l.attributes) })),
      flags: batch.flags[i],
      droppedAttributesCount: batch.droppedAttributesCount[i],
      droppedEventsCount: batch.droppedEventsCount[i],
      droppedLinksCount: batch.droppedLinksCount[i],
    } as { spanId: string });
  }
  return out.sort((a, b) => (a.spanId < b.spanId ? -1 : 1));
}

const b64 = (hex: string): string => Buffer.from(hex, 'hex').toString('base64');

describe('groupSpansByResourceAndScope', () => {
  it('merges equal resources and scopes listed twice, keeping first-appearance order', () => {
    const batch = sampleBatch();
    assert.equal(batch.resources.length, 4);
    const groups = groupSpansByResourceAndScope(batch);
    assert.deepEqual(
      groups.map((g) => [g.resource.serviceName, g.scopes.map((s) => [s.scope.name, s.spans.map((i) => batch.spanId[i])])]),
      [
        ['frontend', [['@opentelemetry/instrumentation-http', [ROOT_SPAN_ID, CLIENT_SPAN_ID, '5e6f708192a3b4c5']]]],
        ['payments', [['payments-lib', [PAYMENT_SPAN_ID, '3c4d5e6f708192a3']]]],
        ['worker', [['', [CONSUME_SPAN_ID]]]],
      ],
    );
  });
});

describe('spanBatchToOtlpJson (OTLP/JSON dialect)', () => {
  const json = spanBatchToOtlpJson(sampleBatch());

  it('writes resource, scope and span fields per the OTLP/JSON encoding', () => {
    const [frontend, payments, worker] = json.resourceSpans as [Record<string, any>, Record<string, any>, Record<string, any>];
    assert.equal(json.resourceSpans.length, 3);
    assert.deepEqual(frontend.resource, {
      attributes: [
        { key: 'service.name', value: { stringValue: 'frontend' } },
        { key: 'host.name', value: { stringValue: 'web-1' } },
        { key: 'process.pid', value: { intValue: '4242' } },
      ],
    });
    assert.equal(frontend.schemaUrl, SCHEMA_URL);
    assert.deepEqual(frontend.scopeSpans[0].scope, { name: '@opentelemetry/instrumentation-http', version: '0.52.0' });
    assert.equal('schemaUrl' in frontend.scopeSpans[0], false);
    assert.deepEqual(frontend.scopeSpans[0].spans[0], {
      traceId: CHECKOUT_TRACE_ID,
      spanId: ROOT_SPAN_ID,
      flags: 0x101,
      name: 'GET /checkout',
      kind: 2,
      startTimeUnixNano: T0_NS.toString(),
      endTimeUnixNano: (T0_NS + 250_000_000n).toString(),
      attributes: [
        { key: 'http.method', value: { stringValue: 'GET' } },
        { key: 'http.route', value: { stringValue: '/checkout' } },
        { key: 'http.status_code', value: { intValue: '500' } },
      ],
      status: {},
    });
    assert.deepEqual(frontend.scopeSpans[0].spans[1].events, [
      {
        timeUnixNano: (T0_NS + 200_123_456n).toString(),
        name: 'exception',
        attributes: [
          { key: 'exception.type', value: { stringValue: 'PaymentError' } },
          { key: 'exception.message', value: { stringValue: 'card declined' } },
        ],
      },
      { timeUnixNano: (T0_NS + 205_000_000n).toString(), name: 'retry', attributes: [{ key: 'attempt', value: { intValue: '2' } }], droppedAttributesCount: 1 },
    ]);
    assert.deepEqual(frontend.scopeSpans[0].spans[1].status, { message: 'card declined', code: 2 });
    assert.equal(frontend.scopeSpans[0].spans[1].parentSpanId, ROOT_SPAN_ID);

    assert.deepEqual(payments.resource, {
      attributes: [
        { key: 'service.name', value: { stringValue: 'payments' } },
        { key: 'deployment.environment', value: { stringValue: 'prod' } },
      ],
      droppedAttributesCount: 1,
    });
    assert.equal('schemaUrl' in payments, false);
    assert.deepEqual(payments.scopeSpans[0].scope, {
      name: 'payments-lib',
      version: '1.2.3',
      attributes: [{ key: 'lib.flavor', value: { stringValue: 'fast' } }],
    });
    assert.equal(payments.scopeSpans[0].schemaUrl, 'https://example.com/scope-schema');
    const charge = payments.scopeSpans[0].spans[0];
    assert.equal(charge.traceState, 'vendor=1');
    assert.deepEqual(charge.attributes, [
      { key: 'str', value: { stringValue: 'text' } },
      { key: 'flag', value: { boolValue: true } },
      { key: 'ratio', value: { doubleValue: 0.25 } },
      { key: 'count', value: { intValue: '42' } },
      { key: 'big', value: { intValue: '9007199254740993' } },
      { key: 'negative', value: { intValue: '-7' } },
      { key: 'blob', value: { bytesValue: '3q2+7w==' } },
      { key: 'list', value: { arrayValue: { values: [{ stringValue: 'a' }, { intValue: '1' }, { boolValue: false }] } } },
      { key: 'map', value: { kvlistValue: { values: [{ key: 'k', value: { stringValue: 'v' } }] } } },
      { key: 'nothing', value: {} },
      { key: 'empty', value: { stringValue: '' } },
      { key: 'zero', value: { intValue: '0' } },
    ]);
    assert.equal(charge.droppedAttributesCount, 2);
    assert.equal(charge.droppedEventsCount, 1);
    assert.equal(charge.droppedLinksCount, 3);
    assert.deepEqual(charge.links, [
      {
        traceId: WORKER_TRACE_ID,
        spanId: CONSUME_SPAN_ID,
        traceState: 'linked=yes',
        attributes: [{ key: 'link.reason', value: { stringValue: 'async' } }],
        droppedAttributesCount: 4,
        flags: 1,
      },
    ]);
    assert.deepEqual(charge.status, { code: 1 });
    assert.deepEqual(worker.scopeSpans[0].scope, {});
    assert.equal('kind' in worker.scopeSpans[0].spans[0], false, 'SPAN_KIND_UNSPECIFIED is the default and omitted');
  });

  it('round-trips through the OTLP/JSON decoder to the same spans', () => {
    const decoded = decodeTracesJson(JSON.stringify(json), TENANT);
    assert.equal(decoded.rejected, 0);
    assert.deepEqual(comparableSpans(decoded.batch), comparableSpans(sampleBatch()));
  });

  it('encodes an empty batch as no resourceSpans', () => {
    assert.deepEqual(spanBatchToOtlpJson(new SpanBatchBuilder(TENANT).build()), { resourceSpans: [] });
  });
});

describe('spanBatchToOtlpJson (protojson dialect, as Tempo answers)', () => {
  const json = spanBatchToOtlpJson(sampleBatch(), { dialect: 'protojson' });
  const spans = json.resourceSpans.flatMap((rs: any) => rs.scopeSpans.flatMap((ss: any) => ss.spans)) as Record<string, any>[];

  it('writes ids as base64 and enums by name', () => {
    const client = spans.find((s) => s.name === 'POST /charge');
    assert.ok(client !== undefined);
    assert.equal(client.traceId, b64(CHECKOUT_TRACE_ID));
    assert.equal(client.spanId, b64(CLIENT_SPAN_ID));
    assert.equal(client.parentSpanId, b64(ROOT_SPAN_ID));
    assert.equal(client.kind, 'SPAN_KIND_CLIENT');
    assert.deepEqual(client.status, { message: 'card declined', code: 'STATUS_CODE_ERROR' });
    const charge = spans.find((s) => s.name === 'charge');
    assert.equal(charge?.links[0].traceId, b64(WORKER_TRACE_ID));
    assert.deepEqual(charge?.status, { code: 'STATUS_CODE_OK' });
  });

  it('is accepted by a proto3 JSON parser and equals the protobuf encoding', () => {
    const TracesData = loadTracesData();
    const fromJson = TracesData.toObject(TracesData.fromObject(json), { longs: String, bytes: String, enums: Number });
    const fromProto = TracesData.toObject(TracesData.decode(spanBatchToOtlpProto(sampleBatch())), {
      longs: String,
      bytes: String,
      enums: Number,
    });
    assert.deepEqual(fromJson, fromProto);
  });
});

describe('spanBatchToOtlpProto', () => {
  const bytes = spanBatchToOtlpProto(sampleBatch());

  it('decodes with the official trace.proto (protobufjs) to every field', () => {
    const TracesData = loadTracesData();
    const msg = TracesData.toObject(TracesData.decode(bytes), { longs: String, bytes: String, enums: Number, defaults: false }) as any;
    assert.equal(msg.resourceSpans.length, 3);
    const [frontend, payments] = msg.resourceSpans;
    assert.equal(frontend.schemaUrl, SCHEMA_URL);
    assert.deepEqual(frontend.resource.attributes[2], { key: 'process.pid', value: { intValue: '4242' } });
    const root = frontend.scopeSpans[0].spans[0];
    assert.equal(root.traceId, b64(CHECKOUT_TRACE_ID));
    assert.equal(root.spanId, b64(ROOT_SPAN_ID));
    assert.equal(root.flags, 0x101);
    assert.equal(root.kind, 2);
    assert.equal(root.startTimeUnixNano, T0_NS.toString());
    assert.equal(root.endTimeUnixNano, (T0_NS + 250_000_000n).toString());
    assert.deepEqual(root.status, {});
    const client = frontend.scopeSpans[0].spans[1];
    assert.equal(client.parentSpanId, b64(ROOT_SPAN_ID));
    assert.deepEqual(client.status, { message: 'card declined', code: 2 });
    assert.equal(client.events[0].timeUnixNano, (T0_NS + 200_123_456n).toString());
    assert.equal(client.events[1].droppedAttributesCount, 1);
    assert.equal(payments.resource.droppedAttributesCount, 1);
    assert.deepEqual(payments.scopeSpans[0].scope, {
      name: 'payments-lib',
      version: '1.2.3',
      attributes: [{ key: 'lib.flavor', value: { stringValue: 'fast' } }],
    });
    assert.equal(payments.scopeSpans[0].schemaUrl, 'https://example.com/scope-schema');
    const charge = payments.scopeSpans[0].spans[0];
    assert.deepEqual(
      charge.attributes.map((a: any) => [a.key, a.value]),
      [
        ['str', { stringValue: 'text' }],
        ['flag', { boolValue: true }],
        ['ratio', { doubleValue: 0.25 }],
        ['count', { intValue: '42' }],
        ['big', { intValue: '9007199254740993' }],
        ['negative', { intValue: '-7' }],
        ['blob', { bytesValue: '3q2+7w==' }],
        ['list', { arrayValue: { values: [{ stringValue: 'a' }, { intValue: '1' }, { boolValue: false }] } }],
        ['map', { kvlistValue: { values: [{ key: 'k', value: { stringValue: 'v' } }] } }],
        ['nothing', {}],
        ['empty', { stringValue: '' }],
        ['zero', { intValue: '0' }],
      ],
    );
    assert.equal(charge.traceState, 'vendor=1');
    assert.equal(charge.droppedAttributesCount, 2);
    assert.equal(charge.droppedEventsCount, 1);
    assert.equal(charge.droppedLinksCount, 3);
    assert.deepEqual(charge.links, [
      {
        traceId: b64(WORKER_TRACE_ID),
        spanId: b64(CONSUME_SPAN_ID),
        traceState: 'linked=yes',
        attributes: [{ key: 'link.reason', value: { stringValue: 'async' } }],
        droppedAttributesCount: 4,
        flags: 1,
      },
    ]);
  });

  it('round-trips through the OTLP protobuf decoder to the same spans', () => {
    const decoded = decodeTracesProto(bytes, TENANT);
    assert.equal(decoded.rejected, 0);
    assert.deepEqual(comparableSpans(decoded.batch), comparableSpans(sampleBatch()));
  });

  it('encodes an empty batch as zero bytes', () => {
    assert.equal(spanBatchToOtlpProto(new SpanBatchBuilder(TENANT).build()).length, 0);
  });
});
