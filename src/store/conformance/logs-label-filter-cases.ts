import assert from 'node:assert/strict';
import { it } from 'node:test';
import type { LabelFilterExpr, Labels, LogRecordInput } from '../../model/index.js';
import { compareLabels, formatLabelFilter } from '../../model/index.js';
import type { SuiteEnv } from './suite-env.js';
import { NOW_NS, NS_PER_MS, eq, freshTenant, ls, neq, nre, re, rejectsWithKind } from './fixtures.js';
import { appendLogs, lf, lfAnd, lfOr, readLines } from './logs-fixtures.js';

const web = ls({ app: 'web' });
const api = ls({ app: 'api' });
const at = (ms: number): bigint => NOW_NS - BigInt(ms) * NS_PER_MS;
const everything = { startUnixNano: 0n, endUnixNano: NOW_NS + 1n };

/** LogSelection.labelFilters: LogQL label filter stages on stream labels and structured metadata. */
export function registerLogLabelFilterCases(env: SuiteEnv): void {
  it('selectLogs: label filters test structured metadata as Loki shows it, and stream labels', async () => {
    const t = freshTenant('l-lf');
    const rows: [Labels, LogRecordInput][] = [
      [web, { timeUnixNano: at(6000), line: 'w1', metadata: [{ key: 'trace_id', value: 'aaa' }] }],
      [web, { timeUnixNano: at(5000), line: 'w2', traceId: '0af7651916cd43dd8448eb211c80319c' }],
      [api, { timeUnixNano: at(4000), line: 'a1', metadata: [{ key: 'user.id', value: '42' }, { key: 'http.status', value: 200n }] }],
      [api, { timeUnixNano: at(3000), line: 'a2', metadata: [{ key: 'app', value: 'shadow' }] }],
      [web, { timeUnixNano: at(2000), line: 'w3' }],
      [api, { timeUnixNano: at(1000), line: 'a3', metadata: [{ key: 'level', value: 'error' }, { key: 'ratio', value: 2.5 }, { key: 'empty', value: '' }] }],
    ];
    await appendLogs(env.store(), t, rows);
    const cases: [LabelFilterExpr[], string[]][] = [
      [[lf(eq('trace_id', 'aaa'))], ['w1']],
      [[lf(eq('trace_id', '0af7651916cd43dd8448eb211c80319c'))], ['w2']],
      [[lf(eq('user_id', '42'))], ['a1']],
      [[lf(eq('http_status', '200'))], ['a1']],
      [[lf(eq('ratio', '2.5'))], ['a3']],
      [[lf(eq('app', 'api'))], ['a1', 'a2', 'a3']],
      [[lf(eq('app', 'shadow'))], []],
      [[lf(eq('app_extracted', 'shadow'))], ['a2']],
      [[lf(re('user_id', '4.*'))], ['a1']],
      [[lf(re('user_id', '4'))], []],
      [[lf(re('trace_id', '0AF.*|a+'))], ['w1']],
      [[lf(re('trace_id', '(?i)0AF.*'))], ['w2']],
      [[lf(neq('user_id', '42'))], ['w1', 'w2', 'a2', 'w3', 'a3']],
      [[lf(eq('user_id', ''))], ['w1', 'w2', 'a2', 'w3', 'a3']],
      [[lf(nre('user_id', '.+'))], ['w1', 'w2', 'a2', 'w3', 'a3']],
      [[lf(eq('empty', ''))], ['w1', 'w2', 'a1', 'a2', 'w3', 'a3']],
      [[lfOr(lf(eq('trace_id', 'aaa')), lf(eq('user_id', '42')))], ['w1', 'a1']],
      [[lfAnd(lf(eq('app', 'web')), lf(eq('trace_id', '')))], ['w3']],
      [[lfAnd(lfOr(lf(eq('app', 'api')), lf(eq('trace_id', 'aaa'))), lf(neq('user_id', '42')))], ['w1', 'a2', 'a3']],
      [[lf(eq('app', 'api')), lf(eq('level', 'error'))], ['a3']],
      [[lf(re('app', '.+')), lf(neq('app', 'web')), lf(nre('level', 'err.*'))], ['a1', 'a2']],
    ];
    for (const [labelFilters, expected] of cases) {
      const got = await readLines(env.store(), t, { matchers: [re('app', '.+')], ...everything, labelFilters });
      assert.deepEqual(got, expected, labelFilters.map(formatLabelFilter).join(' | '));
    }
    const withLine = await readLines(env.store(), t, { matchers: [re('app', '.+')], ...everything, lineFilters: [{ type: '|=', value: '3' }], labelFilters: [lf(eq('app', 'web'))] });
    assert.deepEqual(withLine, ['w3']);
    await rejectsWithKind(readLines(env.store(), t, { matchers: [eq('app', 'web')], ...everything, labelFilters: [lf(re('x', '('))] }), 'bad_input');
  });

  it('selectLogs: structured metadata shadows a stream label only through the _extracted suffix', async () => {
    const t = freshTenant('l-lf-ext');
    const s = ls({ app: 'web', app_extracted: 'stream' });
    await appendLogs(env.store(), t, [
      [s, { timeUnixNano: at(2000), line: 'renamed', metadata: [{ key: 'app', value: 'meta' }] }],
      [s, { timeUnixNano: at(1000), line: 'plain' }],
    ]);
    const q = (labelFilters: LabelFilterExpr[]) => readLines(env.store(), t, { matchers: [eq('app', 'web')], ...everything, labelFilters });
    assert.deepEqual(await q([lf(eq('app_extracted', 'meta'))]), ['renamed']);
    assert.deepEqual(await q([lf(eq('app_extracted', 'stream'))]), ['plain']);
    assert.deepEqual(await q([lf(eq('app', 'web'))]), ['renamed', 'plain']);
  });

  it('selectLogs: limit counts records that pass label filters, with ties, forward and backward', async () => {
    const t = freshTenant('l-lf-limit');
    const n = 6000;
    // Three records per timestamp in two streams, so pages end inside runs of equal times.
    const rows = Array.from({ length: n }, (_, i) => {
      const hit = i % 25 === 7 || i % 25 === 8;
      const metadata = hit ? [{ key: 'k', value: 'hit' }] : i % 2 === 0 ? [{ key: 'k', value: 'miss' }] : [];
      return [i % 2 === 0 ? web : api, { timeUnixNano: at(n - Math.floor(i / 3)), line: `n${i}`, metadata }] as [Labels, LogRecordInput];
    });
    await appendLogs(env.store(), t, rows);
    // Reference order: (time, stream label set, write order).
    const order = rows
      .map(([labels, r], i) => ({ labels, r, i }))
      .sort((a, b) => (a.r.timeUnixNano !== b.r.timeUnixNano ? (a.r.timeUnixNano < b.r.timeUnixNano ? -1 : 1) : compareLabels(a.labels, b.labels) || a.i - b.i));
    const hits = order.filter((x) => x.i % 25 === 7 || x.i % 25 === 8).map((x) => x.r.line);
    const misses = order.filter((x) => !(x.i % 25 === 7 || x.i % 25 === 8)).map((x) => x.r.line);
    assert.equal(hits.length, 480);
    const filters: LabelFilterExpr[][] = [[lf(eq('k', 'hit'))], [lf(re('k', 'h.t'))]];
    for (const labelFilters of filters) {
      const q = { matchers: [re('app', '.+')], ...everything, labelFilters };
      const what = formatLabelFilter(labelFilters[0] as LabelFilterExpr);
      assert.deepEqual(await readLines(env.store(), t, { ...q, limit: 300 }), hits.slice(0, 300), `${what} forward`);
      assert.deepEqual(await readLines(env.store(), t, { ...q, limit: 301, direction: 'backward' }), [...hits].reverse().slice(0, 301), `${what} backward`);
      assert.deepEqual(await readLines(env.store(), t, { ...q, limit: 5000 }), hits, `${what} all`);
    }
    const notHit = { matchers: [re('app', '.+')], ...everything, labelFilters: [lf(neq('k', 'hit'))] };
    assert.deepEqual(await readLines(env.store(), t, { ...notHit, limit: 2000, direction: 'backward' }), [...misses].reverse().slice(0, 2000));
  });
}
