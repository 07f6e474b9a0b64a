import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { JsonLogsSerializer, ProtobufLogsSerializer } from '@opentelemetry/otlp-transformer';
import { resourceFromAttributes } from '@opentelemetry/resources';
import type { ReadableLogRecord } from '@opentelemetry/sdk-logs';
import { isOmniscopeError } from '../../../model/index.js';
import { ProtobufWriter } from '../../shared/protobuf-writer.js';
import { decodeLogsJson, decodeLogsProto } from './index.js';

const NOW = 1_800_000_000_000_000_000n;
const TRACE = '0af7651916cd43dd8448eb211c80319c';
const SPAN = 'b7ad6b7169203331';
const hex = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'hex'));

/** Log records as the OTel JS SDK hands them to its exporter. */
function sdkLogs(): ReadableLogRecord[] {
  const resource = resourceFromAttributes({
    'service.name': 'checkout',
    'k8s.namespace.name': 'shop',
    'service.version': '1.2.3',
    'process.pid': 4242,
  });
  const scope = { name: 'app-logger', version: '2.0.0', attributes: { 'scope.attr': 'sa' } };
  const base = {
    hrTime: [1700000000, 123456789],
    hrTimeObserved: [1700000000, 223456789],
    resource,
    instrumentationScope: scope,
    attributes: {},
    droppedAttributesCount: 0,
  };
  return [
    {
      ...base,
      severityNumber: 17,
      severityText: 'ERROR',
      body: 'payment failed',
      spanContext: { traceId: TRACE, spanId: SPAN, traceFlags: 1 },
      attributes: { 'http.route': '/pay', retries: 3, ratio: 0.5, ok: false, tags: ['a', 'b'], raw: new Uint8Array([1, 2]) },
      droppedAttributesCount: 2,
    },
    { ...base, severityNumber: 9, body: { order: { id: 7, items: ['x'] } }, eventName: 'order.placed' },
    { ...base, hrTime: [0, 0], severityText: 'debug' },
  ] as unknown as ReadableLogRecord[];
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

describe('decodeLogsProto: bytes from the official OTel JS serializer', () => {
  const body = ProtobufLogsSerializer.serializeRequest(sdkLogs()) as Uint8Array;
  const { batch, rejected } = decodeLogsProto(body, 'tenant-1', NOW);
  const context = [
    { key: 'service.version', value: '1.2.3' },
    { key: 'process.pid', value: 4242n },
    { key: 'scope.attr', value: 'sa' },
    { key: 'scope_name', value: 'app-logger' },
    { key: 'scope_version', value: '2.0.0' },
  ];

  it('maps streams, times, severities and lines', () => {
    assert.equal(rejected, 0);
    assert.equal(batch.tenant, 'tenant-1');
    assert.equal(batch.length, 3);
    const base = [
      { name: 'k8s_namespace_name', value: 'shop' },
      { name: 'service_name', value: 'checkout' },
    ];
    const withLevel = (level: string) => [base[0], { name: 'level', value: level }, base[1]];
    assert.deepEqual(batch.streams, [withLevel('error'), withLevel('info'), withLevel('debug')]);
    assert.deepEqual([...batch.streamIndex], [0, 1, 2]);
    // Nanoseconds above 2^53 stay exact; a zero time falls back to the observed time.
    assert.deepEqual([...batch.timeUnixNano], [1700000000123456789n, 1700000000123456789n, 1700000000223456789n]);
    assert.deepEqual([...batch.observedTimeUnixNano], [1700000000223456789n, 1700000000223456789n, 1700000000223456789n]);
    assert.deepEqual([...batch.severityNumber], [17, 9, 0]);
    assert.deepEqual(batch.severityText, ['ERROR', '', 'debug']);
    assert.deepEqual(batch.line, ['payment failed', '{"order":{"id":7,"items":["x"]}}', '']);
    assert.deepEqual(batch.traceId, [TRACE, '', '']);
    assert.deepEqual(batch.spanId, [SPAN, '', '']);
    assert.deepEqual([...batch.flags], [1, 0, 0]);
  });

  it('keeps typed attributes, resource rest, scope and event name as metadata', () => {
    assert.deepEqual(batch.metadata[0], [
      { key: 'http.route', value: '/pay' },
      { key: 'retries', value: 3n },
      { key: 'ratio', value: 0.5 },
      { key: 'ok', value: false },
      { key: 'tags', value: ['a', 'b'] },
      { key: 'raw', value: new Uint8Array([1, 2]) },
      ...context,
    ]);
    assert.deepEqual(batch.metadata[1], [...context, { key: 'event_name', value: 'order.placed' }]);
    assert.deepEqual(batch.metadata[2], context);
  });

  it('decodes the SDK JSON encoding of the same records to the same batch', () => {
    const json = JsonLogsSerializer.serializeRequest(sdkLogs()) as Uint8Array;
    assert.deepEqual(decodeLogsJson(json, 'tenant-1', NOW), decodeLogsProto(body, 'tenant-1', NOW));
  });

  it('uses the current clock by default when a record has no time at all', () => {
    const req = new ProtobufWriter().message(1, (rl) => rl.message(2, (sl) => sl.message(2, (r) => r.string(3, 'x')))).finish();
    const before = BigInt(Date.now()) * 1_000_000n;
    const t = decodeLogsProto(req, 't').batch.timeUnixNano[0] as bigint;
    assert.ok(t >= before && t <= BigInt(Date.now()) * 1_000_000n);
  });
});

function logsRequest(...records: Array<(r: ProtobufWriter) => void>): Uint8Array {
  return new ProtobufWriter().message(1, (rl) => rl.message(2, (sl) => records.forEach((rec) => sl.message(2, rec)))).finish();
}

describe('decodeLogsProto: hand-built payloads', () => {
  it('keeps every LogRecord field, with resource and scope after the records on the wire', () => {
    const body = new ProtobufWriter()
      .message(1, (rl) => {
        rl.message(2, (sl) => {
          sl.message(2, (r) => {
            r.fixed64(1, 9223372036854775807n).fixed64(11, 4611686018427387905n);
            r.uint64(2, 21).string(3, 'FATAL');
            r.message(5, (b) => b.message(6, (l) => l.message(1, (kv) => kv.string(1, 'k').message(2, (v) => v.int64(3, -1n)))));
            r.message(6, (kv) => kv.string(1, 'a').message(2, (v) => v.int64(3, -9223372036854775808n)));
            r.uint64(7, 4).fixed32(8, 0x01).bytes(9, hex(TRACE)).bytes(10, hex(SPAN)).string(12, 'ev');
            r.string(99, 'future field');
          });
          sl.message(1, (sc) => sc.string(1, 'lib'));
        });
        rl.string(3, 'schema');
        rl.message(1, (res) => res.message(1, (kv) => kv.string(1, 'service.name').message(2, (v) => v.string(1, 'svc'))));
      })
      .finish();
    const { batch } = decodeLogsProto(body, 't', NOW);
    assert.deepEqual(batch.streams, [
      [
        { name: 'level', value: 'fatal' },
        { name: 'service_name', value: 'svc' },
      ],
    ]);
    assert.deepEqual([...batch.timeUnixNano, ...batch.observedTimeUnixNano], [9223372036854775807n, 4611686018427387905n]);
    assert.deepEqual([batch.severityNumber[0], batch.severityText[0], batch.flags[0]], [21, 'FATAL', 1]);
    assert.deepEqual(batch.line, ['{"k":-1}']);
    assert.deepEqual(batch.metadata[0], [
      { key: 'a', value: -9223372036854775808n },
      { key: 'scope_name', value: 'lib' },
      { key: 'event_name', value: 'ev' },
    ]);
    assert.deepEqual([batch.traceId[0], batch.spanId[0]], [TRACE, SPAN]);
  });

  it('keeps a kvlist body losslessly renderable', () => {
    const body = logsRequest((r) => r.message(5, (b) => b.message(6, (l) => l.message(1, (kv) => kv.string(1, 'n').message(2, (v) => v.double(4, 1.25))))));
    assert.deepEqual(decodeLogsProto(body, 't', NOW).batch.line, ['{"n":1.25}']);
  });

  it('rejects records with wrong-length ids and keeps the others', () => {
    const body = logsRequest(
      (r) => r.bytes(9, hex(TRACE).subarray(0, 8)),
      (r) => r.string(3, 'ok').bytes(9, new Uint8Array(16)).bytes(10, new Uint8Array(8)),
      (r) => r.bytes(10, hex(TRACE)),
    );
    const r = decodeLogsProto(body, 't', NOW);
    assert.equal(r.rejected, 2);
    assert.deepEqual(r.rejectionMessages, ['log record trace_id must be 16 bytes or empty, got 8', 'log record span_id must be 8 bytes or empty, got 16']);
    assert.deepEqual([r.batch.severityText, r.batch.traceId, r.batch.spanId], [['ok'], [''], ['']]);
  });

  it('maps undefined severity numbers to 0', () => {
    const r = decodeLogsProto(logsRequest((rec) => rec.uint64(2, 99).string(3, 'Notice')), 't', NOW);
    assert.deepEqual([r.batch.severityNumber[0], r.batch.streams[0]?.[0]], [0, { name: 'level', value: 'notice' }]);
  });
});

describe('decodeLogsProto: malformed input throws badInput, never hangs or crashes', () => {
  const good = ProtobufLogsSerializer.serializeRequest(sdkLogs()) as Uint8Array;

  it('on every truncation of a valid request', () => {
    for (let n = 1; n < good.length; n++) {
      try {
        decodeLogsProto(good.subarray(0, n), 't', NOW);
      } catch (e) {
        assert.ok(isOmniscopeError(e) && e.kind === 'bad_input', `prefix ${n}: ${String(e)}`);
      }
    }
    assert.match(badInputMessage(() => decodeLogsProto(good.subarray(0, good.length - 3), 't', NOW)), /malformed ExportLogsServiceRequest protobuf/);
  });

  it('on random bytes and random corruptions', () => {
    let seed = 99;
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
        decodeLogsProto(input, 't', NOW);
      } catch (e) {
        threw++;
        assert.ok(isOmniscopeError(e) && e.kind === 'bad_input', `case ${i}: ${String(e)}`);
      }
    }
    assert.ok(threw > 1000, `only ${threw} of 3000 garbage inputs were refused`);
  });

  it('on wrong wire types', () => {
    assert.match(badInputMessage(() => decodeLogsProto(logsRequest((r) => r.uint64(1, 5)), 't', NOW)), /LogRecord field 1 has wire type 0, expected 1/);
    assert.match(badInputMessage(() => decodeLogsProto(logsRequest((r) => r.string(2, 'x')), 't', NOW)), /LogRecord field 2 has wire type 2, expected 0/);
    assert.match(
      badInputMessage(() => decodeLogsProto(new ProtobufWriter().message(1, (rl) => rl.uint64(2, 1)).finish(), 't', NOW)),
      /ResourceLogs field 2 has wire type 0, expected 2/,
    );
  });
});
