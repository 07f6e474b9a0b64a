import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { LogBatchBuilder, labelsFromRecord } from '../../../model/index.js';
import type { LogCountBatch, LogCountQuery, LogsReader, Store } from '../../../store/contract.js';
import { createMemoryStore } from '../../../store/memory/index.js';
import { parseLogql } from '../parser/index.js';
import type { MatrixSeries, MetricResult } from './index.js';
import { LogqlEngine } from './index.js';

const S = 1_000_000_000n;
const BASE = BigInt(Date.UTC(2026, 0, 1)) * S / 1000n;
const DAY_MS = 86_400_000;

/** Entries as [app, seconds after BASE, line]. */
const ENTRIES: Array<[string, number, string]> = [
  ['a', 0, 'x'],
  ['a', 10, 'xx'],
  ['a', 20, 'xxx'],
  ['b', 20, 'y'],
  ['a', 30, 'xxxx'],
];

let store: Store;
let engine: LogqlEngine;

before(async () => {
  store = createMemoryStore({ retention: { metricsMs: DAY_MS, logsMs: 365 * DAY_MS, tracesMs: DAY_MS }, clock: () => Number(BASE / 1_000_000n) + DAY_MS });
  const b = new LogBatchBuilder('t');
  for (const [app, seconds, line] of ENTRIES) b.record(b.stream(labelsFromRecord({ app })), { timeUnixNano: BASE + BigInt(seconds) * S, line });
  for (let i = 0; i < 400; i++) {
    b.record(b.stream(labelsFromRecord({ app: 'rand', k: String(i % 3) })), { timeUnixNano: BASE + 1000n * S + BigInt(Math.floor(pseudoRandom(i) * 600_000)) * 1_000_000n, line: 'z'.repeat(i % 7) });
  }
  await store.logs.appendLogs(b.build());
  engine = new LogqlEngine({ reader: store.logs });
});
after(() => store.close());

/** A deterministic sequence in [0, 1). */
function pseudoRandom(i: number): number {
  const x = Math.sin(i * 12.9898 + 78.233) * 43758.5453;
  return x - Math.floor(x);
}

function expr(query: string) {
  const q = parseLogql(query);
  if (q.kind !== 'metric') throw new Error('not a metric query');
  return q.expr;
}

const at = (seconds: number): bigint => BASE + BigInt(seconds) * S;
const instant = (query: string, seconds: number): Promise<MetricResult> => engine.instantQuery({ tenant: 't', expr: expr(query), timeUnixNano: at(seconds) });
const rangeQuery = (query: string, from: number, to: number, step: number): Promise<MetricResult> =>
  engine.rangeQuery({ tenant: 't', expr: expr(query), startUnixNano: at(from), endUnixNano: at(to), stepNanos: BigInt(step) * S });

function values(r: MetricResult): Record<string, number[] | number> {
  const out: Record<string, number[] | number> = {};
  if (r.type === 'vector') for (const s of r.samples) out[s.labels.map((l) => `${l.name}=${l.value}`).join(',')] = s.value;
  if (r.type === 'matrix') for (const s of r.series) out[s.labels.map((l) => `${l.name}=${l.value}`).join(',')] = s.values;
  return out;
}

describe('LogqlEngine: range windows are (t - range, t]', () => {
  it('an entry exactly at t - range is left out, one at t is counted (instant)', async () => {
    assert.deepEqual(values(await instant('count_over_time({app="a"}[10s])', 10)), { 'app=a': 1 }, 'entry at 0s is at t - range: out; 10s at t: in');
    assert.deepEqual(values(await instant('count_over_time({app="a"}[10s])', 9)), { 'app=a': 1 }, 'only the entry at 0s');
    assert.deepEqual(values(await instant('count_over_time({app="a"}[10s])', -1)), {}, 'before the first entry');
    assert.deepEqual(values(await instant('bytes_over_time({app="a"}[30s])', 30)), { 'app=a': 9 }, 'xx + xxx + xxxx');
  });

  it('steps from start to end, and offset moves the windows back', async () => {
    const r = await rangeQuery('count_over_time({app=~"a|b"}[10s])', 0, 40, 10);
    assert.deepEqual(values(r), { 'app=a': [1, 1, 1, 1], 'app=b': [1] });
    assert.ok(r.type === 'matrix');
    assert.deepEqual(r.series[0]?.timesMs.map((t) => (t - Number(BASE / 1_000_000n)) / 1000), [0, 10, 20, 30], 'no point at 40s: its window (30s, 40s] is empty');
    const shifted = await rangeQuery('count_over_time({app="a"}[10s] offset 10s)', 10, 50, 10);
    assert.ok(shifted.type === 'matrix');
    assert.deepEqual(shifted.series[0]?.timesMs.map((t) => (t - Number(BASE / 1_000_000n)) / 1000), [10, 20, 30, 40]);
  });

  it('windows that overlap, and windows with gaps between them, match a count done by hand', async () => {
    const times = Array.from({ length: 400 }, (_, i) => 1000 * 1000 + Math.floor(pseudoRandom(i) * 600_000)); // ms after BASE
    const apps = Array.from({ length: 400 }, (_, i) => String(i % 3));
    for (const [rangeS, stepS, offsetS] of [
      [60, 7, 0],
      [5, 13, 0],
      [90, 30, 45],
      [1, 1, 0],
      [600, 600, 0],
    ] as const) {
      const r = await rangeQuery(`count_over_time({app="rand"}[${rangeS}s]${offsetS === 0 ? '' : ` offset ${offsetS}s`})`, 1000, 1700, stepS);
      assert.ok(r.type === 'matrix');
      for (const k of ['0', '1', '2']) {
        const expected: [number, number][] = [];
        for (let t = 1000; t <= 1700; t += stepS) {
          const end = (t - offsetS) * 1000;
          const n = times.filter((x, i) => apps[i] === k && x > end - rangeS * 1000 && x <= end).length;
          if (n > 0) expected.push([t, n]);
        }
        const series: MatrixSeries | undefined = r.series.find((s) => s.labels.some((l) => l.name === 'k' && l.value === k));
        const got: [number, number][] = (series?.timesMs ?? []).map((t: number, i: number): [number, number] => [(t - Number(BASE / 1_000_000n)) / 1000, series?.values[i] as number]);
        assert.deepEqual(got, expected, `[${rangeS}s] step ${stepS}s offset ${offsetS}s, k=${k}`);
      }
    }
  });
});

describe('LogqlEngine: aggregations', () => {
  it('sum pushed down to the store equals sum computed here', async () => {
    const pushed = await rangeQuery('sum by (k) (count_over_time({app="rand"}[1m]))', 1000, 1600, 60);
    const here = await rangeQuery('sum by (k) (count_over_time({app="rand"}[1m]) * 1)', 1000, 1600, 60);
    assert.deepEqual(values(pushed), values(here));
    assert.equal(Object.keys(values(pushed)).length, 3);
  });

  it('vector aggregations and rate', async () => {
    const t = 1600;
    const counts = values(await instant('count_over_time({app="rand"}[10m])', t)) as Record<string, number>;
    const total = Object.values(counts).reduce((a, b) => a + b, 0);
    assert.deepEqual(values(await instant('sum(count_over_time({app="rand"}[10m]))', t)), { '': total });
    assert.deepEqual(values(await instant('count(count_over_time({app="rand"}[10m]))', t)), { '': 3 });
    assert.deepEqual(values(await instant('max(count_over_time({app="rand"}[10m]))', t)), { '': Math.max(...Object.values(counts)) });
    assert.deepEqual(values(await instant('avg(count_over_time({app="rand"}[10m]))', t)), { '': total / 3 });
    const top = await instant('topk(1, count_over_time({app="rand"}[10m]))', t);
    assert.ok(top.type === 'vector');
    assert.equal(top.samples[0]?.value, Math.max(...Object.values(counts)));
    const r = values(await instant('rate({app="rand"}[10m])', t)) as Record<string, number>;
    for (const [k, v] of Object.entries(counts)) assert.equal(r[k], v / 600);
  });
});

describe('LogqlEngine: limits and cancellation', () => {
  it('refuses more series than maxSeries, and more points than maxPoints', async () => {
    const small = new LogqlEngine({ reader: store.logs, maxSeries: 2 });
    await assert.rejects(small.instantQuery({ tenant: 't', expr: expr('count_over_time({app="rand"}[1h])'), timeUnixNano: at(1700) }), {
      message: /^maximum number of series \(2\) reached for a single query/,
    });
    const tiny = new LogqlEngine({ reader: store.logs, maxPoints: 10 });
    await assert.rejects(tiny.rangeQuery({ tenant: 't', expr: expr('count_over_time({app="rand"}[1h])'), startUnixNano: at(1000), endUnixNano: at(1700), stepNanos: 10n * S }), (e) => {
      assert.equal((e as { kind: string }).kind, 'limit_exceeded');
      return true;
    });
  });

  it('a fired signal cancels; a slow store runs into the timeout', async () => {
    await assert.rejects(engine.instantQuery({ tenant: 't', expr: expr('count_over_time({app="a"}[1m])'), timeUnixNano: at(30), signal: AbortSignal.abort() }), (e) => {
      assert.equal((e as { kind: string }).kind, 'canceled');
      return true;
    });
    const slow: Pick<LogsReader, 'countLogs'> = {
      async *countLogs(_q: LogCountQuery, signal: AbortSignal): AsyncIterable<LogCountBatch> {
        await new Promise((_resolve, reject) => signal.addEventListener('abort', () => reject(signal.reason as Error)));
        yield* [] as LogCountBatch[];
      },
    };
    const timed = new LogqlEngine({ reader: slow, timeoutMs: 20 });
    await assert.rejects(timed.instantQuery({ tenant: 't', expr: expr('count_over_time({app="a"}[1m])'), timeUnixNano: at(30) }), (e) => {
      assert.equal((e as { kind: string }).kind, 'timeout');
      return true;
    });
  });
});
