import assert from 'node:assert/strict';
import { it } from 'node:test';
import type { Attributes } from '../../model/index.js';
import { KeyValueList } from '../../model/index.js';
import type { TraceSearchQuery } from '../contract.js';
import type { SuiteEnv } from './suite-env.js';
import { DAY_MS, NOW_NS, freshTenant, live } from './fixtures.js';
import { SCOPE, appendSpans, flattenSpans, resource, span, spanId, traceId } from './traces-fixtures.js';

/** Attributes of every AnyValue type, including values a double or JSON number would corrupt. */
const EVERY_TYPE: Attributes = [
  { key: 'str', value: 'héllo "quoted"' },
  { key: 'empty', value: '' },
  { key: 'bool', value: false },
  { key: 'int', value: -42n },
  { key: 'big', value: 9223372036854775807n },
  { key: 'double', value: 3.0 },
  { key: 'frac', value: 0.1 },
  { key: 'nan', value: NaN },
  { key: 'inf', value: -Infinity },
  { key: 'bytes', value: new Uint8Array([0, 1, 254, 255]) },
  { key: 'array', value: ['a', 1n, 1.5, true, null, [2n]] },
  { key: 'kvlist', value: new KeyValueList([{ key: 'nested', value: new KeyValueList([{ key: 'deep', value: 7n }]) }]) },
  { key: 'null', value: null },
];

const range = { startUnixNano: NOW_NS - BigInt(DAY_MS) * 1_000_000n, endUnixNano: NOW_NS };

export function registerTracesCases(env: SuiteEnv): void {
  it('getTrace returns every field as written, nanosecond times and every attribute type', async () => {
    const t = freshTenant('t-get');
    const tid = traceId(1);
    const rich = resource('checkout', EVERY_TYPE);
    const scope = { name: 'io.lib', version: '2.1', attributes: [{ key: 'scope.attr', value: 1n }], droppedAttributesCount: 3, schemaUrl: 'https://opentelemetry.io/schemas/1.24.0' };
    const root = span({
      traceId: tid,
      spanId: spanId(1),
      resource: { ...rich, droppedAttributesCount: 2, schemaUrl: 'https://opentelemetry.io/schemas/1.21.0' },
      scope,
      traceState: 'vendor=x',
      name: 'POST /checkout',
      kind: 3,
      startTimeUnixNano: NOW_NS - 5_000_000_123n,
      endTimeUnixNano: NOW_NS - 1_000_000_007n,
      statusCode: 2,
      statusMessage: 'payment failed',
      attributes: EVERY_TYPE,
      events: [
        { timeUnixNano: NOW_NS - 4_000_000_001n, name: 'exception', attributes: [{ key: 'exception.message', value: 'boom' }, ...EVERY_TYPE], droppedAttributesCount: 1 },
        { timeUnixNano: NOW_NS - 3_999_999_999n, name: 'retry', attributes: [], droppedAttributesCount: 0 },
      ],
      links: [{ traceId: traceId(99), spanId: spanId(99), traceState: 'a=b', attributes: [{ key: 'link.kind', value: 'follows' }, ...EVERY_TYPE], droppedAttributesCount: 4, flags: 257 }],
      flags: 769,
      droppedAttributesCount: 5,
      droppedEventsCount: 6,
      droppedLinksCount: 7,
    });
    const child = span({ traceId: tid, spanId: spanId(2), parentSpanId: spanId(1), resource: resource('payments'), scope: SCOPE, name: 'charge', kind: 3 }, 2000);
    const r = await appendSpans(env.store(), t, [root, child]);
    assert.deepEqual(r, { accepted: 2, rejected: {} });
    const got = await env.store().traces.getTrace(t, tid, undefined, live());
    assert.ok(got !== null);
    assert.equal(got.tenant, t);
    assert.deepEqual(flattenSpans(got), [root, child]);
    const hinted = await env.store().traces.getTrace(t, tid, { startUnixNano: NOW_NS - 6_000_000_000n, endUnixNano: NOW_NS }, live());
    assert.deepEqual(hinted === null ? null : flattenSpans(hinted), [root, child], 'a range hint covering the trace finds it');
  });

  it('getTrace gathers spans written in separate batches; unknown ids and other tenants get null', async () => {
    const t = freshTenant('t-parts');
    const tid = traceId(2);
    await appendSpans(env.store(), t, [span({ traceId: tid, spanId: spanId(1) })]);
    await appendSpans(env.store(), t, [span({ traceId: tid, spanId: spanId(2), parentSpanId: spanId(1) }, 13 * 3_600_000)]);
    await appendSpans(env.store(), t, [span({ traceId: traceId(3), spanId: spanId(3) })]);
    const got = await env.store().traces.getTrace(t, tid, undefined, live());
    assert.deepEqual(got === null ? [] : flattenSpans(got).map((s) => s.spanId), [spanId(1), spanId(2)]);
    assert.equal(await env.store().traces.getTrace(t, traceId(4), undefined, live()), null);
    assert.equal(await env.store().traces.getTrace(freshTenant('t-parts-other'), tid, undefined, live()), null);
  });

  it('appendSpans counts invalid ids and spans that ended before retention', async () => {
    const t = freshTenant('t-counts');
    const old = NOW_NS - BigInt(31 * DAY_MS) * 1_000_000n;
    const r = await appendSpans(env.store(), t, [
      span({ traceId: traceId(5), spanId: spanId(1) }),
      span({ traceId: 'not-hex', spanId: spanId(2) }),
      span({ traceId: traceId(5), spanId: '123' }),
      span({ traceId: traceId(5), spanId: spanId(4), startTimeUnixNano: old - 10n, endTimeUnixNano: old }),
    ]);
    assert.deepEqual(r, { accepted: 1, rejected: { invalid: 2, too_old: 1 } });
  });

  it('searchTraces: each condition, on one and the same span', async () => {
    const t = freshTenant('t-search');
    const s = env.store();
    const web = resource('web', [{ key: 'deployment.environment', value: 'prod' }]);
    const db = resource('db');
    await appendSpans(s, t, [
      span({ traceId: traceId(10), spanId: spanId(1), resource: web, name: 'GET /a', attributes: [{ key: 'http.status_code', value: 200n }] }, 5000, 10_000_000n),
      span({ traceId: traceId(10), spanId: spanId(2), resource: db, name: 'SELECT', attributes: [{ key: 'db.system', value: 'postgres' }] }, 4999, 2_000_000n),
      span({ traceId: traceId(11), spanId: spanId(3), resource: web, name: 'GET /b', attributes: [{ key: 'http.status_code', value: 500n }, { key: 'retry', value: true }] }, 3000, 50_000_000n),
      span({ traceId: traceId(12), spanId: spanId(4), resource: db, name: 'GET /a', attributes: [{ key: 'ratio', value: 0.5 }] }, 1000, 1_000_000n),
    ]);
    const search = async (q: Partial<TraceSearchQuery>) =>
      (await s.traces.searchTraces({ tenant: t, limit: 20, ...range, ...q }, live())).map((x) => x.traceId);
    assert.deepEqual(await search({}), [traceId(12), traceId(11), traceId(10)], 'most recent first');
    assert.deepEqual(await search({ serviceName: 'web' }), [traceId(11), traceId(10)]);
    assert.deepEqual(await search({ spanName: 'GET /a' }), [traceId(12), traceId(10)]);
    assert.deepEqual(await search({ serviceName: 'db', spanName: 'SELECT' }), [traceId(10)]);
    assert.deepEqual(await search({ serviceName: 'web', spanName: 'SELECT' }), [], 'conditions hold on one span');
    assert.deepEqual(await search({ attributes: [{ key: 'http.status_code', value: '500' }] }), [traceId(11)]);
    assert.deepEqual(await search({ attributes: [{ key: 'retry', value: 'true' }, { key: 'http.status_code', value: '500' }] }), [traceId(11)]);
    assert.deepEqual(await search({ attributes: [{ key: 'ratio', value: '0.5' }] }), [traceId(12)]);
    assert.deepEqual(await search({ attributes: [{ key: 'deployment.environment', value: 'prod' }] }), [traceId(11), traceId(10)], 'resource attributes count');
    assert.deepEqual(await search({ attributes: [{ key: 'deployment.environment', value: 'prod' }, { key: 'db.system', value: 'postgres' }] }), []);
    assert.deepEqual(await search({ attributes: [{ key: 'http.status_code', value: '20' }] }), [], 'equality, not substring');
    assert.deepEqual(await search({ minDurationNanos: 10_000_000n }), [traceId(11), traceId(10)], 'min is inclusive');
    assert.deepEqual(await search({ maxDurationNanos: 2_000_000n }), [traceId(12), traceId(10)], 'max is inclusive');
    assert.deepEqual(await search({ minDurationNanos: 2_000_001n, maxDurationNanos: 10_000_000n }), [traceId(10)]);
    assert.deepEqual(await search({ limit: 2 }), [traceId(12), traceId(11)]);
    const startOf10 = NOW_NS - 5_000_000_000n;
    assert.deepEqual(await search({ startUnixNano: startOf10 + 1n, endUnixNano: NOW_NS - 3_000_000_000n }), [traceId(11), traceId(10)], 'start range is closed');
    const summaries = await s.traces.searchTraces({ tenant: t, limit: 20, ...range, serviceName: 'db' }, live());
    assert.deepEqual(summaries.find((x) => x.traceId === traceId(10))?.startUnixNano, NOW_NS - 4_999_000_000n, 'earliest matching span');
  });

  it('searchTraces matches attributes by display string for every type', async () => {
    const t = freshTenant('t-display');
    await appendSpans(env.store(), t, [span({ traceId: traceId(20), spanId: spanId(1), attributes: EVERY_TYPE })]);
    const hit = async (key: string, value: string) =>
      (await env.store().traces.searchTraces({ tenant: t, limit: 5, ...range, attributes: [{ key, value }] }, live())).length === 1;
    assert.ok(await hit('str', 'héllo "quoted"'));
    assert.ok(await hit('bool', 'false'));
    assert.ok(await hit('int', '-42'));
    assert.ok(await hit('big', '9223372036854775807'));
    assert.ok(await hit('double', '3'));
    assert.ok(await hit('nan', 'NaN'));
    assert.ok(await hit('bytes', 'AAH+/w=='));
    assert.ok(await hit('array', '["a",1,1.5,true,null,[2]]'));
    assert.ok(await hit('kvlist', '{"nested":{"deep":7}}'));
    assert.ok(!(await hit('str', 'héllo')));
  });

  it('serviceNames and spanNames: sorted, distinct, by range and tenant', async () => {
    const t = freshTenant('t-names');
    const s = env.store();
    await appendSpans(s, t, [
      span({ traceId: traceId(30), spanId: spanId(1), resource: resource('web'), name: 'b', kind: 2 }),
      span({ traceId: traceId(30), spanId: spanId(2), resource: resource('web'), name: 'a', kind: 3 }),
      span({ traceId: traceId(30), spanId: spanId(3), resource: resource('web'), name: 'a', kind: 2 }),
      span({ traceId: traceId(30), spanId: spanId(4), resource: resource('web'), name: 'a', kind: 2 }),
      span({ traceId: traceId(31), spanId: spanId(5), resource: resource('api'), name: 'old' }, 2 * DAY_MS),
    ]);
    assert.deepEqual(await s.traces.serviceNames({ tenant: t, ...range }, live()), ['web']);
    assert.deepEqual(await s.traces.serviceNames({ tenant: t, startUnixNano: 0n, endUnixNano: NOW_NS }, live()), ['api', 'web']);
    assert.deepEqual(await s.traces.spanNames({ tenant: t, serviceName: 'web', ...range }, live()), [
      { name: 'a', kind: 2 },
      { name: 'a', kind: 3 },
      { name: 'b', kind: 2 },
    ]);
    assert.deepEqual(await s.traces.spanNames({ tenant: t, serviceName: 'api', ...range }, live()), []);
    const other = freshTenant('t-names-other');
    assert.deepEqual(await s.traces.serviceNames({ tenant: other, startUnixNano: 0n, endUnixNano: NOW_NS }, live()), []);
    assert.deepEqual(await s.traces.spanNames({ tenant: other, serviceName: 'web', startUnixNano: 0n, endUnixNano: NOW_NS }, live()), []);
    assert.deepEqual(await s.traces.searchTraces({ tenant: other, limit: 10, startUnixNano: 0n, endUnixNano: NOW_NS }, live()), []);
  });

  it('traces reads reject with the reason of an aborted signal', async () => {
    const t = freshTenant('t-abort');
    await appendSpans(env.store(), t, [span({ traceId: traceId(40), spanId: spanId(1) })]);
    const reason = new Error('stop');
    const signal = AbortSignal.abort(reason);
    await assert.rejects(env.store().traces.getTrace(t, traceId(40), undefined, signal), (e) => e === reason);
    await assert.rejects(env.store().traces.searchTraces({ tenant: t, limit: 1, ...range }, signal), (e) => e === reason);
  });
}
