import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { LogBatch } from '../../model/index.js';
import { OmniscopeError, labelsToRecord } from '../../model/index.js';
import { decodePushRequestJson, decodePushRequestJsonLegacy } from './index.js';

function rows(batch: LogBatch): Array<[Record<string, string>, string, string, Record<string, unknown>]> {
  const out: Array<[Record<string, string>, string, string, Record<string, unknown>]> = [];
  for (let i = 0; i < batch.length; i++) {
    const meta = Object.fromEntries((batch.metadata[i] ?? []).map((a) => [a.key, a.value]));
    out.push([labelsToRecord(batch.streams[batch.streamIndex[i] as number] ?? []), String(batch.timeUnixNano[i]), batch.line[i] as string, meta]);
  }
  return out;
}

function badInputMessage(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    assert.ok(e instanceof OmniscopeError, `not an OmniscopeError: ${String(e)}`);
    assert.equal(e.kind, 'bad_input');
    return e.message;
  }
  assert.fail('expected bad_input');
}

const json = (v: unknown): string => JSON.stringify(v);

describe('decodePushRequestJson', () => {
  it('maps streams, exact nanosecond strings and structured metadata', () => {
    const r = decodePushRequestJson(
      json({
        streams: [
          {
            stream: { app: 'api', env: 'prod' },
            values: [
              ['1700000000123456789', 'GET /cart 200'],
              ['9007199254740993001', 'beyond 2^53 ns stays exact', { trace_id: '4bf92f3577b34da6a3ce929d0e0e4736', user: 'u1' }],
            ],
          },
          { stream: { app: 'worker', port: 8080 }, values: [['1', 'line\nwith newline']] },
        ],
      }),
      'tenant-a',
    );
    assert.equal(r.streams, 2);
    assert.equal(r.batch.tenant, 'tenant-a');
    assert.deepEqual(rows(r.batch), [
      [{ app: 'api', env: 'prod' }, '1700000000123456789', 'GET /cart 200', {}],
      [{ app: 'api', env: 'prod' }, '9007199254740993001', 'beyond 2^53 ns stays exact', { trace_id: '4bf92f3577b34da6a3ce929d0e0e4736', user: 'u1' }],
      [{ app: 'worker', port: '8080' }, '1', 'line\nwith newline', {}],
    ]);
    assert.deepEqual([...r.batch.severityNumber], [0, 0, 0]);
  });

  it('accepts a Buffer body, null values, null entries and extra keys', () => {
    const r = decodePushRequestJson(Buffer.from(json({ streams: [{ stream: { a: '1' }, values: null, extra: 1 }, { stream: { a: '2' }, values: [null, ['5', 'x']] }] })), 't');
    assert.equal(r.streams, 2);
    assert.deepEqual(rows(r.batch), [[{ a: '2' }, '5', 'x', {}]]);
  });

  it('counts streams, including empty ones', () => {
    assert.equal(decodePushRequestJson('{}', 't').streams, 0);
    assert.equal(decodePushRequestJson('{"streams":[]}', 't').streams, 0);
    assert.equal(decodePushRequestJson('{"streams":[{"stream":{},"values":[]}]}', 't').streams, 1);
  });

  it('refuses streams without labels, keeping the others', () => {
    const r = decodePushRequestJson(json({ streams: [{ stream: {}, values: [['1', 'a']] }, { stream: { a: '' }, values: [['1', 'b']] }, { values: [['1', 'c']] }, { stream: { ok: 'y' }, values: [['1', 'd']] }] }), 't');
    assert.equal(r.rejected, 3);
    assert.deepEqual(r.messages, ['error at least one label pair is required per stream']);
    assert.deepEqual(rows(r.batch).map((x) => x[2]), ['d']);
  });

  const bad: Array<[string, unknown, RegExp]> = [
    ['invalid JSON', '{"streams": [', /^malformed Loki push request JSON: /],
    ['a top-level array', [], /invalid Loki push request: the request must be an object, got an array/],
    ['streams not an array', { streams: {} }, /streams must be an array, got an object/],
    ['a label name Loki cannot parse', { streams: [{ stream: { 'service.name': 'x' }, values: [] }] }, /^couldn't parse labels: invalid label name "service.name" in streams\[0\].stream/],
    ['a label value that is an object', { streams: [{ stream: { a: {} }, values: [] }] }, /^couldn't parse labels: streams\[0\].stream.a must be a string, got object/],
    ['a numeric timestamp', { streams: [{ stream: { a: '1' }, values: [[1700000000000000000, 'x']] }] }, /^invalid timestamp 1700000000000000000 at streams\[0\].values\[0\]\[0\]: expected a string of Unix epoch nanoseconds/],
    ['a timestamp that is not an integer', { streams: [{ stream: { a: '1' }, values: [['2024-01-01T00:00:00Z', 'x']] }] }, /^invalid timestamp "2024-01-01T00:00:00Z" at/],
    ['a timestamp beyond int64', { streams: [{ stream: { a: '1' }, values: [['9223372036854775808', 'x']] }] }, /outside the int64 nanosecond range/],
    ['a line that is not a string', { streams: [{ stream: { a: '1' }, values: [['1', 42]] }] }, /streams\[0\].values\[0\]\[1\] must be a string \(the log line\), got number 42/],
    ['an entry with only a timestamp', { streams: [{ stream: { a: '1' }, values: [['1']] }] }, /values\[0\] must be an array \["<unix ns>", "<line>"\]/],
    ['metadata that is not an object', { streams: [{ stream: { a: '1' }, values: [['1', 'x', 'meta']] }] }, /values\[0\]\[2\] must be an object, got a string/],
    ['a metadata value that is not a string', { streams: [{ stream: { a: '1' }, values: [['1', 'x', { n: 1 }]] }] }, /values\[0\]\[2\].n must be a string \(structured metadata values are strings\), got number 1/],
  ];
  for (const [name, body, expected] of bad) {
    it(`refuses the whole request for ${name}`, () => {
      assert.match(badInputMessage(() => decodePushRequestJson(typeof body === 'string' ? body : json(body), 't')), expected);
    });
  }
  it('refuses invalid UTF-8', () => assert.match(badInputMessage(() => decodePushRequestJson(Uint8Array.of(0x7b, 0xff, 0x7d), 't')), /not valid UTF-8/));
});

describe('decodePushRequestJsonLegacy (/api/prom/push)', () => {
  it('reads labels text, RFC 3339 times with nanoseconds and label-pair metadata', () => {
    const r = decodePushRequestJsonLegacy(
      json({
        streams: [
          {
            labels: '{app="legacy", env="dev"}',
            entries: [
              { ts: '2024-05-01T10:00:00.123456789Z', line: 'first', structuredMetadata: [{ name: 'trace_id', value: 'abc' }] },
              { ts: '2024-05-01T12:00:00+02:00', line: 'second' },
            ],
          },
        ],
      }),
      't',
    );
    assert.deepEqual(rows(r.batch), [
      [{ app: 'legacy', env: 'dev' }, '1714557600123456789', 'first', { trace_id: 'abc' }],
      [{ app: 'legacy', env: 'dev' }, '1714557600000000000', 'second', {}],
    ]);
  });

  it('matches keys case-insensitively, as Go does', () => {
    const r = decodePushRequestJsonLegacy(json({ Streams: [{ Labels: '{a="1"}', Entries: [{ Ts: '1970-01-01T00:00:01Z', Line: 'x', StructuredMetadata: [{ Name: 'k', Value: 'v' }] }] }] }), 't');
    assert.deepEqual(rows(r.batch), [[{ a: '1' }, '1000000000', 'x', { k: 'v' }]]);
  });

  it('refuses bad labels and bad times', () => {
    assert.match(badInputMessage(() => decodePushRequestJsonLegacy(json({ streams: [{ labels: '{a=1}', entries: [] }] }), 't')), /^couldn't parse labels: 1:4: parse error/);
    assert.match(badInputMessage(() => decodePushRequestJsonLegacy(json({ streams: [{ labels: '{a="1"}', entries: [{ ts: '1700000000', line: 'x' }] }] }), 't')), /^invalid timestamp at streams\[0\].entries\[0\].ts: expected an RFC 3339 time/);
  });
});
