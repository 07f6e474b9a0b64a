/**
 * Realistic traces for the trace API tests (otlp-json, tempo, jaeger): a checkout request
 * crossing two services (server, client, server, producer spans; an error with events; a link;
 * every attribute type; dropped counts; trace state; a scope with attributes), a queue consumer
 * in a second trace whose id has a zero high half, and a later health check.
 * Written in two batches, each carrying its own copy of the "frontend" resource.
 */
import type { InstrumentationScope, SpanBatch, SpanInput, SpanResource } from '../../../model/index.js';
import { KeyValueList, SpanBatchBuilder, SpanKind, StatusCode } from '../../../model/index.js';

export const TENANT = 'acme';

/** 2025-01-15T10:00:00Z in Unix nanoseconds. */
export const T0_NS = 1_736_935_200_000_000_000n;
export const T0_MS = 1_736_935_200_000;
const MS = 1_000_000n;

export const CHECKOUT_TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
export const WORKER_TRACE_ID = '00000000000000000123456789abcdef';
export const HEALTH_TRACE_ID = 'f0e1d2c3b4a5968778695a4b3c2d1e0f';

export const ROOT_SPAN_ID = '00f067aa0ba902b7';
export const CLIENT_SPAN_ID = '1a2b3c4d5e6f7081';
export const PAYMENT_SPAN_ID = '2b3c4d5e6f708192';
export const PUBLISH_SPAN_ID = '3c4d5e6f708192a3';
export const CONSUME_SPAN_ID = '4d5e6f708192a3b4';
export const HEALTH_SPAN_ID = '5e6f708192a3b4c5';

export const SCHEMA_URL = 'https://opentelemetry.io/schemas/1.21.0';

const frontendResource = (): SpanResource => ({
  attributes: [
    { key: 'service.name', value: 'frontend' },
    { key: 'host.name', value: 'web-1' },
    { key: 'process.pid', value: 4242n },
  ],
  droppedAttributesCount: 0,
  schemaUrl: SCHEMA_URL,
  serviceName: 'frontend',
});

const paymentsResource: SpanResource = {
  attributes: [
    { key: 'service.name', value: 'payments' },
    { key: 'deployment.environment', value: 'prod' },
  ],
  droppedAttributesCount: 1,
  schemaUrl: '',
  serviceName: 'payments',
};

const workerResource: SpanResource = {
  attributes: [{ key: 'service.name', value: 'worker' }],
  droppedAttributesCount: 0,
  schemaUrl: '',
  serviceName: 'worker',
};

const httpScope = (): InstrumentationScope => ({
  name: '@opentelemetry/instrumentation-http',
  version: '0.52.0',
  attributes: [],
  droppedAttributesCount: 0,
  schemaUrl: '',
});

const paymentsScope: InstrumentationScope = {
  name: 'payments-lib',
  version: '1.2.3',
  attributes: [{ key: 'lib.flavor', value: 'fast' }],
  droppedAttributesCount: 0,
  schemaUrl: 'https://example.com/scope-schema',
};

const emptyScope: InstrumentationScope = { name: '', version: '', attributes: [], droppedAttributesCount: 0, schemaUrl: '' };

const base = (over: Partial<SpanInput> & Pick<SpanInput, 'resourceIndex' | 'scopeIndex' | 'traceId' | 'spanId' | 'name'>): SpanInput => ({
  parentSpanId: '',
  traceState: '',
  kind: SpanKind.INTERNAL,
  startTimeUnixNano: T0_NS,
  endTimeUnixNano: T0_NS + MS,
  statusCode: StatusCode.UNSET,
  statusMessage: '',
  attributes: [],
  events: [],
  links: [],
  flags: 0,
  droppedAttributesCount: 0,
  droppedEventsCount: 0,
  droppedLinksCount: 0,
  ...over,
});

/** Batch 1: the frontend spans of the checkout trace. */
export function checkoutFrontendBatch(): SpanBatch {
  const b = new SpanBatchBuilder(TENANT);
  const r = b.resource(frontendResource());
  const s = b.scope(httpScope());
  b.span(
    base({
      resourceIndex: r,
      scopeIndex: s,
      traceId: CHECKOUT_TRACE_ID,
      spanId: ROOT_SPAN_ID,
      name: 'GET /checkout',
      kind: SpanKind.SERVER,
      startTimeUnixNano: T0_NS,
      endTimeUnixNano: T0_NS + 250n * MS,
      attributes: [
        { key: 'http.method', value: 'GET' },
        { key: 'http.route', value: '/checkout' },
        { key: 'http.status_code', value: 500n },
      ],
      flags: 0x101,
    }),
  );
  b.span(
    base({
      resourceIndex: r,
      scopeIndex: s,
      traceId: CHECKOUT_TRACE_ID,
      spanId: CLIENT_SPAN_ID,
      parentSpanId: ROOT_SPAN_ID,
      name: 'POST /charge',
      kind: SpanKind.CLIENT,
      startTimeUnixNano: T0_NS + 10n * MS,
      endTimeUnixNano: T0_NS + 210n * MS,
      statusCode: StatusCode.ERROR,
      statusMessage: 'card declined',
      attributes: [{ key: 'http.method', value: 'POST' }],
      events: [
        {
          timeUnixNano: T0_NS + 200n * MS + 123_456n,
          name: 'exception',
          attributes: [
            { key: 'exception.type', value: 'PaymentError' },
            { key: 'exception.message', value: 'card declined' },
          ],
          droppedAttributesCount: 0,
        },
        { timeUnixNano: T0_NS + 205n * MS, name: 'retry', attributes: [{ key: 'attempt', value: 2n }], droppedAttributesCount: 1 },
      ],
      flags: 1,
    }),
  );
  return b.build();
}

/** Batch 2: the payments spans of the checkout trace, the worker trace and the health check. */
export function paymentsWorkerHealthBatch(): SpanBatch {
  const b = new SpanBatchBuilder(TENANT);
  const payments = b.resource(paymentsResource);
  const worker = b.resource(workerResource);
  const frontend = b.resource(frontendResource());
  const pScope = b.scope(paymentsScope);
  const wScope = b.scope(emptyScope);
  const hScope = b.scope(httpScope());
  b.span(
    base({
      resourceIndex: payments,
      scopeIndex: pScope,
      traceId: CHECKOUT_TRACE_ID,
      spanId: PAYMENT_SPAN_ID,
      parentSpanId: CLIENT_SPAN_ID,
      traceState: 'vendor=1',
      name: 'charge',
      kind: SpanKind.SERVER,
      startTimeUnixNano: T0_NS + 20n * MS,
      endTimeUnixNano: T0_NS + 200n * MS,
      statusCode: StatusCode.OK,
      attributes: [
        { key: 'str', value: 'text' },
        { key: 'flag', value: true },
        { key: 'ratio', value: 0.25 },
        { key: 'count', value: 42n },
        { key: 'big', value: 9_007_199_254_740_993n },
        { key: 'negative', value: -7n },
        { key: 'blob', value: new Uint8Array([0xde, 0xad, 0xbe, 0xef]) },
        { key: 'list', value: ['a', 1n, false] },
        { key: 'map', value: new KeyValueList([{ key: 'k', value: 'v' }]) },
        { key: 'nothing', value: null },
        { key: 'empty', value: '' },
        { key: 'zero', value: 0n },
      ],
      links: [
        {
          traceId: WORKER_TRACE_ID,
          spanId: CONSUME_SPAN_ID,
          traceState: 'linked=yes',
          attributes: [{ key: 'link.reason', value: 'async' }],
          droppedAttributesCount: 4,
          flags: 1,
        },
      ],
      droppedAttributesCount: 2,
      droppedEventsCount: 1,
      droppedLinksCount: 3,
      flags: 1,
    }),
  );
  b.span(
    base({
      resourceIndex: payments,
      scopeIndex: pScope,
      traceId: CHECKOUT_TRACE_ID,
      spanId: PUBLISH_SPAN_ID,
      parentSpanId: PAYMENT_SPAN_ID,
      name: 'publish charge.completed',
      kind: SpanKind.PRODUCER,
      startTimeUnixNano: T0_NS + 150n * MS,
      endTimeUnixNano: T0_NS + 150n * MS + 1_500_000n,
      attributes: [{ key: 'messaging.system', value: 'kafka' }],
    }),
  );
  b.span(
    base({
      resourceIndex: worker,
      scopeIndex: wScope,
      traceId: WORKER_TRACE_ID,
      spanId: CONSUME_SPAN_ID,
      name: 'process charge.completed',
      kind: SpanKind.UNSPECIFIED,
      startTimeUnixNano: T0_NS + 1000n * MS,
      endTimeUnixNano: T0_NS + 3000n * MS,
      attributes: [{ key: 'messaging.system', value: 'kafka' }],
      links: [
        {
          traceId: CHECKOUT_TRACE_ID,
          spanId: PUBLISH_SPAN_ID,
          traceState: '',
          attributes: [],
          droppedAttributesCount: 0,
          flags: 0,
        },
      ],
    }),
  );
  b.span(
    base({
      resourceIndex: frontend,
      scopeIndex: hScope,
      traceId: HEALTH_TRACE_ID,
      spanId: HEALTH_SPAN_ID,
      name: 'GET /health',
      kind: SpanKind.SERVER,
      startTimeUnixNano: T0_NS + 5000n * MS,
      endTimeUnixNano: T0_NS + 5000n * MS + 500_000n,
      statusCode: StatusCode.OK,
      attributes: [
        { key: 'http.method', value: 'GET' },
        { key: 'http.status_code', value: 200n },
      ],
    }),
  );
  return b.build();
}
