import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import fastify from 'fastify';
import type { FastifyInstance, FastifyRequest, InjectOptions } from 'fastify';
import { MetricBatchBuilder, OmniscopeError, labelsFromRecord } from '../../model/index.js';
import type { ErrorKind } from '../../model/index.js';
import type { Store } from '../../store/contract.js';
import { createMemoryStore } from '../../store/memory/index.js';
import { PromqlEngine } from '../../query/promql/engine/index.js';
import { prometheusApiPlugin } from './index.js';

const HOUR_MS = 3_600_000;
const T0 = Date.UTC(2024, 0, 1, 12); // samples around 2024-01-01T12:00Z
const NOW = T0 + 60_000;
const sec = (ms: number): string => String(ms / 1000);

/** A tenant header; `x-fail-kind` makes tenantOf throw an OmniscopeError of that kind. */
function tenantOf(request: FastifyRequest): string {
  const failKind = request.headers['x-fail-kind'];
  if (typeof failKind === 'string') {
    throw new OmniscopeError(failKind as ErrorKind, `simulated ${failKind}`, failKind === 'unavailable' ? { retryAfterSeconds: 7 } : undefined);
  }
  const t = request.headers['x-scope-orgid'];
  return typeof t === 'string' ? t : 'default';
}

async function seed(store: Store): Promise<void> {
  const b = new MetricBatchBuilder('default');
  const rows: Array<[Record<string, string>, number]> = [
    [{ __name__: 'up', job: 'api', instance: 'a:9090' }, T0],
    [{ __name__: 'up', job: 'web', instance: 'b:9090' }, T0],
    [{ __name__: 'http_requests_total', job: 'api', method: 'GET' }, T0],
    [{ __name__: 'http_requests_total', job: 'api', method: 'POST' }, T0],
    [{ __name__: 'old_metric', job: 'old' }, T0 - 10 * HOUR_MS],
  ];
  for (const [labels, t] of rows) b.sample(b.series(labelsFromRecord(labels)), t, 1);
  b.metadata({ metricFamilyName: 'http_requests_total', type: 'counter', help: 'Requests served.', unit: '' });
  b.metadata({ metricFamilyName: 'up', type: 'gauge', help: 'Target is up.', unit: '' });
  b.metadata({ metricFamilyName: 'old_metric', type: 'gauge', help: 'Old.', unit: 'seconds' });
  await store.metrics.appendMetrics(b.build());
  const other = new MetricBatchBuilder('other');
  other.sample(other.series(labelsFromRecord({ __name__: 'up', job: 'other-tenant' })), T0, 1);
  await store.metrics.appendMetrics(other.build());
}

let store: Store;
let app: FastifyInstance;

before(async () => {
  store = createMemoryStore({ retention: { metricsMs: 30 * 24 * HOUR_MS, logsMs: HOUR_MS, tracesMs: HOUR_MS }, clock: () => NOW });
  await seed(store);
  app = fastify();
  await app.register(prometheusApiPlugin, { metrics: store.metrics, engine: new PromqlEngine({ reader: store.metrics }), tenantOf, omniscopeVersion: '9.9.9', clock: () => NOW });
  await app.ready();
});

after(async () => {
  await app.close();
  await store.close();
});

async function call(opts: InjectOptions): Promise<{ status: number; body: Record<string, unknown>; headers: Record<string, unknown> }> {
  const res = await app.inject(opts);
  return { status: res.statusCode, body: res.json<Record<string, unknown>>(), headers: res.headers };
}

const get = (url: string, headers: Record<string, string> = {}) => call({ method: 'GET', url, headers });
const post = (url: string, form: string) =>
  call({ method: 'POST', url, payload: form, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
const q = (params: Array<[string, string]>): string => new URLSearchParams(params).toString();

function assertError(res: { status: number; body: Record<string, unknown> }, status: number, errorType: string, error: string): void {
  assert.deepEqual({ status: res.status, body: res.body }, { status, body: { status: 'error', errorType, error } });
}

describe('/api/v1/series', () => {
  it('GET: one selector, sorted label sets', async () => {
    const res = await get(`/api/v1/series?${q([['match[]', 'up']])}`);
    assert.equal(res.status, 200);
    assert.deepEqual(res.body, {
      status: 'success',
      data: [
        { __name__: 'up', instance: 'a:9090', job: 'api' },
        { __name__: 'up', instance: 'b:9090', job: 'web' },
      ],
    });
  });

  it('POST form: several match[] are a deduplicated union', async () => {
    const res = await post('/api/v1/series', q([['match[]', 'up{job="api"}'], ['match[]', '{job="api"}'], ['match[]', 'up']]));
    assert.equal(res.status, 200);
    assert.deepEqual(
      (res.body.data as Array<Record<string, string>>).map((s) => `${s.__name__}/${s.job}/${s.method ?? s.instance}`),
      ['http_requests_total/api/GET', 'http_requests_total/api/POST', 'up/api/a:9090', 'up/web/b:9090'],
    );
  });

  it('start/end restrict to series with samples in range (RFC 3339 and Unix seconds)', async () => {
    const inRange = await get(`/api/v1/series?${q([['match[]', '{job=~".+"}'], ['start', new Date(T0 - HOUR_MS).toISOString()], ['end', sec(T0 + 0.5)]])}`);
    assert.equal((inRange.body.data as unknown[]).length, 4);
    const old = await get(`/api/v1/series?${q([['match[]', '{job=~".+"}'], ['start', sec(T0 - 11 * HOUR_MS)], ['end', sec(T0 - 9 * HOUR_MS)]])}`);
    assert.deepEqual(old.body.data, [{ __name__: 'old_metric', job: 'old' }]);
    const none = await get(`/api/v1/series?${q([['match[]', 'up'], ['start', '1700000000'], ['end', '1700000001.5']])}`);
    assert.deepEqual(none.body, { status: 'success', data: [] });
  });

  it('accepts the min/max times client_golang sends for open ranges', async () => {
    const res = await get(`/api/v1/series?${q([['match[]', 'old_metric'], ['start', '-292273086-05-16T16:47:06Z'], ['end', '292277025-08-18T07:12:54.999999999Z']])}`);
    assert.deepEqual(res.body.data, [{ __name__: 'old_metric', job: 'old' }]);
  });

  it('limit truncates with a warning', async () => {
    const res = await get(`/api/v1/series?${q([['match[]', '{job=~".+"}'], ['limit', '2']])}`);
    assert.deepEqual(res.body, {
      status: 'success',
      data: [
        { __name__: 'http_requests_total', job: 'api', method: 'GET' },
        { __name__: 'http_requests_total', job: 'api', method: 'POST' },
      ],
      warnings: ['results truncated due to limit'],
    });
    const exact = await get(`/api/v1/series?${q([['match[]', 'up'], ['limit', '2']])}`);
    assert.equal(exact.body.warnings, undefined);
    assert.equal((exact.body.data as unknown[]).length, 2);
  });

  it('errors', async () => {
    assertError(await get('/api/v1/series'), 400, 'bad_data', 'no match[] parameter provided');
    assertError(await post('/api/v1/series', ''), 400, 'bad_data', 'no match[] parameter provided');
    assertError(
      await get(`/api/v1/series?${q([['match[]', 'up{job=}']])}`),
      400,
      'bad_data',
      'invalid parameter "match[]": 1:8: parse error: unexpected "}" in label matching, expected string',
    );
    assertError(
      await get(`/api/v1/series?${q([['match[]', '{foo=""}']])}`),
      400,
      'bad_data',
      'invalid parameter "match[]": match[] must contain at least one non-empty matcher',
    );
    assertError(
      await get(`/api/v1/series?${q([['match[]', 'up'], ['start', 'yesterday']])}`),
      400,
      'bad_data',
      `invalid parameter "start": invalid time value for 'start': cannot parse "yesterday" to a valid timestamp`,
    );
    assertError(
      await get(`/api/v1/series?${q([['match[]', 'up'], ['start', '20'], ['end', '10']])}`),
      400,
      'bad_data',
      'invalid parameter "end": end timestamp must not be before start time',
    );
    assertError(await get(`/api/v1/series?${q([['match[]', 'up'], ['limit', 'x']])}`), 400, 'bad_data', 'invalid parameter "limit": cannot parse "x" as an integer');
    assertError(await get(`/api/v1/series?${q([['match[]', 'up'], ['limit', '-1']])}`), 400, 'bad_data', 'invalid parameter "limit": limit must be non-negative');
  });

  it('maxSeriesLimit caps the result even without limit', async () => {
    const capped = fastify();
    await capped.register(prometheusApiPlugin, { metrics: store.metrics, engine: new PromqlEngine({ reader: store.metrics }), tenantOf, maxSeriesLimit: 1 });
    const res = await capped.inject({ method: 'GET', url: `/api/v1/series?${q([['match[]', 'up']])}` });
    assert.deepEqual(res.json(), { status: 'success', data: [{ __name__: 'up', instance: 'a:9090', job: 'api' }], warnings: ['results truncated due to limit'] });
    await capped.close();
  });

  it('tenants are isolated', async () => {
    const res = await get(`/api/v1/series?${q([['match[]', 'up']])}`, { 'x-scope-orgid': 'other' });
    assert.deepEqual(res.body.data, [{ __name__: 'up', job: 'other-tenant' }]);
  });
});

describe('/api/v1/labels', () => {
  it('GET: every label name', async () => {
    const res = await get('/api/v1/labels');
    assert.deepEqual(res.body, { status: 'success', data: ['__name__', 'instance', 'job', 'method'] });
  });

  it('POST: union of match[] and time range', async () => {
    const res = await post('/api/v1/labels', q([['match[]', 'old_metric'], ['match[]', 'http_requests_total']]));
    assert.deepEqual(res.body.data, ['__name__', 'job', 'method']);
    const ranged = await post('/api/v1/labels', q([['match[]', '{job=~".+"}'], ['start', sec(T0 - 11 * HOUR_MS)], ['end', sec(T0 - 9 * HOUR_MS)]]));
    assert.deepEqual(ranged.body.data, ['__name__', 'job']);
  });

  it('limit truncates with a warning', async () => {
    const res = await get('/api/v1/labels?limit=2');
    assert.deepEqual(res.body, { status: 'success', data: ['__name__', 'instance'], warnings: ['results truncated due to limit'] });
  });

  it('parse errors are bad_data without a parameter prefix', async () => {
    assertError(await get(`/api/v1/labels?${q([['match[]', '{a=~"("}']])}`), 400, 'bad_data', '1:2: parse error: error parsing regexp: Unterminated group: `(`');
    assertError(await get(`/api/v1/labels?${q([['match[]', '{a=~".*"}']])}`), 400, 'bad_data', 'match[] must contain at least one non-empty matcher');
  });
});

describe('/api/v1/label/:name/values', () => {
  it('values of a label, optionally restricted by match[]', async () => {
    assert.deepEqual((await get('/api/v1/label/job/values')).body, { status: 'success', data: ['api', 'old', 'web'] });
    assert.deepEqual((await get(`/api/v1/label/job/values?${q([['match[]', 'up'], ['match[]', 'old_metric']])}`)).body.data, ['api', 'old', 'web']);
    assert.deepEqual((await get(`/api/v1/label/__name__/values?${q([['match[]', '{job="api"}']])}`)).body.data, ['http_requests_total', 'up']);
    assert.deepEqual((await get('/api/v1/label/nope/values')).body, { status: 'success', data: [] });
  });

  it('time range and limit', async () => {
    const ranged = await get(`/api/v1/label/job/values?${q([['start', sec(T0 - 11 * HOUR_MS)], ['end', sec(T0 - 9 * HOUR_MS)]])}`);
    assert.deepEqual(ranged.body.data, ['old']);
    assert.deepEqual((await get('/api/v1/label/job/values?limit=1')).body, { status: 'success', data: ['api'], warnings: ['results truncated due to limit'] });
  });

  it('decodes U__ names and validates them', async () => {
    assert.deepEqual((await get('/api/v1/label/U__job/values')).body.data, ['api', 'old', 'web']);
    assertError(await get('/api/v1/label/U__/values'), 400, 'bad_data', 'invalid label name: ""');
  });

  it('is GET only, like Prometheus', async () => {
    const res = await app.inject({ method: 'POST', url: '/api/v1/label/job/values', payload: '', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    assert.equal(res.statusCode, 404);
  });
});

describe('/api/v1/metadata', () => {
  it('all families, one metric, limits', async () => {
    const all = await get('/api/v1/metadata');
    assert.deepEqual(all.body, {
      status: 'success',
      data: {
        http_requests_total: [{ type: 'counter', help: 'Requests served.', unit: '' }],
        old_metric: [{ type: 'gauge', help: 'Old.', unit: 'seconds' }],
        up: [{ type: 'gauge', help: 'Target is up.', unit: '' }],
      },
    });
    assert.deepEqual((await get('/api/v1/metadata?metric=up')).body.data, { up: [{ type: 'gauge', help: 'Target is up.', unit: '' }] });
    assert.deepEqual(Object.keys((await get('/api/v1/metadata?limit=1')).body.data as object), ['http_requests_total']);
    assert.deepEqual((await get('/api/v1/metadata?limit=0')).body.data, {});
    assert.equal(Object.keys((await get('/api/v1/metadata?limit=-1&limit_per_metric=1')).body.data as object).length, 3);
    assert.deepEqual((await get('/api/v1/metadata?metric=nope')).body.data, {});
  });

  it('limit_per_metric keeps that many entries per family', async () => {
    const b = new MetricBatchBuilder('meta');
    b.metadata({ metricFamilyName: 'm', type: 'gauge', help: 'first', unit: '' });
    await store.metrics.appendMetrics(b.build());
    const b2 = new MetricBatchBuilder('meta');
    b2.metadata({ metricFamilyName: 'm', type: 'gauge', help: 'second', unit: '' });
    await store.metrics.appendMetrics(b2.build());
    const both = await get('/api/v1/metadata', { 'x-scope-orgid': 'meta' });
    assert.equal((both.body.data as Record<string, unknown[]>).m?.length, 2);
    const one = await get('/api/v1/metadata?limit_per_metric=1', { 'x-scope-orgid': 'meta' });
    assert.equal((one.body.data as Record<string, unknown[]>).m?.length, 1);
  });

  it('non-numeric limits are bad_data', async () => {
    assertError(await get('/api/v1/metadata?limit=abc'), 400, 'bad_data', 'limit must be a number');
    assertError(await get('/api/v1/metadata?limit_per_metric=1.5'), 400, 'bad_data', 'limit_per_metric must be a number');
  });
});

describe('/api/v1/status/buildinfo', () => {
  it('answers like Prometheus, naming Omniscope', async () => {
    const res = await get('/api/v1/status/buildinfo');
    assert.equal(res.status, 200);
    const data = res.body.data as Record<string, string>;
    assert.equal(res.body.status, 'success');
    assert.equal(data.version, '2.42.0');
    assert.equal(data.application, 'omniscope');
    assert.equal(data.applicationVersion, '9.9.9');
    for (const field of ['revision', 'branch', 'buildUser', 'buildDate', 'goVersion']) assert.equal(typeof data[field], 'string', field);
  });
});

describe('error mapping (sendPrometheusError)', () => {
  const table: Array<[ErrorKind, number, string]> = [
    ['bad_input', 400, 'bad_data'],
    ['not_found', 404, 'not_found'],
    ['limit_exceeded', 422, 'execution'],
    ['timeout', 503, 'timeout'],
    ['canceled', 503, 'canceled'],
    ['unavailable', 503, 'unavailable'],
    ['unsupported', 400, 'bad_data'],
    ['internal', 500, 'internal'],
  ];
  for (const [kind, status, errorType] of table) {
    it(`${kind} -> ${status} ${errorType}`, async () => {
      const res = await get(`/api/v1/series?${q([['match[]', 'up']])}`, { 'x-fail-kind': kind });
      assertError(res, status, errorType, `simulated ${kind}`);
      assert.match(String(res.headers['content-type']), /^application\/json/);
      if (kind === 'unavailable') assert.equal(res.headers['retry-after'], '7');
    });
  }

  it('a closed store answers unavailable', async () => {
    const closed = createMemoryStore({ retention: { metricsMs: HOUR_MS, logsMs: HOUR_MS, tracesMs: HOUR_MS } });
    await closed.close();
    const a = fastify();
    await a.register(prometheusApiPlugin, { metrics: closed.metrics, engine: new PromqlEngine({ reader: closed.metrics }), tenantOf });
    const res = await a.inject({ method: 'GET', url: '/api/v1/labels' });
    assert.equal(res.statusCode, 503);
    assert.equal(res.json<{ errorType: string }>().errorType, 'unavailable');
    await a.close();
  });

  it("Fastify's own errors keep Prometheus's shape", async () => {
    const res = await call({ method: 'POST', url: '/api/v1/series', payload: '<q/>', headers: { 'content-type': 'application/xml' } });
    assert.equal(res.status, 400);
    assert.equal(res.body.status, 'error');
    assert.equal(res.body.errorType, 'bad_data');
    assert.match(String(res.body.error), /Unsupported Media Type/);
  });
});
