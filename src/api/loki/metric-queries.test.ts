import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import fastify from 'fastify';
import type { FastifyInstance } from 'fastify';
import type { Attributes } from '../../model/index.js';
import { LogBatchBuilder, labelsFromRecord } from '../../model/index.js';
import type { Store } from '../../store/contract.js';
import { createMemoryStore } from '../../store/memory/index.js';
import { lokiApiPlugin } from './index.js';
import { formatValue } from './metric-response.js';

const MIN_MS = 60_000;
const NOW_MS = Date.UTC(2024, 0, 1, 12);
const ns = (ms: number): bigint => BigInt(ms) * 1_000_000n;
const sec = (ms: number): number => ms / 1000;
const TRACE = '0af7651916cd43dd8448eb211c80319c';

/** [stream labels, minutes before now, line, metadata, trace id] */
type Row = [Record<string, string>, number, string, Attributes, string];
const API_PROD = { app: 'api', env: 'prod' };
const WEB_PROD = { app: 'web', env: 'prod' };
const ROWS: Row[] = [
  [API_PROD, 50, 'GET /users 200', [{ key: 'user.id', value: '42' }], TRACE],
  [WEB_PROD, 45, 'render home', [], ''],
  [API_PROD, 40, 'GET /orders 500', [], ''],
  [API_PROD, 10, 'POST /users 201', [], ''],
  [WEB_PROD, 5, 'render error page', [], ''],
  [{ app: 'api', env: 'dev' }, 120, 'old dev line', [], ''],
];

let store: Store;
let app: FastifyInstance;
let limited: FastifyInstance;

before(async () => {
  store = createMemoryStore({ retention: { metricsMs: MIN_MS, logsMs: 24 * 60 * MIN_MS, tracesMs: MIN_MS }, clock: () => NOW_MS });
  const b = new LogBatchBuilder('default');
  for (const [labels, minutesAgo, line, metadata, traceId] of ROWS) {
    b.record(b.stream(labelsFromRecord(labels)), { timeUnixNano: ns(NOW_MS - minutesAgo * MIN_MS), line, metadata, traceId });
  }
  await store.logs.appendLogs(b.build());
  const tenantOf = (): string => 'default';
  app = fastify();
  await app.register(lokiApiPlugin, { logs: store.logs, tenantOf, clock: () => NOW_MS });
  limited = fastify();
  await limited.register(lokiApiPlugin, { logs: store.logs, tenantOf, clock: () => NOW_MS, maxQuerySeries: 1 });
  await Promise.all([app.ready(), limited.ready()]);
});

after(async () => {
  await Promise.all([app.close(), limited.close()]);
  await store.close();
});

interface MetricData {
  resultType: string;
  result: unknown;
  stats: { summary: Record<string, number> };
}

async function query(path: string, params: Record<string, string>, on = app): Promise<{ status: number; text: string; data: () => MetricData }> {
  const res = await on.inject({ method: 'GET', url: `${path}?${new URLSearchParams(params).toString()}` });
  return { status: res.statusCode, text: res.body, data: () => (res.json<{ status: string; data: MetricData }>().data) };
}
const range = (params: Record<string, string>, on = app) => query('/loki/api/v1/query_range', params, on);
const instant = (params: Record<string, string>, on = app) => query('/loki/api/v1/query', params, on);

describe('/loki/api/v1/query_range with a metric query', () => {
  it('answers a matrix; a window is (t - range, t]: a line exactly at t - range is left out, one at t is counted', async () => {
    const res = await range({ query: 'sum by (env) (count_over_time({app=~".+"}[1h]))', start: String(ns(NOW_MS - 120 * MIN_MS)), end: String(ns(NOW_MS)), step: '3600' });
    assert.equal(res.status, 200, res.text);
    const data = res.data();
    assert.equal(data.resultType, 'matrix');
    // The dev line sits exactly at the first step (counted there) and at the start of the second window (left out).
    assert.deepEqual(data.result, [
      { metric: { env: 'dev' }, values: [[sec(NOW_MS - 120 * MIN_MS), '1']] },
      { metric: { env: 'prod' }, values: [[sec(NOW_MS), '5']] },
    ]);
    assert.equal(data.stats.summary.totalLinesProcessed, 6, 'each line is counted once per read');
    assert.equal(data.stats.summary.totalEntriesReturned, 2);
  });

  it('series carry structured metadata as labels, as in Loki 3; rate divides by the range in seconds', async () => {
    const res = await range({ query: 'rate({app="api", env="prod"} |= "GET" [1h])', start: String(ns(NOW_MS)), end: String(ns(NOW_MS)), step: '60' });
    assert.deepEqual(res.data().result, [
      { metric: { app: 'api', env: 'prod' }, values: [[sec(NOW_MS), formatValue(1 / 3600)]] },
      { metric: { app: 'api', env: 'prod', trace_id: TRACE, user_id: '42' }, values: [[sec(NOW_MS), formatValue(1 / 3600)]] },
    ]);
  });

  it('the default step is range / 250 seconds (at least 1s), and steps run from start to end inclusive', async () => {
    const res = await range({ query: 'count_over_time({app="web"}[30m])', start: String(ns(NOW_MS - 250 * MIN_MS)), end: String(ns(NOW_MS)) });
    const [series] = res.data().result as { values: [number, string][] }[];
    assert.deepEqual(
      series?.values.map(([t]) => (NOW_MS - t * 1000) / MIN_MS),
      [45, 44, 43, 42, 41, 40, 39, 38, 37, 36, 35, 34, 33, 32, 31, 30, 29, 28, 27, 26, 25, 24, 23, 22, 21, 20, 19, 18, 17, 16, 5, 4, 3, 2, 1, 0],
      'one point per minute while a line is in the 30-minute window',
    );
  });

  it('binary operations, vector() and literals', async () => {
    const at = { start: String(ns(NOW_MS)), end: String(ns(NOW_MS)), step: '60' };
    const ratio = await range({ query: 'sum(count_over_time({env="prod"} |= "500" [1h])) / sum(count_over_time({env="prod"}[1h])) * 100', ...at });
    assert.deepEqual(ratio.data().result, [{ metric: {}, values: [[sec(NOW_MS), '20']] }]);
    const fallback = await range({ query: 'sum(count_over_time({app="none"}[1h])) or vector(0)', ...at });
    assert.deepEqual(fallback.data().result, [{ metric: {}, values: [[sec(NOW_MS), '0']] }]);
    const literal = await range({ query: '2 * 3', ...at });
    assert.deepEqual(literal.data().result, [{ metric: {}, values: [[sec(NOW_MS), '6']] }]);
  });

  it('errors: parse errors with positions, unsupported LogQL, the series limit, the resolution limit', async () => {
    const grouped = await range({ query: 'count_over_time({app="api"}[5m]) by (env)' });
    assert.deepEqual([grouped.status, grouped.text], [400, 'parse error at line 1, col 34: grouping not allowed for count_over_time aggregation']);
    const duration = await range({ query: 'rate({app="api"}[5minutes])' });
    assert.deepEqual([duration.status, duration.text], [400, 'parse error at line 1, col 18: not a valid duration string: "5minutes"']);
    const unwrap = await range({ query: 'sum_over_time({app="api"} | unwrap n [5m])' });
    assert.equal(unwrap.status, 400);
    assert.match(unwrap.text, /^unwrapped range aggregations \(\| unwrap\) are not supported yet/);
    const many = await range({ query: 'count_over_time({env="prod"}[1h])', start: String(ns(NOW_MS)), end: String(ns(NOW_MS)), step: '60' }, limited);
    assert.equal(many.status, 400);
    assert.match(many.text, /^maximum number of series \(1\) reached for a single query/);
    const one = await range({ query: 'sum(count_over_time({env="prod"}[1h]))', start: String(ns(NOW_MS)), end: String(ns(NOW_MS)), step: '60' }, limited);
    assert.equal(one.status, 200);
    const fine = await range({ query: 'count_over_time({app="api"}[1h])', since: '1d', step: '7s' });
    assert.equal(fine.status, 400);
    assert.equal(fine.text, 'exceeded maximum resolution of 11,000 points per time series. Try increasing the value of the step parameter');
  });
});

describe('/loki/api/v1/query with a metric query', () => {
  it('answers a vector at `time` (default now), sorted by labels unless sorted by value', async () => {
    const res = await instant({ query: 'sum by (app) (count_over_time({env="prod"}[1h]))' });
    assert.equal(res.status, 200, res.text);
    assert.deepEqual(res.data().result, [
      { metric: { app: 'api' }, value: [sec(NOW_MS), '3'] },
      { metric: { app: 'web' }, value: [sec(NOW_MS), '2'] },
    ]);
    const sorted = await instant({ query: 'sort(sum by (app) (count_over_time({env="prod"}[1h])))' });
    assert.deepEqual((sorted.data().result as { metric: { app: string } }[]).map((s) => s.metric.app), ['web', 'api']);
    const earlier = await instant({ query: 'sum(count_over_time({env="prod"}[10m]))', time: String(ns(NOW_MS - 40 * MIN_MS)) });
    assert.deepEqual(earlier.data().result, [{ metric: {}, value: [sec(NOW_MS - 40 * MIN_MS), '2'] }]);
    const offset = await instant({ query: 'sum(count_over_time({env="prod"}[10m] offset 40m))' });
    assert.deepEqual(offset.data().result, [{ metric: {}, value: [sec(NOW_MS), '2'] }], 'offset moves the window back, not the timestamp');
  });

  it('a number is a scalar; absent_over_time answers 1 with the selector labels when nothing matched', async () => {
    const scalar = await instant({ query: '1 + 1', time: '1700000000' });
    assert.deepEqual(scalar.data(), { ...scalar.data(), resultType: 'scalar', result: [1700000000, '2'] });
    const absent = await instant({ query: 'absent_over_time({app="api", env="qa"}[1h])' });
    assert.deepEqual(absent.data().result, [{ metric: { app: 'api', env: 'qa' }, value: [sec(NOW_MS), '1'] }]);
    const present = await instant({ query: 'absent_over_time({app="api"}[1h])' });
    assert.deepEqual(present.data().result, []);
  });

  it('log queries stay a 400', async () => {
    const res = await instant({ query: '{app="api"}' });
    assert.deepEqual([res.status, res.text], [400, 'log queries are not supported as an instant query type, please change your query to a range query type']);
  });
});
