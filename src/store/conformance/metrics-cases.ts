import assert from 'node:assert/strict';
import { it } from 'node:test';
import { MetricBatchBuilder, STALE_NAN, isStaleNaN } from '../../model/index.js';
import type { SuiteEnv } from './suite-env.js';
import {
  DAY_MS,
  HOUR_MS,
  NOW_MS,
  RETENTION,
  appendSamples,
  collect,
  eq,
  fmt,
  freshTenant,
  live,
  ls,
  neq,
  nre,
  re,
  readSamples,
  readSeries,
  rejectsWithKind,
} from './fixtures.js';

const up = (job: string, extra: Record<string, string> = {}) => ls({ __name__: 'up', job, ...extra });

export function registerMetricsCases(env: SuiteEnv): void {
  it('appendMetrics counts accepted, invalid and too_old samples', async () => {
    const t = freshTenant('m-counts');
    const b = new MetricBatchBuilder(t);
    const s = b.series(up('a'));
    b.sample(s, NOW_MS - 1000, 1);
    b.sample(s, NOW_MS - 1000.5, 2); // non-integer timestamp
    b.sample(7, NOW_MS - 1000, 3); // no such series
    b.sample(s, NOW_MS - 31 * DAY_MS, 4); // older than the 30-day retention
    const r = await env.store().metrics.appendMetrics(b.build());
    assert.equal(r.accepted, 1);
    assert.deepEqual(r.rejected, { invalid: 2, too_old: 1 });
    assert.deepEqual(await readSamples(env.store(), t, [eq('job', 'a')], 0, NOW_MS), [{ labels: fmt(up('a')), points: [[NOW_MS - 1000, 1]] }]);
  });

  it('out-of-order window: a sample older than its series\' newest is out_of_order when further behind the tenant\'s newest than the window (Prometheus\'s rule), also after a reopen', async () => {
    const windowMs = 10 * 60_000;
    const opened = await env.open({ retention: RETENTION, clock: () => NOW_MS, metricsOutOfOrderWindowMs: windowMs });
    let s = opened.store;
    try {
      const t = freshTenant('m-ooo');
      const newest = NOW_MS - 1000;
      const floor = newest - windowMs;
      const first = new MetricBatchBuilder(t);
      first.sample(first.series(up('a')), newest, 1);
      first.sample(first.series(up('b')), NOW_MS - HOUR_MS, 2);
      // Judged against the tenant's newest sample before the batch: none yet, so nothing is late.
      first.sample(first.series(up('a')), NOW_MS - 2 * HOUR_MS, 3);
      assert.deepEqual(await s.metrics.appendMetrics(first.build()), { accepted: 3, rejected: {} });

      const second = new MetricBatchBuilder(t);
      const a = second.series(up('a'));
      const b = second.series(up('b'));
      second.sample(a, floor, 4); // late, exactly the window behind the tenant's newest: kept
      second.sample(a, floor - 1, 5); // one millisecond more: refused
      second.sample(a, newest, 6); // the same timestamp again replaces the value
      second.sample(b, NOW_MS - HOUR_MS - 1, 7); // late for b, and far behind the tenant's newest: refused
      second.sample(b, NOW_MS - HOUR_MS + 1, 8); // newer than b's newest: in order, however old
      assert.deepEqual(await s.metrics.appendMetrics(second.build()), { accepted: 3, rejected: { out_of_order: 2 } });
      assert.deepEqual(await readSamples(s, t, [eq('__name__', 'up')], 0, NOW_MS), [
        { labels: fmt(up('a')), points: [[NOW_MS - 2 * HOUR_MS, 3], [floor, 4], [newest, 6]] },
        { labels: fmt(up('b')), points: [[NOW_MS - HOUR_MS, 2], [NOW_MS - HOUR_MS + 1, 8]] },
      ]);
      if (opened.reopen !== undefined) {
        await s.close();
        s = await opened.reopen();
        const third = new MetricBatchBuilder(t);
        third.sample(third.series(up('a')), floor - 1, 9);
        third.sample(third.series(up('c')), floor - 1, 10); // a new series is in order
        assert.deepEqual(await s.metrics.appendMetrics(third.build()), { accepted: 1, rejected: { out_of_order: 1 } }, 'the newest samples are known after a reopen');
      }
    } finally {
      await s.close();
      await opened.cleanup();
    }
  });

  it('selectSamples: the range is closed at both ends', async () => {
    const t = freshTenant('m-range');
    await appendSamples(env.store(), t, [1, 2, 3, 4, 5].map((i) => [up('a'), NOW_MS - i * 1000, i] as const));
    const got = await readSamples(env.store(), t, [eq('__name__', 'up')], NOW_MS - 4000, NOW_MS - 2000);
    assert.deepEqual(got, [{ labels: fmt(up('a')), points: [[NOW_MS - 4000, 4], [NOW_MS - 3000, 3], [NOW_MS - 2000, 2]] }]);
    assert.deepEqual(await readSamples(env.store(), t, [eq('__name__', 'up')], NOW_MS - 4999, NOW_MS - 4001), []);
  });

  it('selectSamples: a timestamp written twice keeps the last write, within and across batches', async () => {
    const t = freshTenant('m-dup');
    const s = env.store();
    await appendSamples(s, t, [
      [up('a'), NOW_MS - 2000, 1],
      [up('a'), NOW_MS - 1000, 2],
      [up('a'), NOW_MS - 2000, 3],
    ]);
    await appendSamples(s, t, [[up('a'), NOW_MS - 1000, 4]]);
    const got = await readSamples(s, t, [eq('job', 'a')], 0, NOW_MS);
    assert.deepEqual(got, [{ labels: fmt(up('a')), points: [[NOW_MS - 2000, 3], [NOW_MS - 1000, 4]] }]);
  });

  it('stale markers round-trip bit-exactly and stay distinct from ordinary NaN', async () => {
    // Typed arrays only: V8 quiets signaling NaNs (the stale marker is one) in plain arrays.
    const t = freshTenant('m-stale');
    const b = new MetricBatchBuilder(t);
    const s = b.series(up('a'));
    b.sample(s, NOW_MS - 3000, 1.5);
    b.sample(s, NOW_MS - 2000, STALE_NAN);
    b.sample(s, NOW_MS - 1000, NaN);
    await env.store().metrics.appendMetrics(b.build());
    const q = { tenant: t, matchers: [eq('job', 'a')], startMs: 0, endMs: NOW_MS };
    const [batch] = await collect(env.store().metrics.selectSamples(q, undefined, live()));
    assert.deepEqual(batch?.timestampsMs, new Float64Array([NOW_MS - 3000, NOW_MS - 2000, NOW_MS - 1000]));
    const values = batch.values;
    assert.equal(values[0], 1.5);
    assert.ok(isStaleNaN(values[1] as number), 'second sample is the stale marker');
    assert.ok(Number.isNaN(values[2]) && !isStaleNaN(values[2] as number), 'third sample is an ordinary NaN');
  });

  it('label matchers: =, !=, =~ (anchored, dot matches newline), !~', async () => {
    const t = freshTenant('m-match');
    const s = env.store();
    await appendSamples(s, t, [
      [up('api'), NOW_MS - 1000, 1],
      [up('api-2'), NOW_MS - 1000, 2],
      [up('web'), NOW_MS - 1000, 3],
      [up('a\nb'), NOW_MS - 1000, 4],
    ]);
    const names = async (matchers: Parameters<typeof readSeries>[2]) =>
      (await readSeries(s, t, matchers, 0, NOW_MS)).map((x) => /job="((?:[^"\\]|\\.)*)"/.exec(x)?.[1]);
    assert.deepEqual(await names([eq('job', 'api')]), ['api']);
    assert.deepEqual(await names([neq('job', 'api')]), ['a\\nb', 'api-2', 'web']);
    assert.deepEqual(await names([re('job', 'api')]), ['api'], 'regex is anchored at both ends');
    assert.deepEqual(await names([re('job', 'api.*|web')]), ['api', 'api-2', 'web']);
    assert.deepEqual(await names([re('job', 'a.b')]), ['a\\nb'], '. matches a newline');
    assert.deepEqual(await names([nre('job', 'api.*')]), ['a\\nb', 'web']);
    assert.deepEqual(await names([eq('__name__', 'up'), nre('job', 'api.*'), neq('job', 'web')]), ['a\\nb']);
    assert.deepEqual(await names([eq('job', 'nope')]), []);
  });

  it('label matchers: a matcher accepting "" also accepts series without the label', async () => {
    const t = freshTenant('m-empty');
    const s = env.store();
    await appendSamples(s, t, [
      [ls({ __name__: 'x', a: '1' }), NOW_MS - 1000, 1],
      [ls({ __name__: 'x', a: '2' }), NOW_MS - 1000, 2],
      [ls({ __name__: 'x' }), NOW_MS - 1000, 3],
    ]);
    const q = (matchers: Parameters<typeof readSeries>[2]) => readSeries(s, t, matchers, 0, NOW_MS);
    const none = fmt(ls({ __name__: 'x' }));
    const a1 = fmt(ls({ __name__: 'x', a: '1' }));
    const a2 = fmt(ls({ __name__: 'x', a: '2' }));
    assert.deepEqual(await q([eq('a', '')]), [none]);
    assert.deepEqual(await q([neq('a', '')]), [a1, a2]);
    assert.deepEqual(await q([neq('a', '1')]), [a2, none].sort());
    assert.deepEqual(await q([re('a', '')]), [none]);
    assert.deepEqual(await q([re('a', '1|')]), [a1, none].sort());
    assert.deepEqual(await q([re('a', '.*')]), [a1, a2, none].sort());
    assert.deepEqual(await q([re('a', '.+')]), [a1, a2]);
    assert.deepEqual(await q([nre('a', '.+')]), [none]);
    assert.deepEqual(await q([nre('a', '')]), [a1, a2]);
    assert.deepEqual(await q([eq('b', '')]), [a1, a2, none].sort(), 'a label no series has');
  });

  it('an invalid regex is bad_input, for samples, series and label queries', async () => {
    const t = freshTenant('m-badre');
    const s = env.store();
    await appendSamples(s, t, [[up('a'), NOW_MS - 1000, 1]]);
    const q = { tenant: t, matchers: [re('job', '(')], startMs: 0, endMs: NOW_MS };
    await rejectsWithKind(collect(s.metrics.selectSamples(q, undefined, live())), 'bad_input');
    await rejectsWithKind(collect(s.metrics.selectSeries(q, live())), 'bad_input');
    const lq = { tenant: t, startMs: 0, endMs: NOW_MS, matcherSets: [[nre('job', 'a(')]] };
    await rejectsWithKind(s.metrics.labelNames(lq, live()), 'bad_input');
    await rejectsWithKind(s.metrics.labelValues('job', lq, live()), 'bad_input');
  });

  it('selectSamples: many series come whole, sorted within each batch, all of them', async () => {
    const t = freshTenant('m-many');
    const b = new MetricBatchBuilder(t);
    const n = 2500;
    for (let i = 0; i < n; i++) {
      const sIdx = b.series(ls({ __name__: 'many', i: String(i).padStart(4, '0') }));
      b.sample(sIdx, NOW_MS - 2000, i);
      b.sample(sIdx, NOW_MS - 1000, -i);
    }
    assert.equal((await env.store().metrics.appendMetrics(b.build())).accepted, 2 * n);
    const got = await readSamples(env.store(), t, [eq('__name__', 'many')], 0, NOW_MS);
    assert.equal(got.length, n);
    assert.deepEqual(got[1234], { labels: fmt(ls({ __name__: 'many', i: '1234' })), points: [[NOW_MS - 2000, 1234], [NOW_MS - 1000, -1234]] });
  });

  it('selectSeries: only series with a sample inside the range, exactly', async () => {
    const t = freshTenant('m-series-range');
    const s = env.store();
    const early = up('early');
    const late = up('late');
    const both = up('both');
    await appendSamples(s, t, [
      [early, NOW_MS - 3 * HOUR_MS - 17, 1],
      [late, NOW_MS - HOUR_MS / 2, 1],
      [both, NOW_MS - 5 * HOUR_MS, 1],
      [both, NOW_MS - 1000, 1],
    ]);
    const all = [eq('__name__', 'up')];
    assert.deepEqual(await readSeries(s, t, all, NOW_MS - 2 * HOUR_MS - 1, NOW_MS - HOUR_MS), [], 'samples only outside the range');
    assert.deepEqual(await readSeries(s, t, all, NOW_MS - 4 * HOUR_MS, NOW_MS - 3 * HOUR_MS - 17), [fmt(early)]);
    assert.deepEqual(await readSeries(s, t, all, NOW_MS - 3 * HOUR_MS - 16, NOW_MS - HOUR_MS / 2 - 1), [], 'edges are exact');
    assert.deepEqual(await readSeries(s, t, all, NOW_MS - HOUR_MS / 2, NOW_MS), [fmt(both), fmt(late)]);
    assert.deepEqual(await readSeries(s, t, all, 0, NOW_MS), [fmt(both), fmt(early), fmt(late)]);
  });

  it('labelNames and labelValues honour matcher sets (a union) and the range', async () => {
    const t = freshTenant('m-labels');
    const s = env.store();
    await appendSamples(s, t, [
      [ls({ __name__: 'a', job: 'x', zone: 'eu' }), NOW_MS - 1000, 1],
      [ls({ __name__: 'b', job: 'y', pod: 'p1' }), NOW_MS - 1000, 1],
      [ls({ __name__: 'c', job: 'z', old: 'yes' }), NOW_MS - 2 * DAY_MS, 1],
    ]);
    const q = (matcherSets: Parameters<typeof eq>[][], startMs = NOW_MS - HOUR_MS) => ({
      tenant: t,
      startMs,
      endMs: NOW_MS,
      matcherSets: matcherSets.map((set) => set.map(([n, v]) => eq(n, v))),
    });
    assert.deepEqual(await s.metrics.labelNames(q([]), live()), ['__name__', 'job', 'pod', 'zone']);
    assert.deepEqual(await s.metrics.labelNames(q([], 0), live()), ['__name__', 'job', 'old', 'pod', 'zone']);
    assert.deepEqual(await s.metrics.labelNames(q([[['__name__', 'a']]]), live()), ['__name__', 'job', 'zone']);
    assert.deepEqual(await s.metrics.labelNames(q([[['__name__', 'a']], [['job', 'y']]]), live()), ['__name__', 'job', 'pod', 'zone']);
    assert.deepEqual(await s.metrics.labelValues('job', q([]), live()), ['x', 'y']);
    assert.deepEqual(await s.metrics.labelValues('job', q([], 0), live()), ['x', 'y', 'z']);
    assert.deepEqual(await s.metrics.labelValues('job', q([[['pod', 'p1']]]), live()), ['y']);
    assert.deepEqual(await s.metrics.labelValues('zone', q([[['pod', 'p1']]]), live()), [], 'no empty values');
    assert.deepEqual(await s.metrics.labelValues('nope', q([]), live()), []);
  });

  it('metadata: per family, several entries when they differ, metric filter and limit', async () => {
    const t = freshTenant('m-meta');
    const s = env.store();
    const b = new MetricBatchBuilder(t);
    b.sample(b.series(ls({ __name__: 'req_total' })), NOW_MS - 1000, 1);
    b.metadata({ metricFamilyName: 'req', type: 'counter', help: 'Requests.', unit: '' });
    b.metadata({ metricFamilyName: 'mem', type: 'gauge', help: 'Memory.', unit: 'bytes' });
    await s.metrics.appendMetrics(b.build());
    const b2 = new MetricBatchBuilder(t);
    b2.metadata({ metricFamilyName: 'req', type: 'counter', help: 'Requests.', unit: '' });
    b2.metadata({ metricFamilyName: 'req', type: 'counter', help: 'All requests.', unit: '' });
    await s.metrics.appendMetrics(b2.build());
    const all = await s.metrics.metadata({ tenant: t }, live());
    assert.deepEqual([...all.keys()].sort(), ['mem', 'req']);
    assert.deepEqual(all.get('mem'), [{ metricFamilyName: 'mem', type: 'gauge', help: 'Memory.', unit: 'bytes' }]);
    assert.deepEqual(
      all.get('req')?.map((m) => m.help).sort(),
      ['All requests.', 'Requests.'],
    );
    const one = await s.metrics.metadata({ tenant: t, metric: 'mem' }, live());
    assert.deepEqual([...one.keys()], ['mem']);
    assert.equal((await s.metrics.metadata({ tenant: t, limit: 1 }, live())).size, 1);
    assert.equal((await s.metrics.metadata({ tenant: freshTenant('m-meta-other') }, live())).size, 0);
  });

  it('every metrics read is isolated by tenant', async () => {
    const a = freshTenant('m-iso-a');
    const other = freshTenant('m-iso-b');
    const s = env.store();
    const b = new MetricBatchBuilder(a);
    b.sample(b.series(up('a')), NOW_MS - 1000, 1);
    b.metadata({ metricFamilyName: 'up', type: 'gauge', help: '', unit: '' });
    await s.metrics.appendMetrics(b.build());
    await appendSamples(s, other, [[ls({ __name__: 'other', k: 'v' }), NOW_MS - 1000, 1]]);
    assert.equal((await readSamples(s, other, [eq('__name__', 'up')], 0, NOW_MS)).length, 0);
    assert.equal((await readSeries(s, other, [re('__name__', '.+')], 0, NOW_MS)).length, 1);
    const lq = { tenant: other, startMs: 0, endMs: NOW_MS, matcherSets: [] };
    assert.deepEqual(await s.metrics.labelNames(lq, live()), ['__name__', 'k']);
    assert.deepEqual(await s.metrics.labelValues('job', lq, live()), []);
    assert.equal((await s.metrics.metadata({ tenant: other }, live())).size, 0);
    assert.equal((await readSamples(s, freshTenant('m-iso-none'), [], 0, NOW_MS)).length, 0);
  });

  it('metrics reads reject with the reason of an aborted signal', async () => {
    const t = freshTenant('m-abort');
    await appendSamples(env.store(), t, [[up('a'), NOW_MS - 1000, 1]]);
    const reason = new Error('stop');
    const signal = AbortSignal.abort(reason);
    const q = { tenant: t, matchers: [eq('job', 'a')], startMs: 0, endMs: NOW_MS };
    await assert.rejects(collect(env.store().metrics.selectSamples(q, undefined, signal)), (e) => e === reason);
    await assert.rejects(env.store().metrics.labelNames({ tenant: t, startMs: 0, endMs: NOW_MS, matcherSets: [] }, signal), (e) => e === reason);
  });
}
