import assert from 'node:assert/strict';
import { it } from 'node:test';
import { MetricBatchBuilder } from '../../model/index.js';
import type { Store } from '../contract.js';
import type { SuiteEnv } from './suite-env.js';
import { DAY_MS, HOUR_MS, NOW_MS, NS_PER_MS, appendSamples, collect, eq, fmt, freshTenant, live, ls, readSamples, readSeries, rejectsWithKind } from './fixtures.js';
import { appendLogs, readLines } from './logs-fixtures.js';
import { appendSpans, flattenSpans, span, spanId, traceId } from './traces-fixtures.js';

const RETENTION_MS = 7 * DAY_MS;
const ns = (ms: number): bigint => BigInt(ms) * NS_PER_MS;

/** Writes one record per signal at `ms`; returns how many were accepted per signal. */
async function writeAll(store: Store, tenant: string, ms: number, tag: string, traceNo: number): Promise<number[]> {
  const m = await appendSamples(store, tenant, [[ls({ __name__: 'life', tag }), ms, 1]]);
  const l = await appendLogs(store, tenant, [[ls({ app: 'life' }), { timeUnixNano: ns(ms), line: tag }]]);
  const t = await appendSpans(store, tenant, [span({ traceId: traceId(traceNo), spanId: spanId(1), startTimeUnixNano: ns(ms), endTimeUnixNano: ns(ms) + 5n })]);
  return [m.accepted, l.accepted, t.accepted];
}

export function registerLifecycleCases(env: SuiteEnv): void {
  it('retention: too_old by the injected clock, and enforceRetention drops old partitions', async () => {
    let now = NOW_MS;
    const opened = await env.open({ retention: { metricsMs: RETENTION_MS, logsMs: RETENTION_MS, tracesMs: RETENTION_MS }, clock: () => now });
    const s = opened.store;
    try {
      const t = freshTenant('r');
      assert.deepEqual(await writeAll(s, t, NOW_MS - 3 * DAY_MS, 'old', 101), [1, 1, 1]);
      assert.equal(await s.enforceRetention(), 0, 'nothing is old yet');
      now = NOW_MS + 10 * DAY_MS;
      assert.deepEqual(await writeAll(s, t, NOW_MS - 3 * DAY_MS, 'old', 101), [0, 0, 0], 'now older than retention');
      assert.deepEqual(await writeAll(s, t, now - HOUR_MS, 'new', 102), [1, 1, 1]);
      assert.ok((await s.enforceRetention()) >= 3, 'one partition per signal at least');
      assert.equal(await s.enforceRetention(), 0);
      assert.deepEqual((await readSamples(s, t, [eq('__name__', 'life')], 0, now)).map((x) => x.labels), [fmt(ls({ __name__: 'life', tag: 'new' }))]);
      assert.deepEqual(await readLines(s, t, { matchers: [eq('app', 'life')], startUnixNano: 0n, endUnixNano: ns(now) }), ['new']);
      const old = await s.traces.getTrace(t, traceId(101), undefined, live());
      assert.equal(old, null, 'the old trace is gone');
      assert.deepEqual(await s.traces.serviceNames({ tenant: t, startUnixNano: 0n, endUnixNano: ns(now) }, live()), ['svc']);
      const m = new MetricBatchBuilder(t);
      m.sample(m.series(ls({ __name__: 'life' })), now - RETENTION_MS - 1, 1);
      assert.deepEqual((await s.metrics.appendMetrics(m.build())).rejected, { too_old: 1 });
    } finally {
      await s.close();
      await opened.cleanup();
    }
  });

  it('persistence: everything written is there after close and reopen', async (ctx) => {
    const opened = await env.open({ retention: { metricsMs: RETENTION_MS, logsMs: RETENTION_MS, tracesMs: RETENTION_MS }, clock: () => NOW_MS });
    const reopen = opened.reopen;
    let s: Store = opened.store;
    try {
      if (reopen === undefined) {
        ctx.skip('the backend keeps nothing across reopen');
        return;
      }
      const t = freshTenant('p');
      const b = new MetricBatchBuilder(t);
      b.sample(b.series(ls({ __name__: 'kept', a: '1' })), NOW_MS - 2000, 1);
      b.metadata({ metricFamilyName: 'kept', type: 'gauge', help: 'Kept.', unit: '' });
      await s.metrics.appendMetrics(b.build());
      await writeAll(s, t, NOW_MS - 1000, 'before', 103);
      await s.close();
      s = await reopen();
      await appendSamples(s, t, [[ls({ __name__: 'kept', a: '1' }), NOW_MS - 1000, 2], [ls({ __name__: 'kept', a: '2' }), NOW_MS - 1000, 3]]);
      assert.deepEqual(await readSamples(s, t, [eq('__name__', 'kept')], 0, NOW_MS), [
        { labels: fmt(ls({ __name__: 'kept', a: '1' })), points: [[NOW_MS - 2000, 1], [NOW_MS - 1000, 2]] },
        { labels: fmt(ls({ __name__: 'kept', a: '2' })), points: [[NOW_MS - 1000, 3]] },
      ]);
      assert.deepEqual(await readSeries(s, t, [eq('a', '1')], 0, NOW_MS), [fmt(ls({ __name__: 'kept', a: '1' }))], 'same series, not a second one');
      assert.deepEqual((await s.metrics.metadata({ tenant: t }, live())).get('kept')?.[0]?.help, 'Kept.');
      assert.deepEqual(await readLines(s, t, { matchers: [eq('app', 'life')], startUnixNano: 0n, endUnixNano: ns(NOW_MS) }), ['before']);
      const tr = await s.traces.getTrace(t, traceId(103), undefined, live());
      assert.deepEqual(tr === null ? [] : flattenSpans(tr).map((x) => x.spanId), [spanId(1)]);
    } finally {
      await s.close();
      await opened.cleanup();
    }
  });

  it('concurrent writes all become durable and readable', async () => {
    const t = freshTenant('c');
    const s = env.store();
    const writes: Promise<unknown>[] = [];
    for (let i = 0; i < 30; i++) {
      writes.push(appendSamples(s, t, [[ls({ __name__: 'conc', i: String(i % 5) }), NOW_MS - 1000 - i, i]]));
      writes.push(appendLogs(s, t, [[ls({ app: 'conc' }), { timeUnixNano: ns(NOW_MS - 1000 - i), line: `l${i}` }]]));
    }
    await Promise.all(writes);
    const series = await readSamples(s, t, [eq('__name__', 'conc')], 0, NOW_MS);
    assert.equal(series.reduce((n, x) => n + x.points.length, 0), 30);
    assert.equal((await readLines(s, t, { matchers: [eq('app', 'conc')], startUnixNano: 0n, endUnixNano: ns(NOW_MS) })).length, 30);
  });

  it('health is ok; after close every call rejects with unavailable', async () => {
    const opened = await env.open({ retention: { metricsMs: RETENTION_MS, logsMs: RETENTION_MS, tracesMs: RETENTION_MS }, clock: () => NOW_MS });
    const s = opened.store;
    try {
      assert.equal((await s.health()).ok, true);
    } finally {
      await s.close();
    }
    try {
      const t = freshTenant('closed');
      await rejectsWithKind(appendSamples(s, t, [[ls({ __name__: 'x' }), NOW_MS - 1000, 1]]), 'unavailable');
      await rejectsWithKind(appendLogs(s, t, [[ls({ app: 'x' }), { timeUnixNano: ns(NOW_MS - 1000), line: 'x' }]]), 'unavailable');
      await rejectsWithKind(appendSpans(s, t, [span({ traceId: traceId(50), spanId: spanId(1) })]), 'unavailable');
      await rejectsWithKind(collect(s.metrics.selectSeries({ tenant: t, matchers: [], startMs: 0, endMs: NOW_MS }, live())), 'unavailable');
      await rejectsWithKind(s.logs.labelNames({ tenant: t, startUnixNano: 0n, endUnixNano: 1n, matcherSets: [] }, live()), 'unavailable');
      await rejectsWithKind(s.traces.serviceNames({ tenant: t, startUnixNano: 0n, endUnixNano: 1n }, live()), 'unavailable');
      await rejectsWithKind(s.enforceRetention(), 'unavailable');
      await s.close();
    } finally {
      await opened.cleanup();
    }
  });
}
