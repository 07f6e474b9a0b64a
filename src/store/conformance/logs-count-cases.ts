import assert from 'node:assert/strict';
import { it } from 'node:test';
import type { Labels, LogRecordInput } from '../../model/index.js';
import type { LogCountQuery, Store } from '../contract.js';
import type { SuiteEnv } from './suite-env.js';
import { DAY_MS, NOW_NS, NS_PER_MS, collect, eq, fmt, freshTenant, live, ls, re, rejectsWithKind } from './fixtures.js';
import { appendLogs, lf, lfOr } from './logs-fixtures.js';

const web = ls({ app: 'web' });
const api = ls({ app: 'api', level: 'warn' });
const at = (ms: number): bigint => NOW_NS - BigInt(ms) * NS_PER_MS;
const SECOND = 1_000_000_000n;

/** `{labels}@bucket` -> [lines, bytes], rows of one (series, bucket) added up; checks batch invariants. */
async function readCounts(store: Store, tenant: string, q: Omit<LogCountQuery, 'tenant'>): Promise<Record<string, [number, number]>> {
  const out: Record<string, [number, number]> = {};
  for (const b of await collect(store.logs.countLogs({ tenant, ...q }, live()))) {
    for (let i = 0; i < b.length; i++) {
      const labels = b.labels[b.series[i] as number] as Labels;
      const bucket = b.bucket[i] as number;
      assert.ok(Number.isInteger(bucket) && bucket >= 0 && bucket < q.bucketCount, `bucket ${bucket} out of [0, ${q.bucketCount})`);
      assert.ok((b.lines[i] as number) > 0, 'only buckets with records appear');
      const key = `${fmt(labels)}@${bucket}`;
      const prev = out[key] ?? [0, 0];
      out[key] = [prev[0] + (b.lines[i] as number), prev[1] + (b.bytes[i] as number)];
    }
  }
  return out;
}

/** LogsReader.countLogs: the pushdown LogQL metric queries use. */
export function registerLogCountCases(env: SuiteEnv): void {
  it('countLogs: buckets are (start, end] in nanoseconds; records outside every bucket are not counted', async () => {
    const t = freshTenant('lc-bounds');
    const start = at(60_000);
    const rows: [Labels, LogRecordInput][] = [
      [web, { timeUnixNano: start, line: 'at start' }],
      [web, { timeUnixNano: start + 1n, line: 'a' }],
      [web, { timeUnixNano: start + 10n * SECOND, line: 'bb' }],
      [web, { timeUnixNano: start + 10n * SECOND + 1n, line: 'ccc' }],
      [web, { timeUnixNano: start + 30n * SECOND, line: 'dddd' }],
      [web, { timeUnixNano: start + 30n * SECOND + 1n, line: 'after the end' }],
    ];
    await appendLogs(env.store(), t, rows);
    const counts = await readCounts(env.store(), t, { matchers: [eq('app', 'web')], startUnixNano: start, bucketNanos: 10n * SECOND, bucketCount: 3 });
    assert.deepEqual(counts, { '{app="web"}@0': [2, 3], '{app="web"}@1': [1, 3], '{app="web"}@2': [1, 4] });
  });

  it('countLogs: lines and UTF-8 bytes per stream, with matchers and line filters pushed down', async () => {
    const t = freshTenant('lc-filters');
    await appendLogs(env.store(), t, [
      [web, { timeUnixNano: at(5000), line: 'GET /a 200' }],
      [web, { timeUnixNano: at(4000), line: 'GET /é 500' }],
      [api, { timeUnixNano: at(3000), line: 'POST /b 500' }],
      [ls({ app: 'db' }), { timeUnixNano: at(2000), line: 'slow 500' }],
    ]);
    const q = { startUnixNano: at(60_000), bucketNanos: 60n * SECOND, bucketCount: 1 };
    assert.deepEqual(await readCounts(env.store(), t, { ...q, matchers: [re('app', 'web|api')] }), {
      '{app="api", level="warn"}@0': [1, 11],
      '{app="web"}@0': [2, 21],
    });
    assert.deepEqual(await readCounts(env.store(), t, { ...q, matchers: [re('app', '.+')], lineFilters: [{ type: '|=', value: '500' }, { type: '!~', value: '^POST' }] }), {
      '{app="db"}@0': [1, 8],
      '{app="web"}@0': [1, 11],
    });
    assert.deepEqual(await readCounts(env.store(), t, { ...q, matchers: [eq('app', 'none')] }), {});
    await rejectsWithKind(readCounts(env.store(), t, { ...q, matchers: [re('app', '(')] }), 'bad_input');
    await rejectsWithKind(readCounts(env.store(), t, { ...q, matchers: [eq('app', 'web')], lineFilters: [{ type: '|~', value: '(' }] }), 'bad_input');
  });

  it('countLogs: series carry structured metadata as LogQL shows it, unless grouped', async () => {
    const t = freshTenant('lc-labels');
    const shadowed = ls({ app: 'web', level: 'info' });
    await appendLogs(env.store(), t, [
      [web, { timeUnixNano: at(5000), line: 'x', metadata: [{ key: 'level', value: 'error' }], traceId: '0af7651916cd43dd8448eb211c80319c' }],
      [web, { timeUnixNano: at(4000), line: 'y', metadata: [{ key: 'level', value: 'error' }] }],
      [web, { timeUnixNano: at(3000), line: 'z' }],
      [shadowed, { timeUnixNano: at(2000), line: 'w', metadata: [{ key: 'level', value: 'debug' }, { key: 'user.id', value: 7n }] }],
    ]);
    const q = { matchers: [eq('app', 'web')], startUnixNano: at(60_000), bucketNanos: 60n * SECOND, bucketCount: 1 };
    assert.deepEqual(await readCounts(env.store(), t, q), {
      '{app="web", level="error", trace_id="0af7651916cd43dd8448eb211c80319c"}@0': [1, 1],
      '{app="web", level="error"}@0': [1, 1],
      '{app="web"}@0': [1, 1],
      '{app="web", level="info", level_extracted="debug", user_id="7"}@0': [1, 1],
    });
    assert.deepEqual(await readCounts(env.store(), t, { ...q, grouping: { without: false, labels: ['level'] } }), {
      '{level="error"}@0': [2, 2],
      '{}@0': [1, 1],
      '{level="info"}@0': [1, 1],
    });
    assert.deepEqual(await readCounts(env.store(), t, { ...q, grouping: { without: false, labels: [] } }), { '{}@0': [4, 4] });
    assert.deepEqual(await readCounts(env.store(), t, { ...q, grouping: { without: true, labels: ['trace_id', 'user_id', 'level_extracted'] } }), {
      '{app="web", level="error"}@0': [2, 2],
      '{app="web"}@0': [1, 1],
      '{app="web", level="info"}@0': [1, 1],
    });
    assert.deepEqual(await readCounts(env.store(), t, { ...q, grouping: { without: false, labels: ['user_id', 'app', 'app'] } }), {
      '{app="web"}@0': [3, 3],
      '{app="web", user_id="7"}@0': [1, 1],
    });
  });

  it('countLogs: label filters on stream labels and structured metadata apply exactly', async () => {
    const t = freshTenant('lc-label-filters');
    const rows: [Labels, LogRecordInput][] = [];
    for (let i = 0; i < 300; i++) {
      const metadata = i % 3 === 0 ? [{ key: 'k', value: 'hit' }] : i % 3 === 1 ? [{ key: 'k', value: 'miss' }] : [];
      rows.push([i % 2 === 0 ? web : api, { timeUnixNano: at(300_000 - i * 1000), line: `n${i}`, metadata }]);
    }
    await appendLogs(env.store(), t, rows);
    const q = { matchers: [re('app', '.+')], startUnixNano: at(300_001), bucketNanos: 100n * SECOND, bucketCount: 3, grouping: { without: false, labels: ['app'] } };
    const hits = await readCounts(env.store(), t, { ...q, labelFilters: [lf(eq('k', 'hit'))] });
    // Record i sits i seconds + 1 ms after the exclusive start, so it lands in bucket floor(i / 100).
    const expected: Record<string, [number, number]> = {};
    for (let i = 0; i < 300; i += 3) {
      const key = `{app="${i % 2 === 0 ? 'web' : 'api'}"}@${Math.floor(i / 100)}`;
      const prev = expected[key] ?? [0, 0];
      expected[key] = [prev[0] + 1, prev[1] + `n${i}`.length];
    }
    assert.equal(Object.keys(expected).length, 6);
    assert.deepEqual(hits, expected);
    const either = await readCounts(env.store(), t, { ...q, grouping: { without: false, labels: [] }, labelFilters: [lfOr(lf(eq('app', 'api')), lf(eq('k', 'hit')))] });
    const total = Object.values(either).reduce((n, [lines]) => n + lines, 0);
    assert.equal(total, 150 + 50, 'every api record, and the web records with k="hit"');
    await rejectsWithKind(readCounts(env.store(), t, { ...q, labelFilters: [lf(re('k', '('))] }), 'bad_input');
  });

  it('countLogs: spans partitions and many records; tenants are isolated; an aborted signal rejects', async () => {
    const t = freshTenant('lc-days');
    const n = 5000;
    await appendLogs(
      env.store(),
      t,
      Array.from({ length: n }, (_, i) => [i % 2 === 0 ? web : api, { timeUnixNano: at(2 * DAY_MS - i * 30_000), line: 'x'.repeat(1 + (i % 4)) }] as [Labels, LogRecordInput]),
    );
    const q = { matchers: [re('app', '.+')], startUnixNano: at(3 * DAY_MS), bucketNanos: 3600n * SECOND, bucketCount: 72, grouping: { without: false, labels: [] } };
    const counts = await readCounts(env.store(), t, q);
    const lines = Object.values(counts).reduce((s, [l]) => s + l, 0);
    const bytes = Object.values(counts).reduce((s, [, b]) => s + b, 0);
    assert.equal(lines, n);
    assert.equal(bytes, n * 2.5);
    assert.ok(Object.keys(counts).length >= 40, 'records spread over more than 40 hourly buckets');
    assert.deepEqual(await readCounts(env.store(), freshTenant('lc-none'), q), {});
    const reason = new Error('stop');
    await assert.rejects(collect(env.store().logs.countLogs({ tenant: t, ...q }, AbortSignal.abort(reason))), (e) => e === reason);
  });
}
