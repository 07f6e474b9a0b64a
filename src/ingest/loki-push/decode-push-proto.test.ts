import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { LogBatch } from '../../model/index.js';
import { OmniscopeError, labelsToRecord } from '../../model/index.js';
import { ProtobufWriter } from '../shared/protobuf-writer.js';
import { decodePushRequestProto, encodePushRequest } from './index.js';
import type { PushStream } from './index.js';

/** The batch as plain rows, one per record, for compact assertions. */
function rows(batch: LogBatch): Array<{ stream: Record<string, string>; ns: string; line: string; meta: Record<string, unknown> }> {
  const out = [];
  for (let i = 0; i < batch.length; i++) {
    out.push({
      stream: labelsToRecord(batch.streams[batch.streamIndex[i] as number] ?? []),
      ns: String(batch.timeUnixNano[i]),
      line: batch.line[i] as string,
      meta: Object.fromEntries((batch.metadata[i] ?? []).map((a) => [a.key, a.value])),
    });
  }
  return out;
}

function decode(streams: PushStream[]) {
  return decodePushRequestProto(encodePushRequest(streams), 'tenant-a');
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

/** A PushRequest with one stream and one entry whose Timestamp is written by `ts`. */
function withTimestamp(ts: (w: ProtobufWriter) => void): Uint8Array {
  return new ProtobufWriter()
    .message(1, (s) => s.string(1, '{app="x"}').message(2, (e) => e.message(1, ts).string(2, 'line')))
    .finish();
}

describe('decodePushRequestProto', () => {
  it('maps streams, entries, nanosecond times and structured metadata', () => {
    const r = decode([
      {
        labels: '{app="api", env="prod"}',
        entries: [
          { timeUnixNano: 1_700_000_000_123_456_789n, line: 'GET /cart 200', structuredMetadata: { trace_id: '4bf92f3577b34da6a3ce929d0e0e4736', user: 'u1' } },
          { timeUnixNano: 1_700_000_001_000_000_000n, line: '' },
        ],
      },
      { labels: '{app="worker"}', entries: [{ timeUnixNano: 1_700_000_002_000_000_001n, line: 'job done ✓' }] },
    ]);
    assert.equal(r.streams, 2);
    assert.equal(r.rejected, 0);
    assert.equal(r.batch.tenant, 'tenant-a');
    assert.deepEqual(rows(r.batch), [
      { stream: { app: 'api', env: 'prod' }, ns: '1700000000123456789', line: 'GET /cart 200', meta: { trace_id: '4bf92f3577b34da6a3ce929d0e0e4736', user: 'u1' } },
      { stream: { app: 'api', env: 'prod' }, ns: '1700000001000000000', line: '', meta: {} },
      { stream: { app: 'worker' }, ns: '1700000002000000001', line: 'job done ✓', meta: {} },
    ]);
    assert.deepEqual([...r.batch.severityNumber], [0, 0, 0], 'no severity is invented');
    assert.deepEqual(r.batch.severityText, ['', '', '']);
  });

  it('sorts labels, drops empty values, accepts any quoting Loki accepts, and merges equal streams', () => {
    const r = decode([
      { labels: '{z="1", a="", b=\'2\'}', entries: [{ timeUnixNano: 1n, line: 'x' }] },
      { labels: '{ b = "2" , z = `1` , }', entries: [{ timeUnixNano: 2n, line: 'y' }] },
    ]);
    assert.equal(r.batch.streams.length, 1);
    assert.deepEqual(r.batch.streams[0], [{ name: 'b', value: '2' }, { name: 'z', value: '1' }]);
  });

  it('reads fields in any order and skips unknown ones (format, hash, parsed)', () => {
    const body = new ProtobufWriter()
      .string(2, 'loki')
      .message(1, (s) =>
        s
          .message(2, (e) => e.message(3, (m) => m.string(2, 'v').string(1, 'k')).string(2, 'late labels').message(4, (p) => p.string(1, 'p')).message(1, (t) => t.int64(2, 5).int64(1, 1)))
          .uint64(3, 12345)
          .string(1, '{app="x"}'),
      )
      .finish();
    const r = decodePushRequestProto(body, 't');
    assert.deepEqual(rows(r.batch), [{ stream: { app: 'x' }, ns: '1000000005', line: 'late labels', meta: { k: 'v' } }]);
  });

  it('counts streams without entries but neither validates nor stores them', () => {
    const r = decode([{ labels: '{}', entries: [] }, { labels: '{app="x"}', entries: [] }]);
    assert.equal(r.streams, 2);
    assert.equal(r.batch.length, 0);
    assert.equal(r.rejected, 0);
    assert.equal(decodePushRequestProto(new Uint8Array(0), 't').streams, 0);
  });

  it('refuses streams Loki refuses, keeping the others', () => {
    const r = decode([
      { labels: '{}', entries: [{ timeUnixNano: 1n, line: 'a' }] },
      { labels: '{a=""}', entries: [{ timeUnixNano: 1n, line: 'b' }, { timeUnixNano: 2n, line: 'c' }] },
      { labels: '{a="1", a="2"}', entries: [{ timeUnixNano: 1n, line: 'd' }] },
      { labels: '{app="ok"}', entries: [{ timeUnixNano: 1n, line: 'kept' }] },
    ]);
    assert.equal(r.rejected, 4);
    assert.deepEqual(r.messages, ['error at least one label pair is required per stream', `stream '{a="1", a="2"}' has duplicate label name: 'a'`]);
    assert.deepEqual(rows(r.batch).map((x) => x.line), ['kept']);
  });

  const badLabels: Array<[string, RegExp]> = [
    ['{app="x"', /^couldn't parse labels: 1:9: parse error: unexpected end of input inside braces/],
    ['app="x"', /^couldn't parse labels: 1:4: parse error: unexpected "=" \(in "app=\\"x\\""\)$/],
    ['{app=~"x"}', /stream labels take "=" only, not "=~" \(label app\)/],
    ['{app!="x"}', /not "!="/],
    ['{"service.name"="x"}', /invalid label name "service.name"/],
    ['', /^couldn't parse labels: 1:1: parse error: unexpected end of input/],
  ];
  for (const [labels, expected] of badLabels) {
    it(`refuses the whole request for labels ${JSON.stringify(labels)}`, () => {
      const msg = badInputMessage(() => decode([{ labels: '{ok="1"}', entries: [{ timeUnixNano: 1n, line: 'a' }] }, { labels, entries: [] }]));
      assert.match(msg, expected);
    });
  }

  it('keeps times before 1970 and far ahead exact (the store judges them)', () => {
    const r = decode([{ labels: '{a="1"}', entries: [{ timeUnixNano: -1_500_000_000n, line: 'old' }, { timeUnixNano: 9_223_372_036_854_775_807n, line: 'max' }] }]);
    assert.deepEqual([...r.batch.timeUnixNano], [-1_500_000_000n, 9_223_372_036_854_775_807n]);
  });

  it('refuses invalid timestamps', () => {
    assert.match(badInputMessage(() => decodePushRequestProto(withTimestamp((t) => t.int64(1, 1).int64(2, 1_000_000_000)), 't')), /invalid timestamp .*nanos 1000000000 not in range \[0, 1e9\)/);
    assert.match(badInputMessage(() => decodePushRequestProto(withTimestamp((t) => t.int64(2, -1)), 't')), /nanos -1 not in range/);
    assert.match(badInputMessage(() => decodePushRequestProto(withTimestamp((t) => t.int64(1, 9_300_000_000n)), 't')), /outside the int64 nanosecond range/);
  });

  it('refuses malformed protobuf as bad input', () => {
    const valid = encodePushRequest([{ labels: '{a="1"}', entries: [{ timeUnixNano: 1n, line: 'hello' }] }]);
    assert.match(badInputMessage(() => decodePushRequestProto(valid.subarray(0, valid.length - 2), 't')), /^malformed logproto.PushRequest protobuf \(\d+ bytes after snappy decoding\): /);
    assert.match(badInputMessage(() => decodePushRequestProto(new ProtobufWriter().uint64(1, 7).finish(), 't')), /PushRequest.streams field 1 has wire type 0, expected 2/);
    for (let i = 0; i < 2000; i++) {
      const junk = Uint8Array.from(valid);
      junk[(i * 7) % junk.length] = (i * 31) & 0xff;
      try {
        decodePushRequestProto(junk, 't');
      } catch (e) {
        assert.ok(e instanceof OmniscopeError && e.kind === 'bad_input', `unexpected ${String(e)}`);
      }
    }
  });
});
