import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { TraceState } from '@opentelemetry/api';
import { JsonTraceSerializer, ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import { resourceFromAttributes } from '@opentelemetry/resources';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { KeyValueList, isOmniscopeError } from '../../../model/index.js';
import { ProtobufWriter } from '../../shared/protobuf-writer.js';
import { decodeTracesJson, decodeTracesProto } from './index.js';

const TRACE = '0af7651916cd43dd8448eb211c80319c';
const SPAN = 'b7ad6b7169203331';
const PARENT = '00f067aa0ba902b7';
const hex = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'hex'));
const traceState = (s: string): TraceState => ({ serialize: () => s }) as unknown as TraceState;

/** SDK spans under two resources, the first with two scopes: what a real Node app exports. */
function sdkSpans(): ReadableSpan[] {
  const resource = resourceFromAttributes(
    { 'service.name': 'checkout', 'service.version': '1.2.3', 'process.pid': 4242 },
    { schemaUrl: 'https://opentelemetry.io/schemas/1.26.0' },
  );
  const other = resourceFromAttributes({ 'host.name': 'h1' });
  const scope = { name: '@opentelemetry/instrumentation-http', version: '0.223.1', schemaUrl: 'https://scope/schema' };
  const base = {
    kind: 1,
    parentSpanContext: { traceId: TRACE, spanId: PARENT, traceFlags: 1, isRemote: true },
    startTime: [1700000000, 123456789],
    endTime: [1700000001, 987654321],
    status: { code: 0 },
    attributes: {},
    links: [],
    events: [],
    duration: [1, 864197532],
    ended: true,
    resource,
    instrumentationScope: scope,
    droppedAttributesCount: 0,
    droppedEventsCount: 0,
    droppedLinksCount: 0,
  };
  const full = {
    ...base,
    name: 'GET /api/orders/:id',
    spanContext: () => ({ traceId: TRACE, spanId: SPAN, traceFlags: 1, traceState: traceState('rojo=00f067aa0ba902b7,congo=t61rcWkgMzE') }),
    status: { code: 2, message: 'upstream timed out' },
    attributes: {
      'http.request.method': 'GET',
      'http.response.status_code': 504,
      'db.rows': 12.5,
      'cache.hit': false,
      'net.peers': ['10.0.0.1', '10.0.0.2'],
      'big.safe': Number.MAX_SAFE_INTEGER,
      'neg.int': -42,
      raw: new Uint8Array([0, 255, 7]),
    },
    events: [
      { name: 'exception', time: [1700000000, 500000001], attributes: { 'exception.type': 'TimeoutError' }, droppedAttributesCount: 2 },
      { name: 'retry', time: [1700000001, 0] },
    ],
    links: [
      {
        context: { traceId: '4bf92f3577b34da6a3ce929d0e0e4736', spanId: '00f067aa0ba902b8', traceFlags: 1, isRemote: true, traceState: traceState('k=v') },
        attributes: { 'link.kind': 'follows' },
        droppedAttributesCount: 1,
      },
    ],
    droppedAttributesCount: 3,
    droppedEventsCount: 4,
    droppedLinksCount: 5,
  };
  const internal = {
    ...base,
    name: 'SELECT orders',
    kind: 2,
    parentSpanContext: undefined,
    spanContext: () => ({ traceId: TRACE, spanId: PARENT, traceFlags: 0 }),
    instrumentationScope: { name: 'pg', version: '1.0.0' },
  };
  const elsewhere = { ...internal, name: 'elsewhere', resource: other, spanContext: () => ({ traceId: TRACE, spanId: 'aaaaaaaaaaaaaaaa', traceFlags: 1 }) };
  return [full, internal, elsewhere] as unknown as ReadableSpan[];
}

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

describe('decodeTracesProto: bytes from the official OTel JS serializer', () => {
  const body = ProtobufTraceSerializer.serializeRequest(sdkSpans()) as Uint8Array;
  const { batch, rejected } = decodeTracesProto(body, 'tenant-1');

  it('groups resources and scopes as sent', () => {
    assert.equal(rejected, 0);
    assert.equal(batch.length, 3);
    assert.equal(batch.tenant, 'tenant-1');
    assert.deepEqual(batch.resources, [
      {
        attributes: [
          { key: 'service.name', value: 'checkout' },
          { key: 'service.version', value: '1.2.3' },
          { key: 'process.pid', value: 4242n },
        ],
        droppedAttributesCount: 0,
        schemaUrl: 'https://opentelemetry.io/schemas/1.26.0',
        serviceName: 'checkout',
      },
      { attributes: [{ key: 'host.name', value: 'h1' }], droppedAttributesCount: 0, schemaUrl: '', serviceName: 'unknown_service' },
    ]);
    assert.deepEqual(
      batch.scopes.map((s) => [s.name, s.version, s.schemaUrl]),
      [
        ['@opentelemetry/instrumentation-http', '0.223.1', 'https://scope/schema'],
        ['pg', '1.0.0', ''],
        ['pg', '1.0.0', ''],
      ],
    );
    assert.deepEqual([...batch.resourceIndex], [0, 0, 1]);
    assert.deepEqual([...batch.scopeIndex], [0, 1, 2]);
  });

  it('keeps every span field', () => {
    assert.deepEqual(batch.traceId, [TRACE, TRACE, TRACE]);
    assert.deepEqual(batch.spanId, [SPAN, PARENT, 'aaaaaaaaaaaaaaaa']);
    assert.deepEqual(batch.parentSpanId, [PARENT, '', '']);
    assert.deepEqual(batch.traceState, ['rojo=00f067aa0ba902b7,congo=t61rcWkgMzE', '', '']);
    assert.deepEqual(batch.name, ['GET /api/orders/:id', 'SELECT orders', 'elsewhere']);
    assert.deepEqual([...batch.kind], [2, 3, 3]); // SDK kinds are OTLP kinds minus one
    // Nanosecond times above 2^53 stay exact.
    assert.deepEqual([...batch.startTimeUnixNano], [1700000000123456789n, 1700000000123456789n, 1700000000123456789n]);
    assert.deepEqual([...batch.endTimeUnixNano].slice(0, 1), [1700000001987654321n]);
    assert.deepEqual([...batch.statusCode], [2, 0, 0]);
    assert.deepEqual(batch.statusMessage, ['upstream timed out', '', '']);
    // flags: W3C sampled bit, HAS_IS_REMOTE (0x100) and IS_REMOTE (0x200) for a remote parent.
    assert.deepEqual([...batch.flags], [0x301, 0x100, 0x101]);
    assert.deepEqual([...batch.droppedAttributesCount], [3, 0, 0]);
    assert.deepEqual([...batch.droppedEventsCount], [4, 0, 0]);
    assert.deepEqual([...batch.droppedLinksCount], [5, 0, 0]);
  });

  it('keeps attributes of every type', () => {
    assert.deepEqual(batch.attributes[0], [
      { key: 'http.request.method', value: 'GET' },
      { key: 'http.response.status_code', value: 504n },
      { key: 'db.rows', value: 12.5 },
      { key: 'cache.hit', value: false },
      { key: 'net.peers', value: ['10.0.0.1', '10.0.0.2'] },
      { key: 'big.safe', value: 9007199254740991n },
      { key: 'neg.int', value: -42n },
      { key: 'raw', value: new Uint8Array([0, 255, 7]) },
    ]);
    assert.deepEqual(batch.attributes[1], []);
  });

  it('keeps events and links', () => {
    assert.deepEqual(batch.events[0], [
      { timeUnixNano: 1700000000500000001n, name: 'exception', attributes: [{ key: 'exception.type', value: 'TimeoutError' }], droppedAttributesCount: 2 },
      { timeUnixNano: 1700000001000000000n, name: 'retry', attributes: [], droppedAttributesCount: 0 },
    ]);
    assert.deepEqual(batch.links[0], [
      {
        traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
        spanId: '00f067aa0ba902b8',
        traceState: 'k=v',
        attributes: [{ key: 'link.kind', value: 'follows' }],
        droppedAttributesCount: 1,
        flags: 0x301,
      },
    ]);
  });

  it('decodes the SDK JSON encoding of the same spans to the same batch', () => {
    const json = JsonTraceSerializer.serializeRequest(sdkSpans()) as Uint8Array;
    assert.deepEqual(decodeTracesJson(json, 'tenant-1'), decodeTracesProto(body, 'tenant-1'));
  });

  it('does not keep references into the request buffer', () => {
    const copy = body.slice();
    const r = decodeTracesProto(copy, 't');
    copy.fill(0);
    assert.deepEqual(r, decodeTracesProto(body, 't'));
  });
});

/** A Span message built field by field, for what the SDK never sends. */
function spanBytes(write: (s: ProtobufWriter) => void): (ss: ProtobufWriter) => void {
  return (ss) => ss.message(2, write);
}

function traceRequest(...spans: Array<(ss: ProtobufWriter) => void>): Uint8Array {
  return new ProtobufWriter()
    .message(1, (rs) => {
      rs.message(2, (ss) => spans.forEach((s) => s(ss)));
    })
    .finish();
}

describe('decodeTracesProto: hand-built payloads', () => {
  it('keeps int64 extremes, full-range fixed64 times and unknown fields skipped', () => {
    const body = traceRequest(
      spanBytes((s) => {
        s.bytes(1, hex(TRACE)).bytes(2, hex(SPAN));
        s.fixed64(7, 9223372036854775807n).fixed64(8, 4611686018427387905n);
        s.message(9, (kv) => kv.string(1, 'max').message(2, (v) => v.int64(3, 9223372036854775807n)));
        s.message(9, (kv) => kv.string(1, 'min').message(2, (v) => v.int64(3, -9223372036854775808n)));
        s.message(9, (kv) => kv.string(1, 'kv').message(2, (v) => v.message(6, (l) => l.message(1, (e) => e.string(1, 'x').message(2, (x) => x.double(4, -0.25))))));
        s.message(9, (kv) => kv.string(1, 'empty'));
        s.string(99, 'a field from the future').fixed32(98, 1).double(97, 1);
      }),
    );
    const { batch } = decodeTracesProto(body, 't');
    assert.deepEqual([...batch.startTimeUnixNano], [9223372036854775807n]);
    assert.deepEqual([...batch.endTimeUnixNano], [4611686018427387905n]);
    assert.deepEqual(batch.attributes[0], [
      { key: 'max', value: 9223372036854775807n },
      { key: 'min', value: -9223372036854775808n },
      { key: 'kv', value: new KeyValueList([{ key: 'x', value: -0.25 }]) },
      { key: 'empty', value: null },
    ]);
  });

  it('reads resource and schema_url even when they follow the spans on the wire', () => {
    const body = new ProtobufWriter()
      .message(1, (rs) => {
        rs.message(2, (ss) => {
          ss.message(2, (s) => s.bytes(1, hex(TRACE)).bytes(2, hex(SPAN)).string(5, 'late'));
          ss.string(3, 'scope-schema');
          ss.message(1, (sc) => sc.string(1, 'lib'));
        });
        rs.string(3, 'resource-schema');
        rs.message(1, (r) => r.message(1, (kv) => kv.string(1, 'service.name').message(2, (v) => v.string(1, 'late-svc'))).uint64(2, 7));
      })
      .finish();
    const { batch } = decodeTracesProto(body, 't');
    assert.deepEqual(batch.resources, [
      { attributes: [{ key: 'service.name', value: 'late-svc' }], droppedAttributesCount: 7, schemaUrl: 'resource-schema', serviceName: 'late-svc' },
    ]);
    assert.deepEqual(batch.scopes, [{ name: 'lib', version: '', attributes: [], droppedAttributesCount: 0, schemaUrl: 'scope-schema' }]);
  });

  it('counts spans with invalid ids and keeps the valid ones', () => {
    const ok = spanBytes((s) => s.bytes(1, hex(TRACE)).bytes(2, hex(SPAN)).string(5, 'ok'));
    const body = traceRequest(
      spanBytes((s) => s.bytes(2, hex(SPAN))),
      ok,
      spanBytes((s) => s.bytes(1, new Uint8Array(16)).bytes(2, hex(SPAN))),
      spanBytes((s) => s.bytes(1, hex(TRACE).subarray(0, 15)).bytes(2, hex(SPAN))),
      spanBytes((s) => s.bytes(1, hex(TRACE)).bytes(2, new Uint8Array(8))),
      spanBytes((s) => s.bytes(1, hex(TRACE)).bytes(2, hex(TRACE))),
      spanBytes((s) => s.bytes(1, hex(TRACE)).bytes(2, hex(SPAN)).bytes(4, hex('abcd'))),
      spanBytes((s) => s.bytes(1, hex(TRACE)).bytes(2, hex(SPAN)).bytes(4, new Uint8Array(8)).string(5, 'zero parent')),
    );
    const r = decodeTracesProto(body, 't');
    assert.equal(r.rejected, 6);
    assert.deepEqual(r.rejectionMessages, [
      'span trace_id is missing',
      'span trace_id is all zeros',
      'span trace_id must be 16 bytes, got 15',
      'span span_id is all zeros',
      'span span_id must be 8 bytes, got 16',
      'span parent_span_id must be 8 bytes or empty, got 2',
    ]);
    assert.deepEqual(r.batch.name, ['ok', 'zero parent']);
    assert.deepEqual(r.batch.parentSpanId, ['', '']);
  });

  it('drops links with invalid ids into dropped_links_count', () => {
    const body = traceRequest(
      spanBytes((s) => {
        s.bytes(1, hex(TRACE)).bytes(2, hex(SPAN)).uint64(14, 2);
        s.message(13, (l) => l.bytes(1, hex(TRACE)).bytes(2, new Uint8Array(8)));
        s.message(13, (l) => l.bytes(1, hex(TRACE)).bytes(2, hex(SPAN)).fixed32(6, 1));
      }),
    );
    const { batch } = decodeTracesProto(body, 't');
    assert.deepEqual([...batch.droppedLinksCount], [3]);
    assert.deepEqual(batch.links[0]?.map((l) => [l.spanId, l.flags]), [[SPAN, 1]]);
  });

  it('maps undefined kind and status numbers to 0', () => {
    const body = traceRequest(spanBytes((s) => s.bytes(1, hex(TRACE)).bytes(2, hex(SPAN)).uint64(6, 9).message(15, (st) => st.uint64(3, 7))));
    const { batch } = decodeTracesProto(body, 't');
    assert.deepEqual([batch.kind[0], batch.statusCode[0]], [0, 0]);
  });

  it('accepts an empty request', () => {
    const r = decodeTracesProto(new Uint8Array(0), 't');
    assert.deepEqual([r.batch.length, r.rejected, r.batch.resources.length], [0, 0, 0]);
  });
});

describe('decodeTracesProto: malformed input throws badInput, never hangs or crashes', () => {
  const good = ProtobufTraceSerializer.serializeRequest(sdkSpans()) as Uint8Array;

  it('on every truncation of a valid request', () => {
    for (let n = 1; n < good.length; n++) {
      try {
        decodeTracesProto(good.subarray(0, n), 't');
      } catch (e) {
        assert.ok(isOmniscopeError(e) && e.kind === 'bad_input', `prefix ${n}: ${String(e)}`);
      }
    }
    assert.match(badInputMessage(() => decodeTracesProto(good.subarray(0, good.length - 1), 't')), /malformed ExportTraceServiceRequest protobuf/);
  });

  it('on random bytes and random corruptions', () => {
    let seed = 12345;
    const rand = (): number => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed / 4294967296;
    };
    let threw = 0;
    for (let i = 0; i < 3000; i++) {
      let input: Uint8Array;
      if (i % 2 === 0) {
        input = new Uint8Array(1 + Math.floor(rand() * 200));
        for (let j = 0; j < input.length; j++) input[j] = Math.floor(rand() * 256);
      } else {
        input = good.slice();
        for (let k = 0; k < 3; k++) input[Math.floor(rand() * input.length)] = Math.floor(rand() * 256);
      }
      try {
        decodeTracesProto(input, 't');
      } catch (e) {
        threw++;
        assert.ok(isOmniscopeError(e) && e.kind === 'bad_input', `case ${i}: ${String(e)}`);
      }
    }
    assert.ok(threw > 1000, `only ${threw} of 3000 garbage inputs were refused`);
  });

  const cases: Array<[string, Uint8Array, RegExp]> = [
    ['a wrong wire type for resource_spans', new ProtobufWriter().uint64(1, 5).finish(), /ExportTraceServiceRequest field 1 has wire type 0, expected 2/],
    ['a wrong wire type for a span time', traceRequest(spanBytes((s) => s.uint64(7, 5))), /Span field 7 has wire type 0, expected 1/],
    ['a wrong wire type for span flags', traceRequest(spanBytes((s) => s.uint64(16, 5))), /Span field 16 has wire type 0, expected 5/],
    ['an invalid wire type', new Uint8Array([0x17]), /invalid wire type 7/],
    ['field number 0', new Uint8Array([0x00, 0x00]), /invalid field number 0/],
    ['a length past the end', new Uint8Array([0x0a, 0x7f, 0x00]), /truncated message/],
    ['an endless varint', new Uint8Array(12).fill(0xff), /varint/],
    ['deeply nested unknown groups', new Uint8Array(200_000).fill(0x13), /malformed ExportTraceServiceRequest protobuf \(200000 bytes\): (Maximum call stack|truncated)/],
  ];
  for (const [name, body, re] of cases) {
    it(`on ${name}`, () => assert.match(badInputMessage(() => decodeTracesProto(body, 't')), re));
  }
});
