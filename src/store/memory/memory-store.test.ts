import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Labels, LabelMatcher, LogBatch, SpanBatch, SpanResource } from '../../model/index.js';
import {
  KeyValueList,
  LogBatchBuilder,
  MetricBatchBuilder,
  OmniscopeError,
  STALE_NAN,
  SpanBatchBuilder,
  isStaleNaN,
  labelsFromRecord,
} from '../../model/index.js';
import type { SampleBatch, Store } from '../index.js';
import { createMemoryStore } from './index.js';

const DAY_MS = 86_400_000;
const NOW_MS = 100 * DAY_MS + 12 * 3_600_000; // midday, UTC day 100
const NS = 1_000_000n;
const signal = new AbortController().signal;

function open(clock: () => number = () => NOW_MS): Store {
  return createMemoryStore({ retention: { metricsMs: 10 * DAY_MS, logsMs: 10 * DAY_MS, tracesMs: 10 * DAY_MS }, clock });
}

async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

const m = (name: string, type: LabelMatcher['type'], value: string): LabelMatcher => ({ name, type, value });
const ls = (r: Record<string, string>): Labels => labelsFromRecord(r);
const show = (l: Labels): string => l.map((p) => `${p.name}=${p.value}`).join(',');

/** Writes samples given as [labels, timestampMs, value] rows in one batch. */
async function writeSamples(store: Store, tenant: string, rows: [Record<string, string>, number, number][]) {
  const b = new MetricBatchBuilder(tenant);
  for (const [labels, t, v] of rows) b.sample(b.series(ls(labels)), t, v);
  return store.metrics.appendMetrics(b.build());
}

async function samples(store: Store, tenant: string, matchers: LabelMatcher[], startMs = 0, endMs = NOW_MS * 2) {
  const batches: SampleBatch[] = await collect(store.metrics.selectSamples({ tenant, matchers, startMs, endMs }, undefined, signal));
  const out: { series: string; ts: number[]; values: number[] }[] = [];
  for (const batch of batches) {
    batch.series.forEach((s, i) => {
      const from = batch.offsets[i] as number;
      const to = batch.offsets[i + 1] as number;
      out.push({ series: show(s), ts: [...batch.timestampsMs.subarray(from, to)], values: [...batch.values.subarray(from, to)] });
    });
  }
  return out;
}

void describe('memory store: metrics', () => {
  void test('empty-label matchers treat an absent label as ""', async () => {
    const store = open();
    await writeSamples(store, 't', [
      [{ __name__: 'up', job: 'a' }, NOW_MS, 1],
      [{ __name__: 'up', job: 'b', env: 'prod' }, NOW_MS, 1],
    ]);
    const names = async (matchers: LabelMatcher[]) => (await samples(store, 't', matchers)).map((s) => s.series);
    assert.deepEqual(await names([m('__name__', '=', 'up'), m('env', '=', '')]), ['__name__=up,job=a']);
    assert.deepEqual(await names([m('__name__', '=', 'up'), m('env', '!=', '')]), ['__name__=up,env=prod,job=b']);
    // Label-set order compares pair by pair: ("env","prod") < ("job","a").
    assert.deepEqual(await names([m('env', '=~', '|prod')]), ['__name__=up,env=prod,job=b', '__name__=up,job=a']);
    assert.deepEqual(await names([m('job', '!~', '.+')]), []);
  });

  void test('regex matchers are fully anchored; an invalid regex is bad_input', async () => {
    const store = open();
    await writeSamples(store, 't', [
      [{ __name__: 'x', job: 'api' }, NOW_MS, 1],
      [{ __name__: 'x', job: 'xapi' }, NOW_MS, 1],
    ]);
    assert.deepEqual((await samples(store, 't', [m('job', '=~', 'api')])).map((s) => s.series), ['__name__=x,job=api']);
    await assert.rejects(samples(store, 't', [m('job', '=~', '(')]), (e: unknown) => e instanceof OmniscopeError && e.kind === 'bad_input');
    await assert.rejects(
      store.metrics.labelNames({ tenant: 't', startMs: 0, endMs: NOW_MS, matcherSets: [[m('a', '!~', '[')]] }, signal),
      (e: unknown) => e instanceof OmniscopeError && e.kind === 'bad_input',
    );
  });

  void test('samples are time-sorted, one per timestamp, last write wins, range closed', async () => {
    const store = open();
    const s = { __name__: 'c' };
    await writeSamples(store, 't', [
      [s, NOW_MS - 1000, 1],
      [s, NOW_MS - 3000, 3],
      [s, NOW_MS - 2000, 2],
      [s, NOW_MS - 3000, 33],
    ]);
    await writeSamples(store, 't', [[s, NOW_MS - 1000, 11]]);
    const [all] = await samples(store, 't', [m('__name__', '=', 'c')]);
    assert.deepEqual(all, { series: '__name__=c', ts: [NOW_MS - 3000, NOW_MS - 2000, NOW_MS - 1000], values: [33, 2, 11] });
    const inner = await samples(store, 't', [m('__name__', '=', 'c')], NOW_MS - 3000, NOW_MS - 2000);
    assert.deepEqual(inner[0]?.ts, [NOW_MS - 3000, NOW_MS - 2000]);
    assert.deepEqual(await samples(store, 't', [m('__name__', '=', 'c')], NOW_MS - 999, NOW_MS), []);
    // In-order writes that repeat the newest timestamp (a retried remote write).
    await writeSamples(store, 't', [[{ __name__: 'd' }, NOW_MS - 1, 1], [{ __name__: 'd' }, NOW_MS, 2]]);
    await writeSamples(store, 't', [[{ __name__: 'd' }, NOW_MS, 3]]);
    assert.deepEqual((await samples(store, 't', [m('__name__', '=', 'd')]))[0]?.values, [1, 3]);
  });

  void test('series are sorted by label set and keep the stale NaN bit pattern', async () => {
    const store = open();
    await writeSamples(store, 't', [
      [{ __name__: 'b' }, NOW_MS, STALE_NAN],
      [{ __name__: 'a', z: '1' }, NOW_MS, NaN],
      [{ __name__: 'a' }, NOW_MS, 1],
    ]);
    const got = await samples(store, 't', [m('__name__', '=~', '.+')]);
    assert.deepEqual(got.map((s) => s.series), ['__name__=a', '__name__=a,z=1', '__name__=b']);
    assert.equal(isStaleNaN(got[2]?.values[0] as number), true);
    assert.equal(isStaleNaN(got[1]?.values[0] as number), false);
    const series = (await collect(store.metrics.selectSeries({ tenant: 't', matchers: [], startMs: 0, endMs: NOW_MS, limit: 2 }, signal))).flat();
    assert.deepEqual(series.map(show), ['__name__=a', '__name__=a,z=1']);
  });

  void test('too_old and invalid samples are counted, the rest accepted', async () => {
    let now = NOW_MS;
    const store = open(() => now);
    const res = await writeSamples(store, 't', [
      [{ __name__: 'x' }, NOW_MS - 10 * DAY_MS - 1, 1],
      [{ __name__: 'x' }, NOW_MS - 10 * DAY_MS, 2],
      [{ __name__: 'x' }, NOW_MS + 0.5, 3],
      [{ __name__: 'old_only' }, NOW_MS - 11 * DAY_MS, 4],
    ]);
    assert.deepEqual(res, { accepted: 1, rejected: { too_old: 2, invalid: 1 } });
    assert.deepEqual(await store.metrics.labelValues('__name__', { tenant: 't', startMs: 0, endMs: NOW_MS, matcherSets: [] }, signal), ['x']);
    now += DAY_MS;
    assert.deepEqual((await writeSamples(store, 't', [[{ __name__: 'x' }, NOW_MS - 10 * DAY_MS, 2]])).rejected, { too_old: 1 });
  });

  void test('label names and values honour matcher-set union and time range', async () => {
    const store = open();
    await writeSamples(store, 't', [
      [{ __name__: 'a', job: 'j1', x: '1' }, NOW_MS - 5000, 1],
      [{ __name__: 'b', job: 'j2', y: '1' }, NOW_MS, 1],
      [{ __name__: 'c', job: 'j3', z: '1' }, NOW_MS, 1],
    ]);
    const q = { tenant: 't', startMs: NOW_MS - 10_000, endMs: NOW_MS, matcherSets: [[m('__name__', '=', 'a')], [m('job', '=', 'j2')]] };
    assert.deepEqual(await store.metrics.labelNames(q, signal), ['__name__', 'job', 'x', 'y']);
    assert.deepEqual(await store.metrics.labelValues('job', q, signal), ['j1', 'j2']);
    assert.deepEqual(await store.metrics.labelValues('job', { ...q, startMs: NOW_MS - 1000 }, signal), ['j2']);
    assert.deepEqual(await store.metrics.labelValues('job', { ...q, matcherSets: [], limit: 2 }, signal), ['j1', 'j2']);
  });

  void test('strings sort in UTF-8 byte order, not UTF-16 code units', async () => {
    const store = open();
    await writeSamples(store, 't', [
      [{ __name__: 'u', v: '\u{1F600}' }, NOW_MS, 1],
      [{ __name__: 'u', v: '\uFFFF' }, NOW_MS, 1],
    ]);
    const q = { tenant: 't', startMs: 0, endMs: NOW_MS, matcherSets: [] };
    assert.deepEqual(await store.metrics.labelValues('v', q, signal), ['\uFFFF', '\u{1F600}']);
  });

  void test('metadata by family, filtered and limited', async () => {
    const store = open();
    const b = new MetricBatchBuilder('t');
    b.metadata({ metricFamilyName: 'req', type: 'counter', help: 'Requests.', unit: '' });
    b.metadata({ metricFamilyName: 'mem', type: 'gauge', help: 'Memory.', unit: 'bytes' });
    await store.metrics.appendMetrics(b.build());
    const b2 = new MetricBatchBuilder('t');
    b2.metadata({ metricFamilyName: 'req', type: 'counter', help: 'All requests.', unit: '' });
    b2.metadata({ metricFamilyName: 'mem', type: 'gauge', help: 'Memory.', unit: 'bytes' });
    await store.metrics.appendMetrics(b2.build());
    const all = await store.metrics.metadata({ tenant: 't' }, signal);
    assert.deepEqual([...all.keys()], ['mem', 'req']);
    assert.deepEqual(all.get('req')?.map((e) => e.help), ['Requests.', 'All requests.']);
    assert.equal(all.get('mem')?.length, 1);
    assert.deepEqual([...(await store.metrics.metadata({ tenant: 't', metric: 'req' }, signal)).keys()], ['req']);
    assert.equal((await store.metrics.metadata({ tenant: 't', limit: 1 }, signal)).size, 1);
    assert.equal((await store.metrics.metadata({ tenant: 'other' }, signal)).size, 0);
  });

  void test('100k out-of-order samples stay fast', async () => {
    const store = open();
    const b = new MetricBatchBuilder('t');
    const series = b.series(ls({ __name__: 'big' }));
    for (let i = 0; i < 100_000; i++) b.sample(series, NOW_MS - ((i * 7919) % 100_000), i);
    const started = performance.now();
    assert.equal((await store.metrics.appendMetrics(b.build())).accepted, 100_000);
    const [got] = await samples(store, 't', [m('__name__', '=', 'big')]);
    assert.equal(got?.ts.length, 100_000);
    assert.ok(got?.ts.every((t, i) => i === 0 || t > (got.ts[i - 1] as number)));
    assert.ok(performance.now() - started < 5000);
  });
});

function logBatch(tenant: string, rows: [Record<string, string>, bigint, string][]): LogBatch {
  const b = new LogBatchBuilder(tenant);
  for (const [labels, t, line] of rows) b.record(b.stream(ls(labels)), { timeUnixNano: t, line });
  return b.build();
}

async function lines(store: Store, q: Partial<Parameters<Store['logs']['selectLogs']>[0]>): Promise<string[]> {
  const batches = await collect(
    store.logs.selectLogs(
      { tenant: 't', matchers: [], startUnixNano: 0n, endUnixNano: BigInt(NOW_MS) * NS * 2n, direction: 'forward', limit: 100, ...q },
      signal,
    ),
  );
  return batches.flatMap((b) => [...b.line]);
}

void describe('memory store: logs', () => {
  const T = BigInt(NOW_MS) * NS;
  async function seeded(): Promise<Store> {
    const store = open();
    // Written out of order, with ties at T+2 across streams b (written first) and a.
    await store.logs.appendLogs(
      logBatch('t', [
        [{ app: 'b' }, T + 2n, 'b2-first'],
        [{ app: 'a' }, T + 3n, 'a3'],
        [{ app: 'a' }, T + 1n, 'a1 error'],
        [{ app: 'a' }, T + 2n, 'a2'],
        [{ app: 'b' }, T + 2n, 'b2-second'],
      ]),
    );
    return store;
  }

  void test('forward order is time, then stream, then write order; backward is its reverse', async () => {
    const store = await seeded();
    const forward = ['a1 error', 'a2', 'b2-first', 'b2-second', 'a3'];
    assert.deepEqual(await lines(store, {}), forward);
    assert.deepEqual(await lines(store, { direction: 'backward' }), forward.slice().reverse());
  });

  void test('limit is global and keeps the first records in the direction', async () => {
    const store = await seeded();
    assert.deepEqual(await lines(store, { limit: 2 }), ['a1 error', 'a2']);
    assert.deepEqual(await lines(store, { limit: 2, direction: 'backward' }), ['a3', 'b2-second']);
    assert.deepEqual(await lines(store, { limit: 0 }), []);
  });

  void test('range is [start, end) and stream matchers apply', async () => {
    const store = await seeded();
    assert.deepEqual(await lines(store, { startUnixNano: T + 2n, endUnixNano: T + 3n }), ['a2', 'b2-first', 'b2-second']);
    assert.deepEqual(await lines(store, { matchers: [m('app', '!=', 'b')] }), ['a1 error', 'a2', 'a3']);
    await assert.rejects(lines(store, { matchers: [m('app', '=~', '(')] }), (e: unknown) => (e as OmniscopeError).kind === 'bad_input');
  });

  void test('line filters are exact: substring, negation, unanchored regex', async () => {
    const store = await seeded();
    assert.deepEqual(await lines(store, { lineFilters: [{ type: '|=', value: 'b2' }, { type: '!=', value: 'second' }] }), ['b2-first']);
    assert.deepEqual(await lines(store, { lineFilters: [{ type: '|~', value: 'rr' }] }), ['a1 error']);
    assert.deepEqual(await lines(store, { lineFilters: [{ type: '|~', value: '(?i)ERROR' }] }), ['a1 error']);
    assert.deepEqual(await lines(store, { lineFilters: [{ type: '!~', value: '^a' }] }), ['b2-first', 'b2-second']);
    await assert.rejects(lines(store, { lineFilters: [{ type: '|~', value: '[' }] }), (e: unknown) => (e as OmniscopeError).kind === 'bad_input');
  });

  void test('batches carry stream labels and record fields', async () => {
    const store = open();
    const b = new LogBatchBuilder('t');
    const meta = [{ key: 'trace_id', value: 'abc' }];
    b.record(b.stream(ls({ app: 'a', empty: '' })), { timeUnixNano: T, line: 'x', severityNumber: 17, metadata: meta, traceId: 'ff' });
    await store.logs.appendLogs(b.build());
    const [batch] = await collect(
      store.logs.selectLogs({ tenant: 't', matchers: [], startUnixNano: T, endUnixNano: T + 1n, direction: 'forward', limit: 10 }, signal),
    );
    assert.deepEqual(batch?.streams.map(show), ['app=a']);
    assert.equal(batch?.severityNumber[0], 17);
    assert.deepEqual(batch?.metadata[0], meta);
    assert.equal(batch?.traceId[0], 'ff');
  });

  void test('label names, values and streams cover streams with records in range matching any set', async () => {
    const store = await seeded();
    await store.logs.appendLogs(logBatch('t', [[{ app: 'c', env: 'dev' }, T + 10n, 'c']]));
    const q = { tenant: 't', startUnixNano: T, endUnixNano: T + 9n, matcherSets: [] };
    assert.deepEqual(await store.logs.labelValues('app', q, signal), ['a', 'b']);
    assert.deepEqual(await store.logs.labelValues('app', { ...q, endUnixNano: T + 10n }, signal), ['a', 'b', 'c'], 'the range is closed');
    assert.deepEqual(await store.logs.labelNames({ ...q, endUnixNano: T + 11n }, signal), ['app', 'env']);
    const union = { ...q, endUnixNano: T + 11n, matcherSets: [[m('app', '=', 'b')], [m('env', '=', 'dev')]] };
    assert.deepEqual((await store.logs.streams(union, signal)).map(show), ['app=b', 'app=c,env=dev']);
  });

  void test('records older than retention are rejected as too_old', async () => {
    const store = open();
    const old = BigInt(NOW_MS - 10 * DAY_MS) * NS - 1n;
    const res = await store.logs.appendLogs(logBatch('t', [[{ app: 'a' }, old, 'old'], [{ app: 'a' }, old + 1n, 'edge']]));
    assert.deepEqual(res, { accepted: 1, rejected: { too_old: 1 } });
  });
});

interface SpanSpec {
  trace: string;
  span: string;
  name: string;
  startMs: number;
  durMs: number;
  attrs?: Record<string, string | bigint | boolean>;
  kind?: number;
}

function spanBatch(tenant: string, resource: Omit<SpanResource, 'droppedAttributesCount' | 'schemaUrl'>, specs: SpanSpec[]): SpanBatch {
  const b = new SpanBatchBuilder(tenant);
  const resourceIndex = b.resource({ ...resource, droppedAttributesCount: 0, schemaUrl: '' });
  const scopeIndex = b.scope({ name: 'lib', version: '1', attributes: [], droppedAttributesCount: 0, schemaUrl: '' });
  for (const s of specs) {
    b.span({
      resourceIndex,
      scopeIndex,
      traceId: s.trace.padStart(32, '0'),
      spanId: s.span.padStart(16, '0'),
      parentSpanId: '',
      traceState: '',
      name: s.name,
      kind: s.kind ?? 2,
      startTimeUnixNano: BigInt(s.startMs) * NS,
      endTimeUnixNano: BigInt(s.startMs + s.durMs) * NS,
      statusCode: 0,
      statusMessage: '',
      attributes: Object.entries(s.attrs ?? {}).map(([key, value]) => ({ key, value })),
      events: [],
      links: [],
      flags: 0,
      droppedAttributesCount: 0,
      droppedEventsCount: 0,
      droppedLinksCount: 0,
    });
  }
  return b.build();
}

void describe('memory store: traces', () => {
  const tid = (n: string) => n.padStart(32, '0');
  async function seeded(): Promise<Store> {
    const store = open();
    const api = { serviceName: 'api', attributes: [{ key: 'service.name', value: 'api' }, { key: 'region', value: 'eu' }] };
    const db = { serviceName: 'db', attributes: [{ key: 'service.name', value: 'db' }, { key: 'tags', value: new KeyValueList([{ key: 'a', value: 1n }]) }] };
    await store.traces.appendSpans(
      spanBatch('t', api, [
        { trace: 'a1', span: '1', name: 'GET /', startMs: NOW_MS - 3000, durMs: 100, attrs: { 'http.status_code': 200n } },
        { trace: 'a2', span: '2', name: 'GET /', startMs: NOW_MS - 2000, durMs: 900, attrs: { 'http.status_code': 500n, error: true } },
        { trace: 'a3', span: '3', name: 'POST /', startMs: NOW_MS - 1000, durMs: 50, kind: 3 },
      ]),
    );
    await store.traces.appendSpans(spanBatch('t', db, [{ trace: 'a2', span: '4', name: 'query', startMs: NOW_MS - 1900, durMs: 10, kind: 3 }]));
    return store;
  }
  const search = async (store: Store, q: Partial<Parameters<Store['traces']['searchTraces']>[0]>) =>
    (await store.traces.searchTraces({ tenant: 't', startUnixNano: 0n, endUnixNano: BigInt(NOW_MS) * NS, limit: 20, ...q }, signal)).map((s) =>
      s.traceId.replace(/^0+/, ''),
    );

  void test('getTrace returns every span of the trace with its resource, or null', async () => {
    const store = await seeded();
    const trace = await store.traces.getTrace('t', tid('a2'), undefined, signal);
    assert.deepEqual(trace?.name, ['GET /', 'query']);
    assert.deepEqual(trace?.resources.map((r) => r.serviceName), ['api', 'db']);
    assert.deepEqual([...(trace?.resourceIndex ?? [])], [0, 1]);
    assert.equal(await store.traces.getTrace('t', tid('ff'), undefined, signal), null);
    assert.equal(await store.traces.getTrace('other', tid('a2'), undefined, signal), null);
  });

  void test('search: service, span name, most recent first, limit', async () => {
    const store = await seeded();
    assert.deepEqual(await search(store, {}), ['a3', 'a2', 'a1']);
    assert.deepEqual(await search(store, { limit: 2 }), ['a3', 'a2']);
    assert.deepEqual(await search(store, { serviceName: 'api', spanName: 'GET /' }), ['a2', 'a1']);
    assert.deepEqual(await search(store, { serviceName: 'db' }), ['a2']);
    assert.deepEqual(await search(store, { serviceName: 'db', spanName: 'GET /' }), []);
  });

  void test('search: attributes by display string on span or resource, all on one span', async () => {
    const store = await seeded();
    assert.deepEqual(await search(store, { attributes: [{ key: 'http.status_code', value: '500' }] }), ['a2']);
    assert.deepEqual(await search(store, { attributes: [{ key: 'error', value: 'true' }, { key: 'region', value: 'eu' }] }), ['a2']);
    assert.deepEqual(await search(store, { attributes: [{ key: 'tags', value: '{"a":1}' }] }), ['a2']);
    // Conditions met by two different spans of a trace do not match.
    assert.deepEqual(await search(store, { attributes: [{ key: 'error', value: 'true' }, { key: 'service.name', value: 'db' }] }), []);
  });

  void test('search: duration bounds are inclusive on end - start; span start range is closed', async () => {
    const store = await seeded();
    assert.deepEqual(await search(store, { minDurationNanos: 100n * NS, maxDurationNanos: 900n * NS }), ['a2', 'a1']);
    assert.deepEqual(await search(store, { minDurationNanos: 101n * NS }), ['a2']);
    assert.deepEqual(await search(store, { maxDurationNanos: 10n * NS }), ['a2']);
    const at = BigInt(NOW_MS - 2000) * NS;
    assert.deepEqual(await search(store, { startUnixNano: at, endUnixNano: at }), ['a2']);
    const [summary] = await store.traces.searchTraces({ tenant: 't', startUnixNano: 0n, endUnixNano: at * 2n, limit: 1, serviceName: 'db' }, signal);
    assert.equal(summary?.startUnixNano, BigInt(NOW_MS - 1900) * NS);
  });

  void test('service names and span names in range', async () => {
    const store = await seeded();
    const all = { tenant: 't', startUnixNano: 0n, endUnixNano: BigInt(NOW_MS) * NS };
    assert.deepEqual(await store.traces.serviceNames(all, signal), ['api', 'db']);
    assert.deepEqual(await store.traces.serviceNames({ ...all, startUnixNano: BigInt(NOW_MS - 1500) * NS }, signal), ['api']);
    assert.deepEqual(await store.traces.spanNames({ ...all, serviceName: 'api' }, signal), [
      { name: 'GET /', kind: 2 },
      { name: 'POST /', kind: 3 },
    ]);
  });

  void test('invalid ids and spans that ended before retention are rejected', async () => {
    const store = open();
    const res = await store.traces.appendSpans(
      spanBatch('t', { serviceName: 's', attributes: [] }, [
        { trace: 'XYZ', span: '1', name: 'bad', startMs: NOW_MS, durMs: 1 },
        { trace: 'b1', span: '1', name: 'old', startMs: NOW_MS - 11 * DAY_MS, durMs: 1 },
        { trace: 'b2', span: '1', name: 'long', startMs: NOW_MS - 11 * DAY_MS, durMs: 2 * DAY_MS },
      ]),
    );
    assert.deepEqual(res, { accepted: 1, rejected: { invalid: 1, too_old: 1 } });
  });
});

void describe('memory store: lifecycle and isolation', () => {
  void test('tenants never see each other', async () => {
    const store = open();
    await writeSamples(store, 'a', [[{ __name__: 'only_a' }, NOW_MS, 1]]);
    await store.logs.appendLogs(logBatch('a', [[{ app: 'x' }, BigInt(NOW_MS) * NS, 'line']]));
    await store.traces.appendSpans(spanBatch('a', { serviceName: 's', attributes: [] }, [{ trace: '1', span: '1', name: 'n', startMs: NOW_MS, durMs: 1 }]));
    const range = { startUnixNano: 0n, endUnixNano: BigInt(NOW_MS) * NS + 1n };
    assert.equal((await samples(store, 'a', [])).length, 1);
    assert.deepEqual(await samples(store, 'b', []), []);
    assert.deepEqual(await store.metrics.labelNames({ tenant: 'b', startMs: 0, endMs: NOW_MS, matcherSets: [] }, signal), []);
    assert.deepEqual(await lines(store, { tenant: 'b' }), []);
    assert.deepEqual(await store.logs.streams({ tenant: 'b', ...range, matcherSets: [] }, signal), []);
    assert.deepEqual(await store.traces.serviceNames({ tenant: 'b', ...range }, signal), []);
    assert.deepEqual(await store.traces.searchTraces({ tenant: 'b', ...range, limit: 10 }, signal), []);
    assert.equal((await store.traces.searchTraces({ tenant: 'a', ...range, limit: 10 }, signal)).length, 1);
  });

  void test('enforceRetention drops expired data and counts UTC-day partitions', async () => {
    let now = NOW_MS;
    const store = open(() => now);
    await writeSamples(store, 'a', [
      [{ __name__: 'x' }, NOW_MS - 9 * DAY_MS, 1],
      [{ __name__: 'x' }, NOW_MS - 8 * DAY_MS, 2],
      [{ __name__: 'x' }, NOW_MS, 3],
    ]);
    await writeSamples(store, 'b', [[{ __name__: 'gone' }, NOW_MS - 9 * DAY_MS, 1]]);
    await store.logs.appendLogs(logBatch('a', [[{ app: 'x' }, BigInt(NOW_MS - 9 * DAY_MS) * NS, 'old']]));
    assert.equal(await store.enforceRetention(), 0);
    now += 2 * DAY_MS; // window now starts at NOW_MS - 8 days
    assert.equal(await store.enforceRetention(), 2); // metrics day 91 (both tenants) + logs day 91
    assert.deepEqual((await samples(store, 'a', []))[0]?.values, [2, 3]);
    assert.deepEqual(await samples(store, 'b', []), []);
    assert.deepEqual(await lines(store, { tenant: 'a' }), []);
  });

  void test('an aborted signal rejects reads with its reason', async () => {
    const store = open();
    await writeSamples(store, 't', [[{ __name__: 'x' }, NOW_MS, 1]]);
    const ac = new AbortController();
    ac.abort(new Error('stop'));
    await assert.rejects(collect(store.metrics.selectSamples({ tenant: 't', matchers: [], startMs: 0, endMs: NOW_MS }, undefined, ac.signal)), /stop/);
    await assert.rejects(store.traces.serviceNames({ tenant: 't', startUnixNano: 0n, endUnixNano: 1n }, ac.signal), /stop/);
  });

  void test('after close every call rejects with unavailable', async () => {
    const store = open();
    await store.close();
    const isUnavailable = (e: unknown) => e instanceof OmniscopeError && e.kind === 'unavailable';
    await assert.rejects(writeSamples(store, 't', [[{ __name__: 'x' }, NOW_MS, 1]]), isUnavailable);
    await assert.rejects(collect(store.metrics.selectSeries({ tenant: 't', matchers: [], startMs: 0, endMs: 1 }, signal)), isUnavailable);
    await assert.rejects(store.logs.appendLogs(logBatch('t', [])), isUnavailable);
    await assert.rejects(store.traces.getTrace('t', tid0(), undefined, signal), isUnavailable);
    await assert.rejects(store.health(), isUnavailable);
    await assert.rejects(store.enforceRetention(), isUnavailable);
    await store.close();
  });
});

const tid0 = () => '0'.repeat(31) + '1';
