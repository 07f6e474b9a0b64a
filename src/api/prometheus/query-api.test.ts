import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import fastify from 'fastify';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { MetricBatchBuilder, STALE_NAN, labelsFromRecord } from '../../model/index.js';
import type { Store } from '../../store/contract.js';
import { createMemoryStore } from '../../store/memory/index.js';
import { PromqlEngine } from '../../query/promql/engine/index.js';
import type { PromqlEngineOptions } from '../../query/promql/engine/index.js';
import { prometheusApiPlugin } from './index.js';

const HOUR_MS = 3_600_000;
const T0 = Date.UTC(2024, 0, 1, 12);
const NOW = T0 + HOUR_MS;
const sec = (ms: number): string => String(ms / 1000);

/** Counters every 15 s for an hour, a gauge that stops half way with a staleness marker. */
async function seed(store: Store): Promise<void> {
  const b = new MetricBatchBuilder('default');
  const api = b.series(labelsFromRecord({ __name__: 'http_requests_total', job: 'api', instance: 'a' }));
  const web = b.series(labelsFromRecord({ __name__: 'http_requests_total', job: 'web', instance: 'b' }));
  const temp = b.series(labelsFromRecord({ __name__: 'temperature', room: 'lab' }));
  for (let i = 0; i <= 240; i++) {
    const t = T0 + i * 15_000;
    b.sample(api, t, i * 10);
    b.sample(web, t, i * 2);
    if (i < 120) b.sample(temp, t, 20 + (i % 3));
    else if (i === 120) b.sample(temp, t, STALE_NAN);
  }
  await store.metrics.appendMetrics(b.build());
}

let store: Store;
let app: FastifyInstance;

async function appWith(options: Partial<PromqlEngineOptions>): Promise<FastifyInstance> {
  const a = fastify();
  await a.register(prometheusApiPlugin, {
    metrics: store.metrics,
    engine: new PromqlEngine({ reader: store.metrics, ...options }),
    tenantOf: () => 'default',
    clock: () => NOW,
  });
  await a.ready();
  return a;
}

before(async () => {
  store = createMemoryStore({ retention: { metricsMs: 30 * 24 * HOUR_MS, logsMs: HOUR_MS, tracesMs: HOUR_MS }, clock: () => NOW });
  await seed(store);
  app = await appWith({});
});

after(async () => {
  await app.close();
  await store.close();
});

async function call(a: FastifyInstance, opts: InjectOptions): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await a.inject(opts);
  return { status: res.statusCode, body: res.json<Record<string, unknown>>() };
}
const get = (path: string, params: Record<string, string>, a = app) => call(a, { method: 'GET', url: `${path}?${new URLSearchParams(params).toString()}` });
const post = (path: string, params: Record<string, string>) =>
  call(app, { method: 'POST', url: path, payload: new URLSearchParams(params).toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' } });

describe('/api/v1/query', () => {
  it('returns an instant vector in Prometheus shape, values as strings', async () => {
    const t = T0 + 30 * 60_000;
    const { status, body } = await get('/api/v1/query', { query: 'http_requests_total{job="api"}', time: sec(t) });
    assert.equal(status, 200);
    assert.deepEqual(body, {
      status: 'success',
      data: { resultType: 'vector', result: [{ metric: { __name__: 'http_requests_total', instance: 'a', job: 'api' }, value: [t / 1000, '1200'] }] },
    });
  });

  it('accepts form POST and RFC 3339 times, and computes rate()', async () => {
    const t = T0 + 30 * 60_000;
    const { status, body } = await post('/api/v1/query', { query: 'sum by (job) (rate(http_requests_total[5m]))', time: new Date(t).toISOString() });
    assert.equal(status, 200);
    const result = (body.data as { result: { metric: Record<string, string>; value: [number, string] }[] }).result;
    const byJob = Object.fromEntries(result.map((r) => [r.metric.job, Number(r.value[1])]));
    assert.deepEqual(byJob, { api: 10 / 15, web: 2 / 15 });
  });

  it('returns scalars and strings', async () => {
    const t = T0;
    assert.deepEqual((await get('/api/v1/query', { query: '1 + 2', time: sec(t) })).body, { status: 'success', data: { resultType: 'scalar', result: [t / 1000, '3'] } });
    assert.deepEqual((await get('/api/v1/query', { query: '"hi"', time: sec(t) })).body, { status: 'success', data: { resultType: 'string', result: [t / 1000, 'hi'] } });
  });

  it('renders special values as Prometheus does', async () => {
    const { body } = await get('/api/v1/query', { query: 'vector(1/0) or vector(-1/0)', time: sec(T0) });
    const values = (body.data as { result: { value: [number, string] }[] }).result.map((r) => r.value[1]);
    assert.deepEqual(values, ['+Inf']);
    const big = await get('/api/v1/query', { query: '1e21', time: sec(T0) });
    assert.deepEqual((big.body.data as { result: unknown[] }).result[1], '1000000000000000000000');
  });

  it('honours staleness: the gauge vanishes right after its marker', async () => {
    const before = await get('/api/v1/query', { query: 'temperature', time: sec(T0 + 119 * 15_000) });
    assert.equal((before.body.data as { result: unknown[] }).result.length, 1);
    const afterMarker = await get('/api/v1/query', { query: 'temperature', time: sec(T0 + 121 * 15_000) });
    assert.equal((afterMarker.body.data as { result: unknown[] }).result.length, 0);
  });

  it('returns a range vector for a matrix selector, with sample timestamps', async () => {
    const t = T0 + 60_000;
    const { body } = await get('/api/v1/query', { query: 'http_requests_total{job="web"}[1m]', time: sec(t) });
    const data = body.data as { resultType: string; result: { values: [number, string][] }[] };
    assert.equal(data.resultType, 'matrix');
    // Prometheus 3: the window (t-1m, t] excludes the sample exactly at t-1m.
    assert.deepEqual(data.result[0]?.values, [
      [(T0 + 15_000) / 1000, '2'],
      [(T0 + 30_000) / 1000, '4'],
      [(T0 + 45_000) / 1000, '6'],
      [(T0 + 60_000) / 1000, '8'],
    ]);
  });

  it('answers parse errors with bad_data 400 naming the query parameter and the position', async () => {
    const { status, body } = await get('/api/v1/query', { query: 'sum(rate(x[5m])', time: sec(T0) });
    assert.equal(status, 400);
    assert.equal(body.status, 'error');
    assert.equal(body.errorType, 'bad_data');
    assert.match(String(body.error), /^invalid parameter "query": 1:\d+: parse error: /);
  });

  it('answers hostile nesting with bad_data, and still evaluates deep but sane nesting', async () => {
    for (const query of [`${'('.repeat(20_000)}1${')'.repeat(20_000)}`, `${'-'.repeat(50_000)}1`, `x[${'('.repeat(20_000)}1m${')'.repeat(20_000)}]`]) {
      const { status, body } = await post('/api/v1/query', { query, time: sec(T0) });
      assert.equal(status, 400);
      assert.equal(body.errorType, 'bad_data');
      assert.match(String(body.error), /parse error: expression nested too deeply/);
    }
    const deep = await post('/api/v1/query', { query: `${'('.repeat(400)}1 + 1${')'.repeat(400)}`, time: sec(T0) });
    assert.equal(deep.status, 200);
    assert.deepEqual((deep.body.data as { result: unknown[] }).result[1], '2');
  });

  it('answers a missing query and a bad time with bad_data', async () => {
    assert.equal((await get('/api/v1/query', {})).status, 400);
    const { status, body } = await get('/api/v1/query', { query: 'up', time: 'yesterday' });
    assert.equal(status, 400);
    assert.match(String(body.error), /invalid parameter "time"/);
  });

  it('answers evaluation errors with execution 422', async () => {
    const { status, body } = await get('/api/v1/query', { query: 'http_requests_total + on() http_requests_total', time: sec(T0 + 60_000) });
    assert.equal(status, 422);
    assert.equal(body.errorType, 'execution');
    assert.match(String(body.error), /many-to-many matching not allowed/);
  });

  it('reports infos beside the data', async () => {
    const { body } = await get('/api/v1/query', { query: 'rate(temperature[5m])', time: sec(T0 + 10 * 60_000) });
    assert.deepEqual(body.infos, ['PromQL info: metric might not be a counter, name does not end in _total/_sum/_count/_bucket: "temperature" (1:6)']);
  });
});

describe('/api/v1/query_range', () => {
  it('returns a matrix sorted by label set with one point per step', async () => {
    const { status, body } = await get('/api/v1/query_range', {
      query: 'http_requests_total',
      start: sec(T0),
      end: sec(T0 + 60_000),
      step: '30s',
    });
    assert.equal(status, 200);
    const data = body.data as { resultType: string; result: { metric: Record<string, string>; values: [number, string][] }[] };
    assert.equal(data.resultType, 'matrix');
    assert.deepEqual(data.result.map((r) => r.metric.job), ['api', 'web']);
    assert.deepEqual(data.result[0]?.values, [
      [T0 / 1000, '0'],
      [(T0 + 30_000) / 1000, '20'],
      [(T0 + 60_000) / 1000, '40'],
    ]);
  });

  it('accepts float steps', async () => {
    const { body } = await get('/api/v1/query_range', { query: 'vector(1)', start: sec(T0), end: sec(T0 + 2000), step: '0.5' });
    const values = (body.data as { result: { values: unknown[] }[] }).result[0]?.values;
    assert.equal(values?.length, 5);
  });

  it('rejects bad steps, reversed ranges, too many points and range-vector expressions', async () => {
    const base = { query: 'up', start: sec(T0), end: sec(T0 + 60_000) };
    const zero = await get('/api/v1/query_range', { ...base, step: '0' });
    assert.equal(zero.status, 400);
    assert.match(String(zero.body.error), /zero or negative query resolution step widths are not accepted/);
    const reversed = await get('/api/v1/query_range', { ...base, start: sec(T0 + 60_000), end: sec(T0), step: '15s' });
    assert.equal(reversed.status, 400);
    const many = await get('/api/v1/query_range', { ...base, end: sec(T0 + 20_000_000), step: '1s' });
    assert.equal(many.status, 400);
    assert.match(String(many.body.error), /exceeded maximum resolution of 11,000 points/);
    const matrix = await get('/api/v1/query_range', { ...base, query: 'up[5m]', step: '15s' });
    assert.equal(matrix.status, 400);
    assert.match(String(matrix.body.error), /invalid expression type "range vector" for range query/);
  });
});

describe('limits', () => {
  it('answers too many samples with execution 422', async () => {
    const small = await appWith({ maxSamples: 100 });
    try {
      const { status, body } = await get('/api/v1/query_range', { query: 'http_requests_total', start: sec(T0), end: sec(NOW), step: '15s' }, small);
      assert.equal(status, 422);
      assert.equal(body.errorType, 'execution');
      assert.match(String(body.error), /query processing would load too many samples into memory/);
    } finally {
      await small.close();
    }
  });

  it('answers a query over its timeout with timeout 503', async () => {
    const { status, body } = await get('/api/v1/query_range', {
      query: 'count_over_time(count_over_time(http_requests_total[1h:1s])[1h:1s])',
      start: sec(T0),
      end: sec(NOW),
      step: '60s',
      timeout: '1ms',
    });
    assert.equal(status, 503);
    assert.equal(body.errorType, 'timeout');
  });
});

describe('/api/v1/format_query', () => {
  it('prints the canonical form', async () => {
    const { status, body } = await get('/api/v1/format_query', { query: 'sum(rate(foo{job="x"}[5m])) by (job)' });
    assert.equal(status, 200);
    assert.deepEqual(body, { status: 'success', data: 'sum by (job) (rate(foo{job="x"}[5m]))' });
  });

  it('answers bad_data for invalid expressions', async () => {
    const { status, body } = await get('/api/v1/format_query', { query: 'foo{' });
    assert.equal(status, 400);
    assert.equal(body.errorType, 'bad_data');
  });
});
