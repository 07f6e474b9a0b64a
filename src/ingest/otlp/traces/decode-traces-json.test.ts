import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { isOmniscopeError } from '../../../model/index.js';
import { decodeTracesJson } from './index.js';

const CONFORMANCE = new URL('../../../../../shared/conformance/otlp/', import.meta.url);

function badInputMessage(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    assert.ok(isOmniscopeError(e), `expected OmniscopeError, got ${String(e)}`);
    assert.equal(e.kind, 'bad_input');
    return e.message;
  }
  assert.fail('expected a throw');
}

const TRACE = '0123456789abcdef0123456789abcdef';
const SPAN = 'fedcba9876543210';

function request(spans: unknown[], extra: Record<string, unknown> = {}): string {
  return JSON.stringify({ resourceSpans: [{ resource: {}, scopeSpans: [{ spans }], ...extra }] });
}

describe('decodeTracesJson: conformance example trace.json', () => {
  const { batch, rejected, rejectionMessages } = decodeTracesJson(readFileSync(new URL('trace.json', CONFORMANCE)), 'tenant-a');

  it('decodes the one span exactly', () => {
    assert.equal(rejected, 0);
    assert.deepEqual(rejectionMessages, []);
    assert.equal(batch.tenant, 'tenant-a');
    assert.equal(batch.length, 1);
    assert.deepEqual(batch.resources, [
      { attributes: [{ key: 'service.name', value: 'my.service' }], droppedAttributesCount: 0, schemaUrl: '', serviceName: 'my.service' },
    ]);
    assert.deepEqual(batch.scopes, [
      {
        name: 'my.library',
        version: '1.0.0',
        attributes: [{ key: 'my.scope.attribute', value: 'some scope attribute' }],
        droppedAttributesCount: 0,
        schemaUrl: '',
      },
    ]);
    assert.deepEqual([...batch.resourceIndex], [0]);
    assert.deepEqual([...batch.scopeIndex], [0]);
    assert.deepEqual(batch.traceId, ['5b8efff798038103d269b633813fc60c']);
    assert.deepEqual(batch.spanId, ['eee19b7ec3c1b174']);
    assert.deepEqual(batch.parentSpanId, ['eee19b7ec3c1b173']);
    assert.deepEqual(batch.traceState, ['']);
    assert.deepEqual(batch.name, ["I'm a server span"]);
    assert.deepEqual([...batch.kind], [2]);
    assert.deepEqual([...batch.startTimeUnixNano], [1544712660000000000n]);
    assert.deepEqual([...batch.endTimeUnixNano], [1544712661000000000n]);
    assert.deepEqual([...batch.statusCode], [0]);
    assert.deepEqual(batch.statusMessage, ['']);
    assert.deepEqual(batch.attributes, [[{ key: 'my.span.attr', value: 'some value' }]]);
    assert.deepEqual(batch.events, [[]]);
    assert.deepEqual(batch.links, [[]]);
    assert.deepEqual([...batch.flags], [0]);
    assert.deepEqual([...batch.droppedAttributesCount, ...batch.droppedEventsCount, ...batch.droppedLinksCount], [0, 0, 0]);
  });
});

describe('decodeTracesJson: every field', () => {
  const span = {
    traceId: TRACE,
    spanId: SPAN,
    traceState: 'rojo=00f067aa0ba902b7',
    parentSpanId: '',
    flags: 769,
    name: 'GET /orders',
    kind: 'SPAN_KIND_CLIENT',
    startTimeUnixNano: '18446744073709551',
    endTimeUnixNano: 1700000000,
    attributes: [{ key: 'i', value: { intValue: '-9223372036854775808' } }],
    droppedAttributesCount: 1,
    events: [{ timeUnixNano: '1700000000123456789', name: 'exception', attributes: [{ key: 'b', value: { boolValue: true } }], droppedAttributesCount: 2 }],
    droppedEventsCount: 3,
    links: [
      { traceId: TRACE.toUpperCase(), spanId: SPAN, traceState: 'a=b', attributes: [{ key: 'd', value: { doubleValue: 1.5 } }], droppedAttributesCount: 4, flags: 256 },
    ],
    droppedLinksCount: 5,
    status: { message: 'boom', code: 'STATUS_CODE_ERROR' },
    unknownField: { anything: [1, 2] },
  };
  const { batch } = decodeTracesJson(
    request([span], { schemaUrl: 'https://opentelemetry.io/schemas/1.21.0' }),
    't',
  );

  it('keeps them all', () => {
    assert.equal(batch.length, 1);
    assert.equal(batch.resources[0]?.schemaUrl, 'https://opentelemetry.io/schemas/1.21.0');
    assert.equal(batch.resources[0]?.serviceName, 'unknown_service');
    assert.deepEqual(batch.traceState, ['rojo=00f067aa0ba902b7']);
    assert.deepEqual(batch.parentSpanId, ['']);
    assert.deepEqual([...batch.flags], [769]);
    assert.deepEqual([...batch.kind], [3]);
    assert.deepEqual([...batch.startTimeUnixNano], [18446744073709551n]);
    assert.deepEqual([...batch.endTimeUnixNano], [1700000000n]);
    assert.deepEqual(batch.attributes, [[{ key: 'i', value: -9223372036854775808n }]]);
    assert.deepEqual(batch.events, [[{ timeUnixNano: 1700000000123456789n, name: 'exception', attributes: [{ key: 'b', value: true }], droppedAttributesCount: 2 }]]);
    assert.deepEqual(batch.links, [[{ traceId: TRACE, spanId: SPAN, traceState: 'a=b', attributes: [{ key: 'd', value: 1.5 }], droppedAttributesCount: 4, flags: 256 }]]);
    assert.deepEqual([...batch.droppedAttributesCount, ...batch.droppedEventsCount, ...batch.droppedLinksCount], [1, 3, 5]);
    assert.deepEqual([...batch.statusCode], [2]);
    assert.deepEqual(batch.statusMessage, ['boom']);
  });

  it('accepts snake_case field names', () => {
    const snake = JSON.stringify({
      resource_spans: [{ scope_spans: [{ schema_url: 's', spans: [{ trace_id: TRACE, span_id: SPAN, parent_span_id: SPAN, start_time_unix_nano: '5', dropped_links_count: 2 }] }] }],
    });
    const b = decodeTracesJson(snake, 't').batch;
    assert.deepEqual([b.length, b.parentSpanId[0], b.startTimeUnixNano[0], b.droppedLinksCount[0], b.scopes[0]?.schemaUrl], [1, SPAN, 5n, 2, 's']);
  });
});

describe('decodeTracesJson: rejections', () => {
  const cases: Array<[string, Record<string, unknown>, string]> = [
    ['missing trace id', { spanId: SPAN }, 'span trace_id is missing'],
    ['short trace id', { traceId: 'abcd', spanId: SPAN }, 'span trace_id must be 16 bytes, got 2'],
    ['zero trace id', { traceId: '0'.repeat(32), spanId: SPAN }, 'span trace_id is all zeros'],
    ['base64 trace id', { traceId: 'ASNFZ4mrze8BI0VniavN7w==', spanId: SPAN }, 'span traceId is not hex text'],
    ['zero span id', { traceId: TRACE, spanId: '0000000000000000' }, 'span span_id is all zeros'],
    ['long span id', { traceId: TRACE, spanId: TRACE }, 'span span_id must be 8 bytes, got 16'],
    ['bad parent id', { traceId: TRACE, spanId: SPAN, parentSpanId: 'ab' }, 'span parent_span_id must be 8 bytes or empty, got 1'],
  ];
  for (const [name, span, message] of cases) {
    it(`rejects a span with ${name}`, () => {
      const r = decodeTracesJson(request([span, { traceId: TRACE, spanId: SPAN, name: 'ok' }]), 't');
      assert.equal(r.rejected, 1);
      assert.deepEqual(r.rejectionMessages, [message]);
      assert.deepEqual(r.batch.name, ['ok']);
    });
  }

  it('treats an all-zero parent id as no parent', () => {
    const r = decodeTracesJson(request([{ traceId: TRACE, spanId: SPAN, parentSpanId: '0000000000000000' }]), 't');
    assert.deepEqual(r.batch.parentSpanId, ['']);
  });

  it('drops links with invalid ids and counts them as dropped links', () => {
    const r = decodeTracesJson(
      request([{ traceId: TRACE, spanId: SPAN, droppedLinksCount: 1, links: [{ traceId: 'zz', spanId: SPAN }, { traceId: TRACE, spanId: SPAN }, {}] }]),
      't',
    );
    assert.equal(r.rejected, 0);
    assert.equal(r.batch.links[0]?.length, 1);
    assert.deepEqual([...r.batch.droppedLinksCount], [3]);
  });

  it('adds no resource or scope when all their spans are rejected', () => {
    const body = JSON.stringify({
      resourceSpans: [
        { resource: { attributes: [{ key: 'service.name', value: { stringValue: 'a' } }] }, scopeSpans: [{ spans: [{ traceId: 'x' }] }] },
        { resource: { attributes: [{ key: 'service.name', value: { stringValue: 'b' } }] }, scopeSpans: [{ spans: [{ traceId: TRACE, spanId: SPAN }] }, { spans: [] }] },
      ],
    });
    const r = decodeTracesJson(body, 't');
    assert.deepEqual(r.batch.resources.map((x) => x.serviceName), ['b']);
    assert.equal(r.batch.scopes.length, 1);
    assert.deepEqual([...r.batch.resourceIndex], [0]);
  });
});

describe('decodeTracesJson: malformed requests throw badInput', () => {
  const cases: Array<[string, string, RegExp]> = [
    ['invalid JSON', '{"resourceSpans": [', /malformed ExportTraceServiceRequest JSON/],
    ['a top-level array', '[]', /ExportTraceServiceRequest must be an object, got an array/],
    ['null', 'null', /ExportTraceServiceRequest must be an object/],
    ['resourceSpans not an array', '{"resourceSpans":{}}', /resourceSpans must be an array/],
    ['scopeSpans wrong', '{"resourceSpans":[{"scopeSpans":5}]}', /resourceSpans\[0\]\.scopeSpans must be an array/],
    ['span not an object', '{"resourceSpans":[{"scopeSpans":[{"spans":[1]}]}]}', /spans\[0\] must be an object/],
    ['bad time', request([{ traceId: TRACE, spanId: SPAN, startTimeUnixNano: 'soon' }]), /spans\[0\]\.startTimeUnixNano must be an unsigned 64-bit integer/],
    ['bad kind', request([{ kind: 'SERVER' }]), /spans\[0\]\.kind must be an enum/],
    ['bad attribute', request([{ attributes: [{ key: 'a', value: { intValue: 'x' } }] }]), /spans\[0\]\.attributes\[0\]\.value\.intValue/],
  ];
  for (const [name, body, re] of cases) {
    it(`for ${name}`, () => assert.match(badInputMessage(() => decodeTracesJson(body, 't')), re));
  }

  it('accepts an empty request', () => {
    assert.equal(decodeTracesJson('{}', 't').batch.length, 0);
  });
});
