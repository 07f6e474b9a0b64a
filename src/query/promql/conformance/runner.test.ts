import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Labels } from '../../../model/index.js';
import { compareLabels, isStaleNaN } from '../../../model/index.js';
import type { MetricsReader } from '../../../store/contract.js';
import { parseSeriesSelector } from '../../selector/index.js';
import { PromqlError } from '../parser/index.js';
import type { InstantSample, MatrixSeries, QueryResult, QueryValue } from '../engine/query-result.js';
import type { PromqlQueryable, QueryableFactory, RunnerOptions, ScriptRunResult } from './index.js';
import {
  CONFORMANCE_TENANT,
  SKIP_EXTENDED_RANGE_SELECTORS,
  SKIP_NATIVE_HISTOGRAMS,
  SKIP_START_TIMESTAMPS,
  runScript,
} from './index.js';

/**
 * A throwaway engine for exercising the runner: it understands number and string literals,
 * a plain selector (5m lookback, left-open, stale markers hide a series), `sel @ <seconds>`,
 * `warn(sel)` (adds a warning), `fail_me` (a PromqlError) and `crash_me` (a plain Error).
 * `bug` makes it wrong in range queries or with `@`, so the extra checks can be seen to bite.
 */
class FakeQueryable implements PromqlQueryable {
  constructor(
    private readonly reader: MetricsReader,
    private readonly bug: 'none' | 'range' | 'ignore-at',
  ) {}

  async instantQuery(q: { query: string; timeMs: number }): Promise<QueryResult> {
    return this.evaluate(q.query.trim(), q.timeMs);
  }

  async rangeQuery(q: { query: string; startMs: number; endMs: number; stepMs: number }): Promise<QueryResult> {
    const bySeries = new Map<string, { labels: Labels; timestampsMs: number[]; values: number[] }>();
    const warnings: string[] = [];
    for (let t = q.startMs; t <= q.endMs; t += q.stepMs) {
      const r = await this.evaluate(q.query.trim(), t);
      warnings.push(...r.warnings);
      const samples: InstantSample[] =
        r.value.type === 'vector' ? [...r.value.samples] : r.value.type === 'scalar' ? [{ labels: [], timestampMs: t, value: r.value.value }] : [];
      for (const s of samples) {
        const key = JSON.stringify(s.labels);
        let series = bySeries.get(key);
        if (series === undefined) bySeries.set(key, (series = { labels: s.labels, timestampsMs: [], values: [] }));
        series.timestampsMs.push(t);
        series.values.push(this.bug === 'range' ? s.value + 1 : s.value);
      }
    }
    const series: MatrixSeries[] = [...bySeries.values()].sort((a, b) => compareLabels(a.labels, b.labels));
    return { value: { type: 'matrix', series }, warnings: [...new Set(warnings)], infos: [] };
  }

  private async evaluate(expr: string, timeMs: number): Promise<QueryResult> {
    const plain = (value: QueryValue): QueryResult => ({ value, warnings: [], infos: [] });
    if (expr === 'fail_me') throw new PromqlError('execution', 'boom: something failed');
    if (expr === 'crash_me') throw new Error('engine bug');
    if (/^-?\d+(\.\d+)?$/.test(expr)) return plain({ type: 'scalar', timestampMs: timeMs, value: Number(expr) });
    if (/^"[^"]*"$/.test(expr)) return plain({ type: 'string', timestampMs: timeMs, value: expr.slice(1, -1) });
    const warn = /^warn\((.*)\)$/.exec(expr);
    if (warn !== null) {
      const inner = await this.evaluate(warn[1] as string, timeMs);
      return { ...inner, warnings: ['PromQL warning: careful (1:6)'] };
    }
    const at = /^(.*) @ (-?[\d.]+)$/.exec(expr);
    if (at !== null) return this.evaluate(at[1] as string, this.bug === 'ignore-at' ? timeMs : Number(at[2]) * 1000);
    return plain({ type: 'vector', samples: await this.select(expr, timeMs) });
  }

  private async select(selector: string, timeMs: number): Promise<InstantSample[]> {
    const matchers = parseSeriesSelector(selector);
    const out: InstantSample[] = [];
    const q = { tenant: CONFORMANCE_TENANT, matchers, startMs: timeMs - 300_000 + 1, endMs: timeMs };
    for await (const batch of this.reader.selectSamples(q, undefined, new AbortController().signal)) {
      for (let s = 0; s < batch.series.length; s++) {
        const last = (batch.offsets[s + 1] as number) - 1;
        const v = batch.values[last] as number;
        if (last >= (batch.offsets[s] as number) && !isStaleNaN(v)) {
          out.push({ labels: batch.series[s] as Labels, timestampMs: timeMs, value: v });
        }
      }
    }
    return out;
  }
}

const fake =
  (bug: 'none' | 'range' | 'ignore-at' = 'none'): QueryableFactory =>
  (reader) =>
    new FakeQueryable(reader, bug);

/** Appends ` @ <seconds>` to a bare selector; declines anything else (the check is then skipped). */
const addAtModifier = (expr: string, tMs: number): string | undefined =>
  /^[a-z_]+(\{[^}]*\})?$/.test(expr) ? `${expr} @ ${tMs / 1000}` : undefined;

async function run(script: string, options: Partial<RunnerOptions> = {}, factory = fake()): Promise<ScriptRunResult> {
  return runScript('inline.test', script, factory, { mode: 'prometheus3', ...options });
}

const statuses = (r: ScriptRunResult): string[] => r.outcomes.map((o) => `${o.line}:${o.status}`);

describe('runScript with a fake engine', () => {
  it('passes and fails evals, with a readable diff', async () => {
    const r = await run(
      [
        'load 1m',
        '  foo{a="1"} 1 2 3',
        '  foo{a="2"} 5 stale 7',
        '',
        'eval instant at 2m foo',
        '  foo{a="1"} 3',
        '  foo{a="2"} 7',
        '',
        'eval instant at 1m foo',
        '  foo{a="1"} 2',
        '',
        'eval range from 0 to 2m step 1m foo',
        '  foo{a="1"} 1 2 3',
        '  foo{a="2"} 5 _ 7',
        '',
        'eval instant at 0 foo',
        '  foo{a="1"} 10',
        '  foo{a="2"} 5',
      ].join('\n'),
    );
    assert.deepEqual(statuses(r), ['5:pass', '9:pass', '12:pass', '16:fail']);
    assert.deepEqual([r.pass, r.fail, r.skip], [3, 1, 0]);
    const message = r.outcomes[3]?.message ?? '';
    assert.match(message, /^line 16: eval instant at 0 foo/);
    assert.match(message, /expected 10 for foo\{a="1"\} but got 1/);
    assert.match(message, /expected:\n {4}foo\{a="1"\} 10\n {4}foo\{a="2"\} 5\n {2}got:\n {4}foo\{a="1"\} 1/);
  });

  it('handles scalars, strings, expected failures and annotations', async () => {
    const r = await run(
      [
        'eval instant at 0 42',
        '  42',
        '',
        'eval instant at 0 "hi"',
        '  expect string "hi"',
        '',
        'eval instant at 0 fail_me',
        '  expect fail msg: boom: something failed',
        '',
        'eval instant at 0 fail_me',
        '  expect fail regex: some.*failed',
        '',
        'eval instant at 0 fail_me',
        '  expect fail msg: other',
        '',
        'eval instant at 0 42',
        '  expect fail',
        '',
        'eval instant at 0 crash_me',
        '  expect fail',
        '',
        'eval instant at 0 warn(foo)',
        '  expect warn msg: PromQL warning: careful (1:6)',
        '',
        'eval instant at 0 warn(foo)',
        '  expect no_warn',
        '',
        'eval instant at 0 warn(foo)',
      ].join('\n'),
    );
    assert.deepEqual(statuses(r), ['1:pass', '4:pass', '7:pass', '10:pass', '13:fail', '16:fail', '19:fail', '22:pass', '25:fail', '28:pass']);
    assert.match(r.outcomes[6]?.message ?? '', /unexpected error: Error: engine bug/);
  });

  it('skips by feature, not by line', async () => {
    const r = await run(
      [
        'load 1m',
        '  nh {{schema:0 sum:1 count:1}} 2',
        '  plain 1',
        '',
        'load_with_nhcb 1m',
        '  h_bucket{le="1"} 1',
        '  h_bucket{le="+Inf"} 2',
        '',
        'eval instant at 1m nh',
        '',
        'eval instant at 1m {__name__="nh"}',
        '',
        'eval instant at 1m plain',
        '  plain 1',
        '',
        'eval instant at 1m plain',
        '  plain {{sum:1}}',
        '',
        'eval instant at 1m h',
        '',
        'eval instant at 1m h_bucket',
        '  h_bucket{le="1"} 1',
        '  h_bucket{le="+Inf"} 2',
        '',
        'eval instant at 1m rate(plain[1m] smoothed)',
        '',
        'eval instant at 1m info(plain)',
        '',
        'clear',
        'eval instant at 1m nh',
      ].join('\n'),
    );
    assert.deepEqual(
      r.outcomes.map((o) => `${o.line}:${o.status}:${o.reason ?? ''}`),
      [
        `9:skip:${SKIP_NATIVE_HISTOGRAMS}`,
        `11:skip:${SKIP_NATIVE_HISTOGRAMS}`,
        '13:pass:',
        `16:skip:${SKIP_NATIVE_HISTOGRAMS}`,
        `19:skip:${SKIP_NATIVE_HISTOGRAMS}`,
        '21:pass:',
        `25:skip:${SKIP_EXTENDED_RANGE_SELECTORS}`,
        '27:skip:function info() is not supported',
        '30:pass:',
      ],
    );
  });

  it('skips listed files entirely', async () => {
    const r = await runScript('start_timestamps.test', 'load 1m\n  x 1\n\neval instant at 0 x\n  x 1\n', fake(), { mode: 'prometheus3' });
    assert.deepEqual(r.outcomes.map((o) => o.reason), [SKIP_START_TIMESTAMPS]);
  });

  it('cross-checks instant evals in range mode (switchable)', async () => {
    const script = 'load 1m\n  foo 1 2 3\n\neval instant at 1m foo\n  foo 2\n\neval instant at 1m foo\n  expect ordered\n  foo 2\n';
    const buggy = await run(script, {}, fake('range'));
    assert.deepEqual(statuses(buggy), ['4:fail', '7:pass']);
    assert.match(buggy.outcomes[0]?.message ?? '', /in range-mode check .*\n {2}expected 2 for foo but got 3/);
    assert.deepEqual(statuses(await run(script, { rangeCrossCheck: false }, fake('range'))), ['4:pass', '7:pass']);
  });

  it('checks @ step invariance when a rewriter is supplied', async () => {
    const script = 'load 1m\n  foo 1 2 3\n\neval instant at 1m foo\n  foo 2\n\neval instant at 1m timestamp(foo)\n';
    assert.deepEqual(statuses(await run(script, { addAtModifier }, fake('ignore-at'))).slice(0, 1), ['4:fail']);
    assert.deepEqual(statuses(await run(script, { addAtModifier }, fake())).slice(0, 1), ['4:pass']);
    assert.deepEqual(statuses(await run(script, { addAtModifier, atModifierCheck: false }, fake('ignore-at'))).slice(0, 1), ['4:pass']);
    assert.deepEqual(statuses(await run(script, {}, fake('ignore-at'))).slice(0, 1), ['4:pass']);
    const failed = await run(script, { addAtModifier }, fake('ignore-at'));
    assert.match(failed.outcomes[0]?.message ?? '', /@ step-invariance check: foo @ 60 at t=-600000ms/);
  });

  it('keeps the stale marker through the store', async () => {
    const r = await run('load 1m\n  foo 1 stale\n\neval instant at 1m foo\n\neval instant at 30s foo\n  foo 1\n');
    assert.deepEqual(statuses(r), ['4:pass', '6:pass']);
  });
});
