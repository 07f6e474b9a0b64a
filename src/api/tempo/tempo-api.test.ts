/* eslint-disable @typescript-eslint/no-explicit-any -- the assertions walk decoded JSON and protobuf objects */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import Fastify from 'fastify';
import type { FastifyInstance } from 'fastify';
import protobuf from 'protobufjs';
import type { Store } from '../../store/contract.js';
import { createSampleStore } from '../otlp-json/testdata/sample-store.js';
import {
  CHECKOUT_TRACE_ID,
  CLIENT_SPAN_ID,
  ROOT_SPAN_ID,
  T0_NS,
  TENANT,
  WORKER_TRACE_ID,
} from '../otlp-json/testdata/sample-traces.js';
import { DEFAULT_TEMPO_BUILD_INFO, tempoApiPlugin } from './index.js';

const PROTO_DIR = fileURLToPath(new URL('../../../../shared/conformance/otlp/proto/', import.meta.url));
const T0_S = Number(T0_NS / 1_000_000_000n);
const b64 = (hex: string): string => Buffer.from(hex, 'hex').toString('base64');

function loadType(name: string): protobuf.Type {
  const root = new protobuf.Root();
  root.resolvePath = (_origin, target) => PROTO_DIR + target;
  root.loadSync('opentelemetry/proto/trace/v1/trace.proto');
  // tempopb.TraceByIDResponse { Trace trace = 1; TraceByIDMetrics metrics = 2; }, with Trace = TracesData on the wire.
  root.add(
    new protobuf.Type('TraceByIDResponse')
      .add(new protobuf.Field('trace', 1, 'opentelemetry.proto.trace.v1.TracesData'))
      .add(new protobuf.Field('metrics', 2, 'bytes')),
  );
  return root.lookupType(name);
}

describe('tempoApiPlugin', () => {
  let store: Store;
  let app: FastifyInstance;

  before(async () => {
    store = await createSampleStore();
    app = Fastify();
    await app.register(tempoApiPlugin, {
      traces: store.traces,
      tenantOf: (req) => (req.headers['x-scope-orgid'] as string | undefined) ?? TENANT,
    });
    await app.ready();
  });
  after(async () => {
    await app.close();
    await store.close();
  });

  describe('GET /api/traces/:traceId (v1)', () => {
    it('returns {"batches": [...]} in proto3 JSON, grouped by resource', async () => {
      const res = await app.inject({ url: `/api/traces/${CHECKOUT_TRACE_ID}` });
      assert.equal(res.statusCode, 200);
      assert.match(res.headers['content-type'] as string, /^application\/json/);
      const body = res.json();
      assert.deepEqual(Object.keys(body), ['batches']);
      assert.equal(body.batches.length, 2);
      const [frontend, payments] = body.batches;
      assert.deepEqual(frontend.resource.attributes[0], { key: 'service.name', value: { stringValue: 'frontend' } });
      assert.equal(payments.resource.attributes[0].value.stringValue, 'payments');
      const root = frontend.scopeSpans[0].spans[0];
      assert.deepEqual(root, {
        traceId: b64(CHECKOUT_TRACE_ID),
        spanId: b64(ROOT_SPAN_ID),
        flags: 0x101,
        name: 'GET /checkout',
        kind: 'SPAN_KIND_SERVER',
        startTimeUnixNano: T0_NS.toString(),
        endTimeUnixNano: (T0_NS + 250_000_000n).toString(),
        attributes: [
          { key: 'http.method', value: { stringValue: 'GET' } },
          { key: 'http.route', value: { stringValue: '/checkout' } },
          { key: 'http.status_code', value: { intValue: '500' } },
        ],
        status: {},
      });
      const client = frontend.scopeSpans[0].spans[1];
      assert.equal(client.parentSpanId, b64(ROOT_SPAN_ID));
      assert.deepEqual(client.status, { message: 'card declined', code: 'STATUS_CODE_ERROR' });
      assert.equal(client.events.length, 2);
      assert.equal(payments.scopeSpans[0].spans.length, 2);
    });

    it('returns the protobuf tempopb.Trace when Accept asks for application/protobuf', async () => {
      const res = await app.inject({ url: `/api/traces/${CHECKOUT_TRACE_ID}`, headers: { accept: 'application/protobuf' } });
      assert.equal(res.statusCode, 200);
      assert.equal(res.headers['content-type'], 'application/protobuf');
      const TracesData = loadType('opentelemetry.proto.trace.v1.TracesData');
      const trace = TracesData.toObject(TracesData.decode(res.rawPayload), { bytes: String, longs: String }) as any;
      const spans = trace.resourceSpans.flatMap((rs: any) => rs.scopeSpans.flatMap((ss: any) => ss.spans));
      assert.deepEqual(
        spans.map((s: any) => [Buffer.from(s.spanId, 'base64').toString('hex'), s.name]),
        [
          [ROOT_SPAN_ID, 'GET /checkout'],
          [CLIENT_SPAN_ID, 'POST /charge'],
          ['2b3c4d5e6f708192', 'charge'],
          ['3c4d5e6f708192a3', 'publish charge.completed'],
        ],
      );
      assert.equal(spans[0].startTimeUnixNano, T0_NS.toString());
      assert.equal(Buffer.from(spans[0].traceId, 'base64').toString('hex'), CHECKOUT_TRACE_ID);
    });

    it('accepts ids in upper case and shorter ids, left-padded with zeros', async () => {
      const upper = await app.inject({ url: `/api/traces/${CHECKOUT_TRACE_ID.toUpperCase()}` });
      assert.equal(upper.statusCode, 200);
      const short = await app.inject({ url: '/api/traces/123456789abcdef' });
      assert.equal(short.statusCode, 200);
      assert.equal(short.json().batches[0].scopeSpans[0].spans[0].traceId, b64(WORKER_TRACE_ID));
    });

    it('answers 404 "trace not found" in plain text for an unknown trace or another tenant', async () => {
      for (const req of [
        { url: '/api/traces/0123456789abcdef0123456789abcdef' },
        { url: `/api/traces/${CHECKOUT_TRACE_ID}`, headers: { 'x-scope-orgid': 'other-tenant' } },
      ]) {
        const res = await app.inject(req);
        assert.equal(res.statusCode, 404);
        assert.match(res.headers['content-type'] as string, /^text\/plain/);
        assert.equal(res.body, 'trace not found');
      }
    });

    it('answers 400 with Tempo\'s messages for invalid ids', async () => {
      const cases: [string, string][] = [
        ['/api/traces/xyz', "trace IDs can only contain hex characters: invalid character 'x' at position 1"],
        ['/api/traces/abcg', "trace IDs can only contain hex characters: invalid character 'g' at position 4"],
        [`/api/traces/${CHECKOUT_TRACE_ID}0`, "trace IDs can't be larger than 128 bits"],
      ];
      for (const [url, message] of cases) {
        const res = await app.inject({ url });
        assert.equal(res.statusCode, 400, url);
        assert.match(res.headers['content-type'] as string, /^text\/plain/);
        assert.equal(res.body, message);
      }
    });

    it('takes start/end (Unix seconds) and validates them', async () => {
      const ok = await app.inject({ url: `/api/traces/${CHECKOUT_TRACE_ID}?start=${T0_S - 60}&end=${T0_S + 60}` });
      assert.equal(ok.statusCode, 200);
      const cases: [string, string][] = [
        ['start=abc', 'invalid start: strconv.ParseInt: parsing "abc": invalid syntax'],
        ['end=1.5', 'invalid end: strconv.ParseInt: parsing "1.5": invalid syntax'],
        [`start=${T0_S}&end=${T0_S}`, `http parameter start must be before end. received start=${T0_S} end=${T0_S}`],
        ['mode=nope', 'invalid value for mode nope'],
      ];
      for (const [query, message] of cases) {
        const res = await app.inject({ url: `/api/traces/${CHECKOUT_TRACE_ID}?${query}` });
        assert.equal(res.statusCode, 400, query);
        assert.equal(res.body, message);
      }
    });
  });

  describe('GET /api/v2/traces/:traceId', () => {
    it('returns {"trace": {"resourceSpans": [...]}, "metrics": {}}', async () => {
      const res = await app.inject({ url: `/api/v2/traces/${CHECKOUT_TRACE_ID}` });
      assert.equal(res.statusCode, 200);
      const body = res.json();
      assert.deepEqual(Object.keys(body), ['trace', 'metrics']);
      assert.deepEqual(Object.keys(body.trace), ['resourceSpans']);
      assert.deepEqual(body.metrics, {});
      const v1 = (await app.inject({ url: `/api/traces/${CHECKOUT_TRACE_ID}` })).json();
      assert.deepEqual(body.trace.resourceSpans, v1.batches);
    });

    it('answers an unknown trace with 200 and an empty trace, as Tempo does', async () => {
      const res = await app.inject({ url: '/api/v2/traces/0123456789abcdef0123456789abcdef' });
      assert.equal(res.statusCode, 200);
      assert.deepEqual(res.json(), { trace: {}, metrics: {} });
    });

    it('returns the protobuf TraceByIDResponse when asked', async () => {
      const res = await app.inject({
        url: `/api/v2/traces/${WORKER_TRACE_ID}`,
        headers: { accept: 'application/json, application/protobuf;q=0.9' },
      });
      assert.equal(res.statusCode, 200);
      assert.equal(res.headers['content-type'], 'application/protobuf');
      const Response = loadType('TraceByIDResponse');
      const decoded = Response.toObject(Response.decode(res.rawPayload), { bytes: String, longs: String, enums: Number }) as any;
      const span = decoded.trace.resourceSpans[0].scopeSpans[0].spans[0];
      assert.equal(span.name, 'process charge.completed');
      assert.equal(Buffer.from(span.traceId, 'base64').toString('hex'), WORKER_TRACE_ID);
      assert.equal(decoded.metrics, '');
    });

    it('answers 400 for an invalid id', async () => {
      const res = await app.inject({ url: '/api/v2/traces/not-hex' });
      assert.equal(res.statusCode, 400);
      assert.equal(res.body, "trace IDs can only contain hex characters: invalid character 'n' at position 1");
    });
  });

  it('GET /api/echo answers "echo"', async () => {
    const res = await app.inject({ url: '/api/echo' });
    assert.equal(res.statusCode, 200);
    assert.equal(res.body, 'echo');
    assert.match(res.headers['content-type'] as string, /^text\/plain/);
  });

  it('GET /api/status/buildinfo answers the build-info JSON', async () => {
    const res = await app.inject({ url: '/api/status/buildinfo' });
    assert.equal(res.statusCode, 200);
    assert.deepEqual(res.json(), DEFAULT_TEMPO_BUILD_INFO);
    assert.deepEqual(Object.keys(res.json()), ['version', 'revision', 'branch', 'buildUser', 'buildDate', 'goVersion']);
  });

  it('maps store errors through sendTempoError (a closed store: 503 with Retry-After)', async () => {
    const closed = await createSampleStore();
    await closed.close();
    const failing = Fastify();
    await failing.register(tempoApiPlugin, { traces: closed.traces, tenantOf: () => TENANT, buildInfo: { version: '2.4.0' } });
    const res = await failing.inject({ url: `/api/traces/${CHECKOUT_TRACE_ID}` });
    assert.equal(res.statusCode, 503);
    assert.equal(res.headers['retry-after'], '1');
    assert.match(res.headers['content-type'] as string, /^text\/plain/);
    assert.equal(res.body, 'the memory store is closed');
    assert.equal((await failing.inject({ url: '/api/status/buildinfo' })).json().version, '2.4.0');
    await failing.close();
  });
});
