/**
 * Loki push into a whole Omniscope (in this process, DuckDB in a temporary directory): the
 * snappy-compressed protobuf that Promtail and Grafana Alloy send, and the JSON form (plain and
 * gzip, with structured metadata), on /loki/api/v1/push and the legacy /api/prom/push, read
 * back through /loki/api/v1/query_range with exact nanosecond timestamps. Every refusal is
 * answered as Loki answers it: plain text, with the status its clients act on. No Loki client
 * runs here without Docker, so the requests are built by hand from the .proto and Loki's docs.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import { encodePushBody } from '../../src/ingest/loki-push/index.js';
import type { PushStream } from '../../src/ingest/loki-push/index.js';
import { snappyEncode } from '../../src/ingest/remote-write/index.js';
import { getJson, startTestOmniscope } from '../helpers/test-omniscope.js';
import type { TestOmniscope } from '../helpers/test-omniscope.js';

const KiB = 1024;
const NOW_NS = BigInt(Date.now()) * 1_000_000n;
const DAY_NS = 86_400_000_000_000n;
const CATEGORIZE = { 'X-Loki-Response-Encoding-Flags': 'categorize-labels' };

type Entry = [string, string, { structuredMetadata?: Record<string, string> }?];
interface Streams {
  data: { result: Array<{ stream: Record<string, string>; values: Entry[] }> };
}

interface Answer {
  readonly status: number;
  readonly body: string;
  readonly contentType: string | null;
  readonly retryAfter: string | null;
}

async function post(url: string, body: Uint8Array | string, headers: Record<string, string>): Promise<Answer> {
  const res = await fetch(url, { method: 'POST', body, headers });
  return { status: res.status, body: await res.text(), contentType: res.headers.get('content-type'), retryAfter: res.headers.get('retry-after') };
}

const PROTO = { 'Content-Type': 'application/x-protobuf', 'User-Agent': 'promtail/3.0.0' };
const JSON_CT = { 'Content-Type': 'application/json' };

describe('Loki push into Omniscope', () => {
  let omni: TestOmniscope;
  let pushUrl: string;
  before(async () => {
    // The Loki limit is above the general one, to show it applies on its own.
    omni = await startTestOmniscope({}, `limits:\n  max_request_body_bytes: ${64 * KiB}\n  max_loki_push_body_bytes: ${256 * KiB}\n`);
    pushUrl = `${omni.baseUrl}/loki/api/v1/push`;
  });
  after(async () => {
    await omni.stop();
  });

  async function query(selector: string, headers: Record<string, string> = CATEGORIZE): Promise<Streams['data']['result']> {
    const q = new URLSearchParams({ query: selector, start: String(NOW_NS - 30n * DAY_NS), end: String(NOW_NS + DAY_NS), limit: '1000', direction: 'forward' });
    return (await getJson<Streams>(`${omni.baseUrl}/loki/api/v1/query_range?${q}`, headers)).data.result;
  }
  /** [timestamp, line, metadata] of every entry, in time order. */
  async function entries(selector: string, headers: Record<string, string> = CATEGORIZE): Promise<Array<[string, string, Record<string, string>]>> {
    const result = await query(selector, headers);
    return result
      .flatMap((s) => s.values.map((v): [string, string, Record<string, string>] => [v[0], v[1], v[2]?.structuredMetadata ?? {}]))
      .sort((a, b) => (BigInt(a[0]) < BigInt(b[0]) ? -1 : 1));
  }

  it('stores a snappy protobuf push (Promtail, Alloy) with exact times and structured metadata', async () => {
    const t = NOW_NS - 5_000_000_000n + 123_456_789n;
    const streams: PushStream[] = [
      {
        labels: '{job="varlogs", host="web-1", filename="/var/log/app.log"}',
        entries: [
          { timeUnixNano: t, line: 'level=info msg="GET /cart 200"', structuredMetadata: { trace_id: '4bf92f3577b34da6a3ce929d0e0e4736' } },
          { timeUnixNano: t + 1n, line: 'level=error msg="payment failed" ✗' },
        ],
      },
      { labels: '{job="varlogs", host="web-2", filename="/var/log/app.log"}', entries: [{ timeUnixNano: t + 2n, line: 'from web-2' }] },
    ];
    const res = await post(pushUrl, encodePushBody(streams), PROTO);
    assert.equal(res.status, 204, res.body);
    assert.equal(res.body, '');

    assert.deepEqual(await entries('{job="varlogs"}'), [
      [String(t), 'level=info msg="GET /cart 200"', { trace_id: '4bf92f3577b34da6a3ce929d0e0e4736' }],
      [String(t + 1n), 'level=error msg="payment failed" ✗', {}],
      [String(t + 2n), 'from web-2', {}],
    ]);
    const byHost = await query('{job="varlogs", host="web-1"}');
    assert.deepEqual(byHost.map((s) => s.stream), [{ filename: '/var/log/app.log', host: 'web-1', job: 'varlogs' }]);
    const filtered = await entries('{job="varlogs"} |= "payment"');
    assert.deepEqual(filtered.map((e) => e[1]), ['level=error msg="payment failed" ✗']);
  });

  it('stores a JSON push, plain and gzip, with structured metadata', async () => {
    const t = NOW_NS - 4_000_000_000n + 1n;
    const body = (app: string) =>
      JSON.stringify({
        streams: [
          {
            stream: { app, env: 'dev' },
            values: [
              [String(t), 'plain line'],
              [String(t + 7n), 'line with metadata', { trace_id: '0242ac120002', user_id: 'superUser123' }],
            ],
          },
        ],
      });
    assert.equal((await post(pushUrl, body('json-plain'), JSON_CT)).status, 204);
    const gz = await post(pushUrl, gzipSync(body('json-gzip')), { ...JSON_CT, 'Content-Encoding': 'gzip' });
    assert.equal(gz.status, 204, gz.body);

    for (const app of ['json-plain', 'json-gzip']) {
      assert.deepEqual(await entries(`{app="${app}"}`), [
        [String(t), 'plain line', {}],
        [String(t + 7n), 'line with metadata', { trace_id: '0242ac120002', user_id: 'superUser123' }],
      ]);
    }
    // Without the categorize-labels flag, Loki 3 shows structured metadata as stream labels.
    const merged = await query('{app="json-plain"}', {});
    assert.deepEqual(merged.map((s) => s.stream).sort((a, b) => Object.keys(a).length - Object.keys(b).length), [
      { app: 'json-plain', env: 'dev' },
      { app: 'json-plain', env: 'dev', trace_id: '0242ac120002', user_id: 'superUser123' },
    ]);
  });

  it('serves the legacy path /api/prom/push (protobuf, and legacy JSON)', async () => {
    const t = NOW_NS - 3_000_000_000n;
    const legacyUrl = `${omni.baseUrl}/api/prom/push`;
    const proto = await post(legacyUrl, encodePushBody([{ labels: '{app="legacy"}', entries: [{ timeUnixNano: t, line: 'legacy protobuf' }] }]), PROTO);
    assert.equal(proto.status, 204, proto.body);
    const iso = new Date(Number((t + 1_000_000n) / 1_000_000n)).toISOString().replace('Z', '000001Z');
    const legacyJson = JSON.stringify({ streams: [{ labels: '{app="legacy"}', entries: [{ ts: iso, line: 'legacy json', structuredMetadata: [{ name: 'k', value: 'v' }] }] }] });
    const json = await post(legacyUrl, legacyJson, JSON_CT);
    assert.equal(json.status, 204, json.body);
    assert.deepEqual(await entries('{app="legacy"}'), [
      [String(t), 'legacy protobuf', {}],
      [String(t + 1_000_001n), 'legacy json', { k: 'v' }],
    ]);
  });

  it('keeps tenants apart (X-Scope-OrgID)', async () => {
    const body = JSON.stringify({ streams: [{ stream: { app: 'tenant-check' }, values: [[String(NOW_NS), 'for team-b']] }] });
    assert.equal((await post(pushUrl, body, { ...JSON_CT, 'X-Scope-OrgID': 'team-b' })).status, 204);
    assert.deepEqual(await entries('{app="tenant-check"}'), []);
    assert.deepEqual((await entries('{app="tenant-check"}', { ...CATEGORIZE, 'X-Scope-OrgID': 'team-b' })).map((e) => e[1]), ['for team-b']);
  });

  it('applies limits.max_loki_push_body_bytes, on the wire and after decompression', async () => {
    const sized = (bytes: number, app: string) => JSON.stringify({ streams: [{ stream: { app }, values: [[String(NOW_NS), 'x'.repeat(bytes)]] }] });
    const over64k = await post(pushUrl, sized(128 * KiB, 'big-ok'), JSON_CT);
    assert.equal(over64k.status, 204, 'over the general limit, under the Loki one');
    const tooBig = await post(pushUrl, sized(300 * KiB, 'big-no'), JSON_CT);
    assert.equal(tooBig.status, 413);
    assert.match(tooBig.body, /request body of \d+ bytes exceeds the limit of 262144 bytes/);
    const bomb = await post(pushUrl, gzipSync(sized(1024 * KiB, 'bomb')), { ...JSON_CT, 'Content-Encoding': 'gzip' });
    assert.equal(bomb.status, 413);
    assert.match(bomb.body, /decompressed request body exceeds the limit of 262144 bytes/);
    const snappyBomb = await post(pushUrl, encodePushBody([{ labels: '{app="bomb"}', entries: [{ timeUnixNano: NOW_NS, line: 'y'.repeat(1024 * KiB) }] }]), PROTO);
    assert.equal(snappyBomb.status, 413);
    assert.match(snappyBomb.body, /limits.max_loki_push_body_bytes/);
    assert.deepEqual(await entries('{app=~"big-no|bomb"}'), []);
  });

  const valid = (labels: Record<string, string>, ts = String(NOW_NS)) => JSON.stringify({ streams: [{ stream: labels, values: [[ts, 'x']] }] });
  const badCases: Array<[string, Uint8Array | string, Record<string, string>, number, RegExp]> = [
    ['malformed JSON', '{"streams": [', JSON_CT, 400, /^malformed Loki push request JSON: /],
    ['unparsable protobuf labels', encodePushBody([{ labels: '{app="x"', entries: [{ timeUnixNano: NOW_NS, line: 'x' }] }]), PROTO, 400, /^couldn't parse labels: 1:9: parse error: unexpected end of input inside braces/],
    ['a regex matcher as labels', encodePushBody([{ labels: '{app=~"x"}', entries: [{ timeUnixNano: NOW_NS, line: 'x' }] }]), PROTO, 400, /^couldn't parse labels: stream labels take "=" only/],
    ['an invalid JSON label name', valid({ 'k8s.pod': 'x' }), JSON_CT, 400, /^couldn't parse labels: invalid label name "k8s.pod"/],
    ['empty stream labels', valid({}), JSON_CT, 400, /^error at least one label pair is required per stream; 1 entry rejected: invalid stream labels; 0 entries of this request were stored\n$/],
    ['an invalid timestamp', valid({ app: 'x' }, '17000000000x'), JSON_CT, 400, /^invalid timestamp "17000000000x" at streams\[0\].values\[0\]\[0\]/],
    ['a push without streams', '{"streams":[]}', JSON_CT, 422, /^error at least one valid stream is required for ingestion\n$/],
    ['corrupt snappy', Buffer.from('definitely not snappy'), PROTO, 400, /^cannot decode the snappy-compressed body/],
    ['plain text', 'hello', { 'Content-Type': 'text/plain' }, 415, /^unsupported Content-Type "text\/plain": Loki push accepts application\/x-protobuf .* or application\/json/],
    ['no Content-Type', snappyEncode(Buffer.from('x')), {}, 415, /^no Content-Type: Loki push accepts/],
    ['an unknown Content-Encoding', valid({ app: 'x' }), { ...JSON_CT, 'Content-Encoding': 'br' }, 415, /^unsupported Content-Encoding "br"/],
  ];
  for (const [name, body, headers, status, expected] of badCases) {
    it(`answers ${status} for ${name}`, async () => {
      const res = await post(pushUrl, body, headers);
      assert.equal(res.status, status, res.body);
      assert.match(res.body, expected);
      assert.match(res.contentType ?? '', /^text\/plain/);
    });
  }

  it('answers 400 naming entries older than retention, and stores the rest of the request', async () => {
    const old = NOW_NS - 20n * DAY_NS;
    const body = JSON.stringify({
      streams: [
        { stream: { app: 'old-one' }, values: [[String(old), 'twenty days ago'], [String(old + 1n), 'also old']] },
        { stream: { app: 'fresh-one' }, values: [[String(NOW_NS), 'just now']] },
      ],
    });
    const res = await post(pushUrl, body, JSON_CT);
    assert.equal(res.status, 400);
    assert.match(res.body, /^entry for stream '\{app="old-one"\}' has timestamp too old: \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ, oldest acceptable timestamp is: \d{4}-/);
    assert.match(res.body, /; 2 entries rejected: older than the logs retention \(15d\); they would be deleted at once; 1 entry of this request was stored\n$/);
    assert.deepEqual((await entries('{app=~"old-one|fresh-one"}')).map((e) => e[1]), ['just now']);
    const metrics = await (await fetch(`${omni.baseUrl}/metrics`)).text();
    assert.match(metrics, /omniscope_ingest_records_rejected_total\{signal="logs",protocol="loki_push",reason="too_old"\} 2/);
    assert.match(metrics, /omniscope_ingest_records_received_total\{signal="logs",protocol="loki_push"\} \d+/);
  });

  it('answers random, truncated and streamed hostile bodies with 4xx, never 5xx', async () => {
    let seed = 7;
    const rand = (): number => ((seed = (seed * 1664525 + 1013904223) >>> 0) / 4294967296);
    const randomBytes = (n: number): Buffer => Buffer.from(Array.from({ length: n }, () => Math.floor(rand() * 256)));
    const valid = encodePushBody([{ labels: '{app="fuzz"}', entries: [{ timeUnixNano: NOW_NS, line: 'fuzz line', structuredMetadata: { k: 'v' } }] }]);
    const bodies: Array<[string, Uint8Array | string, Record<string, string>]> = [];
    for (let i = 0; i < 30; i++) bodies.push([`random #${i}`, randomBytes(1 + Math.floor(rand() * 500)), PROTO]);
    for (let i = 0; i < 30; i++) bodies.push([`snappy of random #${i}`, snappyEncode(randomBytes(1 + Math.floor(rand() * 500))), PROTO]);
    for (let cut = 1; cut < valid.length; cut++) bodies.push([`truncated at ${cut}`, valid.subarray(0, cut), PROTO]);
    for (const j of ['null', '[]', '"x"', '{"streams":"x"}', '{"streams":[null]}', '{"streams":[{"stream":[],"values":[]}]}', '{"streams":[{"stream":{"a":"1"},"values":[[null,"x"]]}]}', '\u0000']) {
      bodies.push([j, j, JSON_CT]);
    }
    for (const [name, body, headers] of bodies) {
      const res = await post(pushUrl, body, headers);
      // 413: random bytes read as snappy may declare a decoded size over the limit.
      assert.ok([204, 400, 413, 422].includes(res.status), `${name}: ${res.status} ${res.body}`);
      if (res.status !== 204) assert.match(res.contentType ?? '', /^text\/plain/, name);
    }
    // Chunked upload without Content-Length: the limit is enforced while reading.
    const stream = new ReadableStream<Uint8Array>({
      start(c) {
        for (let i = 0; i < 8; i++) c.enqueue(new Uint8Array(64 * KiB));
        c.close();
      },
    });
    const res = await fetch(pushUrl, { method: 'POST', headers: PROTO, body: stream, duplex: 'half' } as RequestInit);
    assert.equal(res.status, 413);
    await res.arrayBuffer();
  });

  it('is still ready after all of it', async () => {
    assert.equal((await fetch(`${omni.baseUrl}/-/ready`)).status, 200);
  });
});

describe('Loki push under overload', () => {
  let omni: TestOmniscope;
  before(async () => {
    omni = await startTestOmniscope({}, 'limits:\n  max_pending_write_rows: 1\n');
  });
  after(async () => {
    await omni.stop();
  });

  it('answers 503 with Retry-After beyond the write queue, and keeps every acknowledged push', async () => {
    const results = await Promise.all(
      Array.from({ length: 16 }, async (_, n) => {
        const values = Array.from({ length: 300 }, (_, i) => [String(NOW_NS + BigInt(i)), `line ${i}`]);
        const res = await post(`${omni.baseUrl}/loki/api/v1/push`, JSON.stringify({ streams: [{ stream: { push: String(n) }, values }] }), JSON_CT);
        return { n, ...res };
      }),
    );
    const refused = results.filter((r) => r.status === 503);
    const accepted = results.filter((r) => r.status === 204);
    assert.ok(refused.length > 0 && accepted.length > 0, results.map((r) => r.status).join(','));
    assert.equal(refused.length + accepted.length, results.length, 'nothing but 204 or 503');
    for (const r of refused) {
      assert.ok(Number(r.retryAfter) >= 1, 'Retry-After is set');
      assert.match(r.body, /queue full/);
    }
    for (const r of accepted) {
      const q = new URLSearchParams({ query: `{push="${r.n}"}`, start: String(NOW_NS - DAY_NS), end: String(NOW_NS + DAY_NS), limit: '1000' });
      const res = await getJson<Streams>(`${omni.baseUrl}/loki/api/v1/query_range?${q}`);
      assert.equal(res.data.result.flatMap((s) => s.values).length, 300);
    }
  });
});
