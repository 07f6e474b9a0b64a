import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { LogBatch } from '../../model/index.js';
import { OmniscopeError, unavailable } from '../../model/index.js';
import { OmniscopeMetrics } from '../../self-monitoring/index.js';
import type { WriteResult } from '../../store/index.js';
import { encodePushBody, handleLokiPush, lokiPushFormatOf } from './index.js';
import type { LokiPushDeps } from './index.js';

const NOW_MS = Date.UTC(2026, 0, 15, 12, 0, 0);
const DAY_MS = 86_400_000;
const NS = (ms: number): bigint => BigInt(ms) * 1_000_000n;

const allMetrics: OmniscopeMetrics[] = [];

/** Deps around a fake store: `store` decides the WriteResult and records the batches it got. */
function depsWith(store: (b: LogBatch) => WriteResult | Promise<WriteResult>) {
  const batches: LogBatch[] = [];
  const metrics = new OmniscopeMetrics('test');
  allMetrics.push(metrics);
  const deps: LokiPushDeps = {
    appendLogs: async (b) => {
      batches.push(b);
      return store(b);
    },
    metrics,
    clock: () => NOW_MS,
    retentionMs: DAY_MS,
    retentionText: '1d',
    maxDecodedBytes: 64 * 1024,
  };
  const counter = (name: string, labels: string): number => {
    const line = metrics.registry.render().split('\n').find((l) => l.startsWith(`${name}{${labels}}`));
    return line === undefined ? 0 : Number(line.split(' ').pop());
  };
  return { deps, batches, counter };
}

const acceptAll = (b: LogBatch): WriteResult => ({ accepted: b.length, rejected: {} });
const json = (v: unknown): Uint8Array => Buffer.from(JSON.stringify(v));

async function kindOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof OmniscopeError, String(e));
    return e.kind;
  }
  return 'resolved';
}

describe('handleLokiPush', () => {
  after(() => allMetrics.forEach((m) => m.close()));

  it('stores a protobuf push and counts it', async () => {
    const { deps, batches, counter } = depsWith(acceptAll);
    const body = encodePushBody([{ labels: '{app="a"}', entries: [{ timeUnixNano: NS(NOW_MS), line: 'x' }, { timeUnixNano: NS(NOW_MS) + 1n, line: 'y' }] }]);
    assert.deepEqual(await handleLokiPush(deps, body, 'protobuf', 'tenant-1'), { kind: 'stored', accepted: 2, message: '' });
    assert.equal(batches[0]?.tenant, 'tenant-1');
    assert.equal(counter('omniscope_ingest_records_received_total', 'signal="logs",protocol="loki_push"'), 2);
  });

  it('answers no_streams (422) for a push without streams, without calling the store', async () => {
    const { deps, batches } = depsWith(acceptAll);
    const out = await handleLokiPush(deps, json({ streams: [] }), 'json', 't');
    assert.deepEqual(out, { kind: 'no_streams', accepted: 0, message: 'error at least one valid stream is required for ingestion' });
    assert.equal(batches.length, 0);
    assert.equal((await handleLokiPush(deps, json({ streams: [{ stream: { a: '1' }, values: [] }] }), 'json', 't')).kind, 'stored');
  });

  it('names entries the store found too old, in Loki words, and keeps the rest', async () => {
    const { deps, counter } = depsWith((b) => ({ accepted: 1, rejected: { too_old: b.length - 1 } }));
    const old = NS(NOW_MS - 3 * DAY_MS);
    const body = json({
      streams: [
        { stream: { app: 'a' }, values: [[String(old), 'old 1'], [String(old + 1n), 'old 2']] },
        { stream: { app: 'b' }, values: [[String(NS(NOW_MS)), 'new']] },
      ],
    });
    const out = await handleLokiPush(deps, body, 'json', 't');
    assert.equal(out.kind, 'partial');
    assert.equal(out.accepted, 1);
    assert.equal(
      out.message,
      "entry for stream '{app=\"a\"}' has timestamp too old: 2026-01-12T12:00:00Z, oldest acceptable timestamp is: 2026-01-14T12:00:00Z; " +
        '2 entries rejected: older than the logs retention (1d); they would be deleted at once; 1 entry of this request was stored',
    );
    assert.equal(counter('omniscope_ingest_records_rejected_total', 'signal="logs",protocol="loki_push",reason="too_old"'), 2);
  });

  it('reports streams with invalid labels and store rejections together', async () => {
    const { deps, batches, counter } = depsWith((b) => ({ accepted: b.length - 1, rejected: { invalid: 1 } }));
    const body = json({ streams: [{ stream: {}, values: [['1', 'a']] }, { stream: { app: 'x' }, values: [['-5', 'before 1970'], [String(NS(NOW_MS)), 'ok']] }] });
    const out = await handleLokiPush(deps, body, 'json', 't');
    assert.equal(
      out.message,
      'error at least one label pair is required per stream; 1 entry rejected: invalid stream labels; ' +
        '1 entry rejected: timestamp outside the years 1970 to 9999 that Omniscope stores; 1 entry of this request was stored',
    );
    assert.equal(batches[0]?.length, 2);
    assert.equal(counter('omniscope_ingest_records_rejected_total', 'signal="logs",protocol="loki_push",reason="invalid_labels"'), 1);
  });

  it('passes the store refusing the write on, counting it as overload', async () => {
    const { deps, counter } = depsWith(() => Promise.reject(unavailable('write queue full', 2)));
    const body = json({ streams: [{ stream: { a: '1' }, values: [['1', 'x']] }] });
    await assert.rejects(handleLokiPush(deps, body, 'json', 't'), (e: unknown) => e instanceof OmniscopeError && e.kind === 'unavailable' && e.retryAfterSeconds === 2);
    assert.equal(counter('omniscope_ingest_records_rejected_total', 'signal="logs",protocol="loki_push",reason="overload"'), 1);
  });

  it('refuses corrupt or oversized snappy, and counts malformed requests', async () => {
    const { deps, batches, counter } = depsWith(acceptAll);
    assert.equal(await kindOf(handleLokiPush(deps, json({ streams: [] }), 'protobuf', 't')), 'bad_input');
    const big = encodePushBody([{ labels: '{a="1"}', entries: [{ timeUnixNano: 1n, line: 'x'.repeat(100_000) }] }]);
    assert.equal(await kindOf(handleLokiPush(deps, big, 'protobuf', 't')), 'too_large');
    assert.equal(await kindOf(handleLokiPush(deps, json({ streams: [{ stream: { a: '1' }, values: [['x', 'y']] }] }), 'json', 't')), 'bad_input');
    assert.equal(batches.length, 0);
    assert.equal(counter('omniscope_ingest_records_rejected_total', 'signal="logs",protocol="loki_push",reason="malformed"'), 3);
  });
});

describe('lokiPushFormatOf', () => {
  const cases: Array<[string | undefined, boolean, string]> = [
    ['application/x-protobuf', false, 'protobuf'],
    ['application/protobuf', false, 'protobuf'],
    ['application/json', false, 'json'],
    ['Application/JSON; charset=utf-8', false, 'json'],
    ['application/json', true, 'json_legacy'],
    ['application/x-protobuf', true, 'protobuf'],
    ['text/plain', false, 'unsupported Content-Type "text/plain"'],
    [undefined, false, 'no Content-Type'],
    ['', false, 'no Content-Type'],
  ];
  for (const [ct, legacy, expected] of cases) {
    it(`${String(ct)}${legacy ? ' (legacy path)' : ''} -> ${expected}`, () => {
      try {
        assert.equal(lokiPushFormatOf(ct, legacy), expected);
      } catch (e) {
        assert.ok(e instanceof OmniscopeError && e.kind === 'unsupported_media_type');
        assert.ok(e.message.startsWith(`${expected}: Loki push accepts application/x-protobuf`), e.message);
      }
    });
  }
});
