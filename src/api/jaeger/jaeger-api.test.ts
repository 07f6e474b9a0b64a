/* eslint-disable @typescript-eslint/no-explicit-any -- the assertions walk decoded JSON */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import Fastify from 'fastify';
import type { FastifyInstance } from 'fastify';
import type { Store } from '../../store/contract.js';
import { SAMPLE_NOW_MS, createSampleStore } from '../otlp-json/testdata/sample-store.js';
import {
  CHECKOUT_TRACE_ID,
  CLIENT_SPAN_ID,
  CONSUME_SPAN_ID,
  HEALTH_TRACE_ID,
  PAYMENT_SPAN_ID,
  PUBLISH_SPAN_ID,
  ROOT_SPAN_ID,
  T0_NS,
  TENANT,
} from '../otlp-json/testdata/sample-traces.js';
import { jaegerApiPlugin } from './index.js';

const T0_US = Number(T0_NS / 1000n);
const WORKER_JAEGER_ID = '0123456789abcdef';
/** A window around the sample traces, in the µs Jaeger's start/end take. */
const WINDOW = `start=${T0_US - 60_000_000}&end=${T0_US + 60_000_000}`;

describe('jaegerApiPlugin', () => {
  let store: Store;
  let app: FastifyInstance;

  before(async () => {
    store = await createSampleStore();
    app = Fastify();
    await app.register(jaegerApiPlugin, {
      prefix: '/jaeger',
      traces: store.traces,
      tenantOf: (req) => (req.headers['x-scope-orgid'] as string | undefined) ?? TENANT,
      clock: () => SAMPLE_NOW_MS,
    });
    await app.ready();
  });
  after(async () => {
    await app.close();
    await store.close();
  });

  const get = async (url: string, headers: Record<string, string> = {}): Promise<{ status: number; body: any }> => {
    const res = await app.inject({ url: `/jaeger${url}`, headers });
    assert.match(res.headers['content-type'] as string, /^application\/json/, url);
    return { status: res.statusCode, body: res.json() };
  };
  const searchIds = async (query: string): Promise<string[]> => {
    const { status, body } = await get(`/api/traces?${query}`);
    assert.equal(status, 200, `${query}: ${JSON.stringify(body.errors)}`);
    return body.data.map((t: any) => t.traceID);
  };
  const expectError = async (url: string, status: number, msg: string): Promise<void> => {
    const res = await get(url);
    assert.equal(res.status, status, url);
    assert.deepEqual(res.body, { data: null, total: 0, limit: 0, offset: 0, errors: [{ code: status, msg }] });
  };

  describe('services and operations', () => {
    it('GET /api/services lists every service in the envelope', async () => {
      const res = await app.inject({ url: '/jaeger/api/services' });
      assert.equal(res.statusCode, 200);
      assert.equal(res.body, '{"data":["frontend","payments","worker"],"total":3,"limit":0,"offset":0,"errors":null}');
    });

    it('GET /api/services is per tenant', async () => {
      assert.deepEqual((await get('/api/services', { 'x-scope-orgid': 'nobody' })).body, {
        data: [],
        total: 0,
        limit: 0,
        offset: 0,
        errors: null,
      });
    });

    it('GET /api/services/:service/operations lists distinct span names', async () => {
      const { status, body } = await get('/api/services/frontend/operations');
      assert.equal(status, 200);
      assert.deepEqual(body, { data: ['GET /checkout', 'GET /health', 'POST /charge'], total: 3, limit: 0, offset: 0, errors: null });
      assert.deepEqual((await get('/api/services/unknown/operations')).body.data, []);
    });

    it('GET /api/operations gives names with span kinds, filtered by spanKind', async () => {
      const all = await get('/api/operations?service=frontend');
      assert.deepEqual(all.body.data, [
        { name: 'GET /checkout', spanKind: 'server' },
        { name: 'GET /health', spanKind: 'server' },
        { name: 'POST /charge', spanKind: 'client' },
      ]);
      assert.equal(all.body.total, 3);
      const client = await get('/api/operations?service=frontend&spanKind=client');
      assert.deepEqual(client.body.data, [{ name: 'POST /charge', spanKind: 'client' }]);
      assert.equal(client.body.total, 1);
      assert.deepEqual((await get('/api/operations?service=worker')).body.data, [{ name: 'process charge.completed', spanKind: '' }]);
      assert.deepEqual((await get('/api/operations?service=payments&spanKind=producer')).body.data, [
        { name: 'publish charge.completed', spanKind: 'producer' },
      ]);
    });

    it('GET /api/operations requires service', async () => {
      await expectError('/api/operations', 400, "parameter 'service' is required");
    });
  });

  describe('GET /api/traces/:traceId', () => {
    it('returns the trace in Jaeger UI form, field by field', async () => {
      const { status, body } = await get(`/api/traces/${CHECKOUT_TRACE_ID}`);
      assert.equal(status, 200);
      assert.deepEqual(Object.keys(body), ['data', 'total', 'limit', 'offset', 'errors']);
      assert.equal(body.errors, null);
      assert.equal(body.data.length, 1);
      const trace = body.data[0];
      assert.deepEqual(Object.keys(trace), ['traceID', 'spans', 'processes', 'warnings']);
      assert.equal(trace.traceID, CHECKOUT_TRACE_ID);
      assert.equal(trace.warnings, null);
      assert.deepEqual(trace.processes, {
        p1: {
          serviceName: 'frontend',
          tags: [
            { key: 'host.name', type: 'string', value: 'web-1' },
            { key: 'process.pid', type: 'int64', value: 4242 },
          ],
        },
        p2: { serviceName: 'payments', tags: [{ key: 'deployment.environment', type: 'string', value: 'prod' }] },
      });
      assert.deepEqual(
        trace.spans.map((s: any) => [s.spanID, s.processID]),
        [
          [ROOT_SPAN_ID, 'p1'],
          [CLIENT_SPAN_ID, 'p1'],
          [PAYMENT_SPAN_ID, 'p2'],
          [PUBLISH_SPAN_ID, 'p2'],
        ],
      );
      const [root, client, charge, publish] = trace.spans;
      assert.deepEqual(root, {
        traceID: CHECKOUT_TRACE_ID,
        spanID: ROOT_SPAN_ID,
        flags: 1,
        operationName: 'GET /checkout',
        references: [],
        startTime: T0_US,
        duration: 250_000,
        tags: [
          { key: 'otel.scope.name', type: 'string', value: '@opentelemetry/instrumentation-http' },
          { key: 'otel.scope.version', type: 'string', value: '0.52.0' },
          { key: 'http.method', type: 'string', value: 'GET' },
          { key: 'http.route', type: 'string', value: '/checkout' },
          { key: 'http.status_code', type: 'int64', value: 500 },
          { key: 'span.kind', type: 'string', value: 'server' },
        ],
        logs: [],
        processID: 'p1',
        warnings: null,
      });
      assert.deepEqual(client.references, [{ refType: 'CHILD_OF', traceID: CHECKOUT_TRACE_ID, spanID: ROOT_SPAN_ID }]);
      assert.equal(client.startTime, T0_US + 10_000);
      assert.equal(client.duration, 200_000);
      assert.deepEqual(client.tags.slice(2), [
        { key: 'http.method', type: 'string', value: 'POST' },
        { key: 'span.kind', type: 'string', value: 'client' },
        { key: 'otel.status_code', type: 'string', value: 'ERROR' },
        { key: 'error', type: 'bool', value: true },
        { key: 'otel.status_description', type: 'string', value: 'card declined' },
      ]);
      assert.deepEqual(client.logs, [
        {
          timestamp: T0_US + 200_123,
          fields: [
            { key: 'event', type: 'string', value: 'exception' },
            { key: 'exception.type', type: 'string', value: 'PaymentError' },
            { key: 'exception.message', type: 'string', value: 'card declined' },
          ],
        },
        {
          timestamp: T0_US + 205_000,
          fields: [
            { key: 'event', type: 'string', value: 'retry' },
            { key: 'attempt', type: 'int64', value: 2 },
          ],
        },
      ]);
      assert.deepEqual(charge.references, [
        { refType: 'CHILD_OF', traceID: CHECKOUT_TRACE_ID, spanID: CLIENT_SPAN_ID },
        { refType: 'FOLLOWS_FROM', traceID: WORKER_JAEGER_ID, spanID: CONSUME_SPAN_ID },
      ]);
      assert.deepEqual(charge.tags, [
        { key: 'otel.scope.name', type: 'string', value: 'payments-lib' },
        { key: 'otel.scope.version', type: 'string', value: '1.2.3' },
        { key: 'str', type: 'string', value: 'text' },
        { key: 'flag', type: 'bool', value: true },
        { key: 'ratio', type: 'float64', value: 0.25 },
        { key: 'count', type: 'int64', value: 42 },
        { key: 'big', type: 'int64', value: '9007199254740993' },
        { key: 'negative', type: 'int64', value: -7 },
        { key: 'blob', type: 'binary', value: '3q2+7w==' },
        { key: 'list', type: 'string', value: '["a",1,false]' },
        { key: 'map', type: 'string', value: '{"k":"v"}' },
        { key: 'nothing', type: 'string', value: '' },
        { key: 'empty', type: 'string', value: '' },
        { key: 'zero', type: 'int64', value: 0 },
        { key: 'span.kind', type: 'string', value: 'server' },
        { key: 'otel.status_code', type: 'string', value: 'OK' },
        { key: 'w3c.tracestate', type: 'string', value: 'vendor=1' },
      ]);
      assert.equal(charge.flags, 1);
      assert.equal('flags' in publish, false, 'flags are omitted when not sampled');
      assert.equal(publish.duration, 1500);
      assert.deepEqual(publish.tags.at(-1), { key: 'span.kind', type: 'string', value: 'producer' });
    });

    it('prints a 64-bit trace id with 16 digits and accepts it, padded or in base64', async () => {
      for (const id of [WORKER_JAEGER_ID, `0000000000000000${WORKER_JAEGER_ID}`, Buffer.from(WORKER_JAEGER_ID, 'hex').toString('base64')]) {
        const { status, body } = await get(`/api/traces/${encodeURIComponent(id)}`);
        assert.equal(status, 200, id);
        const trace = body.data[0];
        assert.equal(trace.traceID, WORKER_JAEGER_ID);
        assert.deepEqual(trace.processes, { p1: { serviceName: 'worker', tags: [] } });
        const span = trace.spans[0];
        assert.equal(span.traceID, WORKER_JAEGER_ID);
        assert.deepEqual(span.references, [{ refType: 'FOLLOWS_FROM', traceID: CHECKOUT_TRACE_ID, spanID: PUBLISH_SPAN_ID }]);
        assert.deepEqual(span.tags, [{ key: 'messaging.system', type: 'string', value: 'kafka' }], 'no span.kind for unspecified');
        assert.equal(span.duration, 2_000_000);
      }
    });

    it('takes start/end hints in microseconds', async () => {
      assert.equal((await get(`/api/traces/${CHECKOUT_TRACE_ID}?${WINDOW}`)).status, 200);
      await expectError(`/api/traces/${CHECKOUT_TRACE_ID}?start=soon`, 400, `unable to parse param 'start': strconv.ParseInt: parsing "soon": invalid syntax`);
    });

    it('answers 404 for an unknown trace and 400 for an invalid id, in the envelope', async () => {
      await expectError('/api/traces/0123456789abcdef0123456789abcdef', 404, 'trace not found');
      await expectError(`/api/traces/${CHECKOUT_TRACE_ID}`.replace('4bf', 'xbf'), 400, 'strconv.ParseUint: parsing "xbf92f3577b34da6": invalid syntax');
      await expectError(`/api/traces/${CHECKOUT_TRACE_ID}00`, 400, `TraceID cannot be longer than 32 hex characters: ${CHECKOUT_TRACE_ID}00`);
    });
  });

  describe('GET /api/traces (search)', () => {
    it('requires service', async () => {
      await expectError(`/api/traces?${WINDOW}`, 400, "parameter 'service' is required");
    });

    it('returns full traces of a service, most recent first, with total 0 as Jaeger does', async () => {
      const { body } = await get(`/api/traces?service=frontend&${WINDOW}`);
      assert.deepEqual(
        body.data.map((t: any) => [t.traceID, t.spans.length]),
        [
          [HEALTH_TRACE_ID, 1],
          [CHECKOUT_TRACE_ID, 4],
        ],
      );
      assert.equal(body.total, 0);
      assert.equal(body.errors, null);
      assert.deepEqual(Object.keys(body.data[1].processes), ['p1', 'p2'], 'whole traces, other services included');
    });

    it('filters by operation', async () => {
      assert.deepEqual(await searchIds(`service=frontend&operation=POST%20%2Fcharge&${WINDOW}`), [CHECKOUT_TRACE_ID]);
      assert.deepEqual(await searchIds(`service=payments&operation=GET%20%2Fhealth&${WINDOW}`), []);
    });

    it('filters by tags given as JSON, as repeated tag=key:value, and as tags=key:value', async () => {
      const json = encodeURIComponent(JSON.stringify({ 'http.status_code': '200' }));
      assert.deepEqual(await searchIds(`service=frontend&tags=${json}&${WINDOW}`), [HEALTH_TRACE_ID]);
      assert.deepEqual(await searchIds(`service=frontend&tag=http.status_code:500&${WINDOW}`), [CHECKOUT_TRACE_ID]);
      assert.deepEqual(await searchIds(`service=frontend&tag=http.method:GET&tag=http.status_code:500&${WINDOW}`), [CHECKOUT_TRACE_ID]);
      assert.deepEqual(await searchIds(`service=frontend&tags=http.method:POST&${WINDOW}`), [CHECKOUT_TRACE_ID]);
      assert.deepEqual(await searchIds(`service=frontend&tag=http.method:DELETE&${WINDOW}`), []);
      const resourceTag = encodeURIComponent(JSON.stringify({ 'host.name': 'web-1' }));
      assert.deepEqual(await searchIds(`service=frontend&tags=${resourceTag}&${WINDOW}`), [HEALTH_TRACE_ID, CHECKOUT_TRACE_ID]);
    });

    it('matches derived tags (error, span.kind, otel.status_code) on the same span as the other conditions', async () => {
      const q = (tags: Record<string, string>): string => encodeURIComponent(JSON.stringify(tags));
      assert.deepEqual(await searchIds(`service=frontend&tags=${q({ error: 'true' })}&${WINDOW}`), [CHECKOUT_TRACE_ID]);
      assert.deepEqual(await searchIds(`service=payments&tags=${q({ error: 'true' })}&${WINDOW}`), []);
      assert.deepEqual(await searchIds(`service=frontend&tags=${q({ 'span.kind': 'client', 'http.method': 'POST' })}&${WINDOW}`), [CHECKOUT_TRACE_ID]);
      assert.deepEqual(await searchIds(`service=frontend&tags=${q({ 'span.kind': 'client', 'http.method': 'GET' })}&${WINDOW}`), []);
      assert.deepEqual(await searchIds(`service=frontend&tags=${q({ 'otel.status_code': 'OK' })}&${WINDOW}`), [HEALTH_TRACE_ID]);
      assert.deepEqual(await searchIds(`service=frontend&tags=${q({ 'otel.status_code': 'OK' })}&limit=1&${WINDOW}`), [HEALTH_TRACE_ID]);
      // the most recent candidate (health) fails, so the search asks the store for more candidates
      assert.deepEqual(await searchIds(`service=frontend&tags=${q({ error: 'true' })}&limit=1&${WINDOW}`), [CHECKOUT_TRACE_ID]);
      assert.deepEqual(await searchIds(`service=payments&tags=${q({ 'otel.scope.name': 'payments-lib', str: 'text' })}&${WINDOW}`), [
        CHECKOUT_TRACE_ID,
      ]);
    });

    it('filters by duration (Go durations) on one span', async () => {
      assert.deepEqual(await searchIds(`service=frontend&minDuration=100ms&${WINDOW}`), [CHECKOUT_TRACE_ID]);
      assert.deepEqual(await searchIds(`service=frontend&maxDuration=1ms&${WINDOW}`), [HEALTH_TRACE_ID]);
      assert.deepEqual(await searchIds(`service=frontend&maxDuration=500us&${WINDOW}`), [HEALTH_TRACE_ID]);
      assert.deepEqual(await searchIds(`service=frontend&maxDuration=499us&${WINDOW}`), []);
      assert.deepEqual(await searchIds(`service=payments&minDuration=1.2ms&maxDuration=1.6ms&${WINDOW}`), [CHECKOUT_TRACE_ID]);
      assert.deepEqual(await searchIds(`service=worker&minDuration=2s&${WINDOW}`), [WORKER_JAEGER_ID]);
    });

    it('filters by time range (µs), lookback, and the default window', async () => {
      assert.deepEqual(await searchIds(`service=frontend&start=${T0_US}&end=${T0_US + 1_000_000}`), [CHECKOUT_TRACE_ID]);
      assert.deepEqual(await searchIds(`service=frontend&start=${T0_US + 300_000}&end=${T0_US + 60_000_000}`), [HEALTH_TRACE_ID]);
      assert.deepEqual(await searchIds(`service=frontend&lookback=1m`), []);
      assert.deepEqual(await searchIds(`service=frontend&lookback=2h`), [HEALTH_TRACE_ID, CHECKOUT_TRACE_ID]);
      assert.deepEqual(await searchIds(`service=frontend&lookback=custom&${WINDOW}`), [HEALTH_TRACE_ID, CHECKOUT_TRACE_ID]);
      assert.deepEqual(await searchIds('service=frontend'), [HEALTH_TRACE_ID, CHECKOUT_TRACE_ID], 'default: 2 days back from now');
    });

    it('limits the number of traces', async () => {
      assert.deepEqual(await searchIds(`service=frontend&limit=1&${WINDOW}`), [HEALTH_TRACE_ID]);
      assert.deepEqual(await searchIds(`service=frontend&limit=0&${WINDOW}`), [HEALTH_TRACE_ID, CHECKOUT_TRACE_ID]);
    });

    it('fetches traces by traceID, listing the missing ones in errors', async () => {
      const missing = '0123456789abcdef0123456789abcdef';
      const { status, body } = await get(`/api/traces?traceID=${CHECKOUT_TRACE_ID}&traceID=${missing}`);
      assert.equal(status, 200);
      assert.deepEqual(
        body.data.map((t: any) => t.traceID),
        [CHECKOUT_TRACE_ID],
      );
      assert.deepEqual(body.errors, [{ msg: 'trace not found', traceID: missing }]);
      await expectError('/api/traces?traceID=nothex', 400, 'cannot parse traceID param: strconv.ParseUint: parsing "nothex": invalid syntax');
    });

    it('rejects invalid parameters with Jaeger\'s messages', async () => {
      const cases: [string, string][] = [
        ['minDuration=abc', `unable to parse param 'minDuration': time: invalid duration "abc"`],
        ['maxDuration=1d', `unable to parse param 'maxDuration': time: unknown unit "d" in duration "1d"`],
        ['minDuration=10', `unable to parse param 'minDuration': time: missing unit in duration "10"`],
        ['minDuration=2s&maxDuration=1s', "'maxDuration' should be greater than 'minDuration'"],
        ['start=yesterday', `unable to parse param 'start': strconv.ParseInt: parsing "yesterday": invalid syntax`],
        ['end=1.5', `unable to parse param 'end': strconv.ParseInt: parsing "1.5": invalid syntax`],
        ['limit=many', 'strconv.ParseInt: parsing "many": invalid syntax'],
        ['tag=novalue', "malformed 'tag' parameter, expecting key:value, received: novalue"],
        ['lookback=forever', `unable to parse param 'lookback': time: invalid duration "forever"`],
      ];
      for (const [query, msg] of cases) await expectError(`/api/traces?service=frontend&${query}`, 400, msg);
      const res = await get(`/api/traces?service=frontend&tags=${encodeURIComponent('{"a":')}`);
      assert.equal(res.status, 400);
      assert.match(res.body.errors[0].msg, /^malformed 'tags' parameter, cannot unmarshal JSON: /);
    });
  });

  it('maps store errors through sendJaegerError (a closed store: 503 with Retry-After)', async () => {
    const closed = await createSampleStore();
    await closed.close();
    const failing = Fastify();
    await failing.register(jaegerApiPlugin, { prefix: '/jaeger', traces: closed.traces, tenantOf: () => TENANT });
    const res = await failing.inject({ url: '/jaeger/api/services' });
    assert.equal(res.statusCode, 503);
    assert.equal(res.headers['retry-after'], '1');
    assert.deepEqual(res.json(), {
      data: null,
      total: 0,
      limit: 0,
      offset: 0,
      errors: [{ code: 503, msg: 'the memory store is closed' }],
    });
    await failing.close();
  });
});
