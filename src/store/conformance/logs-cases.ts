import assert from 'node:assert/strict';
import { it } from 'node:test';
import { KeyValueList, LogBatchBuilder } from '../../model/index.js';
import type { SuiteEnv } from './suite-env.js';
import { DAY_MS, NOW_NS, NS_PER_MS, collect, eq, fmt, freshTenant, live, ls, neq, nre, re, rejectsWithKind } from './fixtures.js';
import { registerLogLabelFilterCases } from './logs-label-filter-cases.js';
import { registerLogCountCases } from './logs-count-cases.js';
import { appendLogs, readLines, readLogs } from './logs-fixtures.js';

const web = ls({ app: 'web' });
const api = ls({ app: 'api' });
const at = (ms: number): bigint => NOW_NS - BigInt(ms) * NS_PER_MS;
const everything = { startUnixNano: 0n, endUnixNano: NOW_NS + 1n };

export function registerLogsCases(env: SuiteEnv): void {
  it('appendLogs counts accepted, invalid and too_old records', async () => {
    const t = freshTenant('l-counts');
    const b = new LogBatchBuilder(t);
    const s = b.stream(web);
    b.record(s, { timeUnixNano: at(1000), line: 'ok' });
    b.record(5, { timeUnixNano: at(1000), line: 'no such stream' });
    b.record(s, { timeUnixNano: at(31 * DAY_MS), line: 'too old' });
    const r = await env.store().logs.appendLogs(b.build());
    assert.equal(r.accepted, 1);
    assert.deepEqual(r.rejected, { invalid: 1, too_old: 1 });
    assert.deepEqual(await readLines(env.store(), t, { matchers: [eq('app', 'web')], ...everything }), ['ok']);
  });

  it('selectLogs: start is inclusive, end exclusive', async () => {
    const t = freshTenant('l-range');
    await appendLogs(env.store(), t, [3, 2, 1].map((i) => [web, { timeUnixNano: at(i * 1000), line: `l${i}` }] as const));
    const q = { matchers: [eq('app', 'web')], startUnixNano: at(3000), endUnixNano: at(1000) };
    assert.deepEqual(await readLines(env.store(), t, q), ['l3', 'l2']);
    assert.deepEqual(await readLines(env.store(), t, { ...q, startUnixNano: at(3000) + 1n, endUnixNano: at(1000) + 1n }), ['l2', 'l1']);
  });

  it('selectLogs: ties in time are ordered by stream label set, then write order; backward is the exact reverse', async () => {
    const t = freshTenant('l-ties');
    const s = env.store();
    await appendLogs(s, t, [
      [web, { timeUnixNano: at(1000), line: 'web-1' }],
      [api, { timeUnixNano: at(1000), line: 'api-1' }],
      [web, { timeUnixNano: at(1000), line: 'web-2' }],
      [web, { timeUnixNano: at(2000), line: 'web-early' }],
    ]);
    await appendLogs(s, t, [
      [api, { timeUnixNano: at(1000), line: 'api-2' }],
      [web, { timeUnixNano: at(1000), line: 'web-3' }],
    ]);
    const forward = ['web-early', 'api-1', 'api-2', 'web-1', 'web-2', 'web-3'];
    const q = { matchers: [re('app', '.+')], ...everything };
    assert.deepEqual(await readLines(s, t, q), forward);
    assert.deepEqual(await readLines(s, t, { ...q, direction: 'backward' }), [...forward].reverse());
  });

  it('selectLogs: limit keeps the oldest (forward) or newest (backward) records', async () => {
    const t = freshTenant('l-limit');
    await appendLogs(env.store(), t, [4, 3, 2, 1].map((i) => [i % 2 === 0 ? web : api, { timeUnixNano: at(i * 1000), line: `l${i}` }] as const));
    const q = { matchers: [re('app', 'web|api')], ...everything };
    assert.deepEqual(await readLines(env.store(), t, { ...q, limit: 2 }), ['l4', 'l3']);
    assert.deepEqual(await readLines(env.store(), t, { ...q, limit: 2, direction: 'backward' }), ['l1', 'l2']);
    assert.deepEqual(await readLines(env.store(), t, { ...q, limit: 0 }), []);
  });

  it('selectLogs: limit and order hold across many batches', async () => {
    const t = freshTenant('l-many');
    const n = 2500;
    await appendLogs(env.store(), t, Array.from({ length: n }, (_, i) => [i % 3 === 0 ? api : web, { timeUnixNano: at(n - i), line: `n${i}` }] as const));
    const q = { matchers: [re('app', '.*')], ...everything };
    const fwd = await readLines(env.store(), t, { ...q, limit: 2100 });
    assert.equal(fwd.length, 2100);
    assert.deepEqual([fwd[0], fwd[2099]], ['n0', 'n2099']);
    const back = await readLines(env.store(), t, { ...q, limit: 5000, direction: 'backward' });
    assert.equal(back.length, n);
    assert.deepEqual([back[0], back[n - 1]], [`n${n - 1}`, 'n0']);
  });

  it('selectLogs: line filters |=, !=, |~ (unanchored), !~ are applied exactly', async () => {
    const t = freshTenant('l-filter');
    const lines = ['GET /api 200', 'POST /api 500', 'GET /health 200', 'error: disk full', 'Error: DISK'];
    await appendLogs(env.store(), t, lines.map((line, i) => [web, { timeUnixNano: at(1000 - i), line }] as const));
    const f = (lineFilters: { type: '|=' | '!=' | '|~' | '!~'; value: string }[]) =>
      readLines(env.store(), t, { matchers: [eq('app', 'web')], ...everything, lineFilters });
    assert.deepEqual(await f([{ type: '|=', value: '/api' }]), ['GET /api 200', 'POST /api 500']);
    assert.deepEqual(await f([{ type: '!=', value: '/api' }]), ['GET /health 200', 'error: disk full', 'Error: DISK']);
    assert.deepEqual(await f([{ type: '|~', value: 'rror: d' }]), ['error: disk full']);
    assert.deepEqual(await f([{ type: '|~', value: '(?i)error' }]), ['error: disk full', 'Error: DISK']);
    assert.deepEqual(await f([{ type: '!~', value: '[0-9]{3}$' }]), ['error: disk full', 'Error: DISK']);
    assert.deepEqual(await f([{ type: '|=', value: 'GET' }, { type: '!~', value: 'health' }]), ['GET /api 200']);
    assert.deepEqual(await f([{ type: '|=', value: '' }]), lines);
    assert.deepEqual(await f([{ type: '|=', value: '%' }]), [], 'no LIKE wildcards');
    await rejectsWithKind(f([{ type: '|~', value: '(' }]), 'bad_input');
  });

  it('selectLogs: stream matchers, including empty-value semantics and bad regex', async () => {
    const t = freshTenant('l-match');
    const withEnv = ls({ app: 'web', env: 'prod' });
    await appendLogs(env.store(), t, [
      [web, { timeUnixNano: at(3000), line: 'a' }],
      [api, { timeUnixNano: at(2000), line: 'b' }],
      [withEnv, { timeUnixNano: at(1000), line: 'c' }],
    ]);
    const q = (matchers: Parameters<typeof readLines>[2]['matchers']) => readLines(env.store(), t, { matchers, ...everything });
    assert.deepEqual(await q([eq('app', 'web')]), ['a', 'c']);
    assert.deepEqual(await q([neq('app', 'web')]), ['b']);
    assert.deepEqual(await q([re('app', 'w.*')]), ['a', 'c']);
    assert.deepEqual(await q([nre('app', 'w.*')]), ['b']);
    assert.deepEqual(await q([eq('app', 'web'), eq('env', '')]), ['a']);
    assert.deepEqual(await q([neq('env', '')]), ['c']);
    assert.deepEqual(await q([re('app', '.+'), nre('env', 'prod')]), ['a', 'b']);
    await rejectsWithKind(q([re('app', '[')]), 'bad_input');
  });

  it('selectLogs returns every field as written', async () => {
    const t = freshTenant('l-fields');
    const metadata = [
      { key: 'trace_id', value: 'abc' },
      { key: 'n', value: 9007199254740993n },
      { key: 'd', value: 2.5 },
      { key: 'ok', value: true },
      { key: 'raw', value: new Uint8Array([0, 255]) },
      { key: 'list', value: ['x', 1n] },
      { key: 'kv', value: new KeyValueList([{ key: 'inner', value: null }]) },
    ];
    const rec = {
      timeUnixNano: at(1000) + 123n,
      observedTimeUnixNano: at(500) + 7n,
      severityNumber: 17,
      severityText: 'ERROR',
      line: 'boom',
      metadata,
      traceId: '5b8efff798038103d269b633813fc60c',
      spanId: 'eee19b7ec3c1b174',
      flags: 1,
    };
    await appendLogs(env.store(), t, [[ls({ app: 'web', ns: 'prod' }), rec]]);
    const [got] = await readLogs(env.store(), t, { matchers: [eq('app', 'web')], ...everything });
    assert.deepEqual(got, { stream: fmt(ls({ app: 'web', ns: 'prod' })), ...rec });
  });

  it('labelNames, labelValues and streams honour matcher sets and the (closed) range', async () => {
    const t = freshTenant('l-labels');
    const s = env.store();
    await appendLogs(s, t, [
      [ls({ app: 'web', env: 'prod' }), { timeUnixNano: at(1000), line: 'x' }],
      [ls({ app: 'api', team: 'core' }), { timeUnixNano: at(2 * DAY_MS), line: 'y' }],
    ]);
    const q = (startUnixNano: bigint, endUnixNano: bigint, matcherSets: Parameters<typeof eq>[][] = []) => ({
      tenant: t,
      startUnixNano,
      endUnixNano,
      matcherSets: matcherSets.map((set) => set.map(([n, v]) => eq(n, v))),
    });
    const recent = q(at(60_000), NOW_NS);
    assert.deepEqual(await s.logs.labelNames(recent, live()), ['app', 'env']);
    assert.deepEqual(await s.logs.labelNames(q(0n, NOW_NS), live()), ['app', 'env', 'team']);
    assert.deepEqual(await s.logs.labelValues('app', q(0n, NOW_NS), live()), ['api', 'web']);
    assert.deepEqual(await s.logs.labelValues('app', q(0n, NOW_NS, [[['team', 'core']]]), live()), ['api']);
    assert.deepEqual(await s.logs.labelValues('app', q(at(1000), at(1000)), live()), ['web'], 'a one-instant closed range');
    assert.deepEqual(await s.logs.labelValues('app', q(at(999), NOW_NS), live()), []);
    assert.deepEqual((await s.logs.streams(q(0n, NOW_NS, [[['app', 'web']], [['team', 'core']]]), live())).map(fmt), [
      fmt(ls({ app: 'api', team: 'core' })),
      fmt(ls({ app: 'web', env: 'prod' })),
    ]);
    assert.deepEqual(await s.logs.streams(recent, live()), [ls({ app: 'web', env: 'prod' })]);
    await rejectsWithKind(s.logs.streams({ ...recent, matcherSets: [[re('app', '(')]] }, live()), 'bad_input');
  });

  it('every logs read is isolated by tenant', async () => {
    const a = freshTenant('l-iso-a');
    const b = freshTenant('l-iso-b');
    const s = env.store();
    await appendLogs(s, a, [[web, { timeUnixNano: at(1000), line: 'secret' }]]);
    await appendLogs(s, b, [[api, { timeUnixNano: at(1000), line: 'mine' }]]);
    assert.deepEqual(await readLines(s, b, { matchers: [re('app', '.+')], ...everything }), ['mine']);
    const lq = { tenant: b, ...everything, matcherSets: [] };
    assert.deepEqual(await s.logs.labelValues('app', lq, live()), ['api']);
    assert.deepEqual(await s.logs.labelNames(lq, live()), ['app']);
    assert.deepEqual(await s.logs.streams(lq, live()), [api]);
    assert.deepEqual(await readLines(s, freshTenant('l-iso-none'), { matchers: [re('app', '.+')], ...everything }), []);
  });

  it('logs reads reject with the reason of an aborted signal', async () => {
    const t = freshTenant('l-abort');
    await appendLogs(env.store(), t, [[web, { timeUnixNano: at(1000), line: 'x' }]]);
    const reason = new Error('stop');
    const signal = AbortSignal.abort(reason);
    const sel = { tenant: t, matchers: [eq('app', 'web')], ...everything, direction: 'forward' as const, limit: 10 };
    await assert.rejects(collect(env.store().logs.selectLogs(sel, signal)), (e) => e === reason);
    await assert.rejects(env.store().logs.streams({ tenant: t, ...everything, matcherSets: [] }, signal), (e) => e === reason);
  });

  registerLogLabelFilterCases(env);
  registerLogCountCases(env);
}
