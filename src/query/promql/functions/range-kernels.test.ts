import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createRangeWindow, rangeKernels, rangeKernelsV2_42 } from './index.js';
import type { PrometheusVersion, RangeWindow } from './index.js';

// Cases are the expectations of Prometheus's promqltest scripts (functions.test, 3.x main and
// v2.42.0), with each `load` block rebuilt as a series and each selector as a window.

const S = 1000;
const M = 60 * S;

/** `a+bxn` of the load notation: n+1 values a, a+b, ... */
function seq(a: number, b: number, n: number): number[] {
  const out: number[] = [];
  for (let i = 0; i <= n; i++) out.push(a + i * b);
  return out;
}

interface At {
  version?: PrometheusVersion;
  offsetMs?: number;
  atMs?: number;
}

/**
 * The window a selector `[rangeMs]` selects at `evalMs` from a series loaded with `stepMs`
 * (undefined = `_`): left-open in 3.x, closed in 2.42. Undefined when it selects nothing.
 */
function windowAt(
  values: readonly (number | undefined)[],
  stepMs: number,
  evalMs: number,
  rangeMs: number,
  opts: At = {},
): RangeWindow | undefined {
  const ts: number[] = [];
  const vals: number[] = [];
  values.forEach((v, i) => {
    if (v !== undefined) {
      ts.push(i * stepMs);
      vals.push(v);
    }
  });
  const end = opts.atMs ?? evalMs - (opts.offsetMs ?? 0);
  const start = end - rangeMs;
  const closed = opts.version === 'v2.42';
  const w = createRangeWindow();
  w.ts = Float64Array.from(ts);
  w.vals = Float64Array.from(vals);
  w.from = ts.findIndex((t) => (closed ? t >= start : t > start));
  if (w.from < 0) return undefined;
  let to = w.from;
  while (to < ts.length && ts[to]! <= end) to++;
  if (to === w.from) return undefined;
  w.to = to;
  w.rangeStartMs = start;
  w.rangeEndMs = end;
  w.evalTimeMs = evalMs;
  return w;
}

function run(
  name: string,
  values: readonly (number | undefined)[],
  stepMs: number,
  evalMs: number,
  rangeMs: number,
  params: number[] = [],
  opts: At = {},
): number | undefined {
  const kernels = opts.version === 'v2.42' ? rangeKernelsV2_42 : rangeKernels;
  const kernel = kernels.get(name);
  assert.ok(kernel, `kernel ${name}`);
  const w = windowAt(values, stepMs, evalMs, rangeMs, opts);
  return w === undefined ? undefined : kernel(w, params);
}

function near(actual: number | undefined, expected: number, relTol = 1e-12): void {
  assert.ok(actual !== undefined, `expected ${expected}, got no sample`);
  if (Number.isNaN(expected)) return assert.ok(Number.isNaN(actual), `expected NaN, got ${actual}`);
  if (!Number.isFinite(expected)) return assert.equal(actual, expected);
  const scale = Math.max(Math.abs(expected), Number.MIN_VALUE);
  assert.ok(Math.abs(actual - expected) / scale <= relTol, `expected ${expected}, got ${actual}`);
}

describe('resets and changes', () => {
  const foo = [1, 2, 3, 0, 1, 0, 0, 1, 2, 0];
  const bar = [1, 2, 3, 4, 5, 1, 2, 3, 4, 5];
  const biz = [0, 0, 0, 0, 0, 1, 1, 1, 1, 1];
  it('counts drops in the window', () => {
    assert.equal(run('resets', foo, 5 * M, 50 * M, 10 * M), 0);
    assert.equal(run('resets', foo, 5 * M, 50 * M, 20 * M), 1);
    assert.equal(run('resets', foo, 5 * M, 50 * M, 32 * M), 2);
    assert.equal(run('resets', bar, 5 * M, 50 * M, 32 * M), 1);
    assert.equal(run('resets', foo, 5 * M, 50 * M, 50 * M), 3);
    assert.equal(run('resets', biz, 5 * M, 50 * M, 50 * M), 0);
  });
  it('counts value changes, NaN to NaN being none', () => {
    assert.equal(run('changes', foo, 5 * M, 50 * M, 6 * M), 0);
    assert.equal(run('changes', foo, 5 * M, 50 * M, 20 * M), 2);
    assert.equal(run('changes', bar, 5 * M, 50 * M, 30 * M), 4);
    assert.equal(run('changes', foo, 5 * M, 50 * M, 50 * M), 7);
    assert.equal(run('changes', bar, 5 * M, 50 * M, 50 * M), 8);
    assert.equal(run('changes', biz, 5 * M, 50 * M, 50 * M), 1);
    assert.equal(run('changes', [NaN, NaN, NaN], 5 * M, 15 * M, 20 * M), 0);
    assert.equal(run('changes', [0, NaN, 0], 5 * M, 15 * M, 20 * M), 2);
  });
});

describe('rate, increase, delta', () => {
  const foo = seq(0, 10, 10);
  const bar = [...seq(0, 18, 5), ...seq(0, 18, 5)];
  const dings = seq(10, 10, 10);
  const bumms = seq(1, 10, 10);
  it('increase extrapolates to the bounds and corrects resets', () => {
    near(run('increase', foo, 5 * M, 50 * M, 50 * M), 100);
    near(run('increase', bar, 5 * M, 50 * M, 50 * M), 160);
    near(run('increase', dings, 5 * M, 50 * M, 50 * M), 100);
    near(run('increase', bumms, 5 * M, 50 * M, 50 * M), 100);
  });
  it('increase stops at half an interval, or earlier at the zero point', () => {
    near(run('increase', foo, 5 * M, 50 * M, 100 * M), 100);
    near(run('increase', bar, 5 * M, 50 * M, 100 * M), 162);
    near(run('increase', dings, 5 * M, 50 * M, 100 * M), 105);
    near(run('increase', bumms, 5 * M, 50 * M, 100 * M), 101);
  });
  it('increase treats a drop as a restart from zero', () => {
    near(run('increase', [0, 1, 2, 3, 2, 3, 4], 5 * M, 30 * M, 30 * M), 7);
  });
  it('rate divides by the range and needs two samples', () => {
    near(run('rate', [...seq(0, 27, 4), ...seq(0, 27, 5)], 5 * M, 50 * M, 50 * M), 0.08);
    const resetEnd = [...seq(0, 10, 9), 0, 10];
    assert.equal(run('rate', resetEnd, 5 * M, 50 * M, 5 * M), undefined);
    near(run('rate', resetEnd, 5 * M, 50 * M, 6 * M), 0);
    near(run('rate', seq(0, 80, 10), 5 * M, 50 * M, 50 * M), 0.26666666666666666);
    near(run('rate', seq(0, 10, 10), 5 * M, 50 * M, 10 * M, [], { offsetMs: 5 * M }), 0.03333333333333333);
    near(run('rate', seq(0, 20, 10), 5 * M, 50 * M, 10 * M, [], { offsetMs: 5 * M }), 0.06666666666666667);
  });
  it('delta does not treat drops as resets', () => {
    near(run('delta', [0, 50, 100, 150, 200], 5 * M, 20 * M, 20 * M), 200);
    near(run('delta', [200, 150, 100, 50, 0], 5 * M, 20 * M, 20 * M), -200);
  });

  // load 4m: testcounter_zero_cutoff{start="Xm"} (X*60)+240x10
  const starts = [0, 60, 120, 180, 240, 300];
  it('3.x caps left extrapolation at half an interval, then at the zero point', () => {
    const got = starts.map((s) => run('rate', seq(s, 240, 10), 4 * M, 10 * M, 20 * M));
    [0.5, 0.55, 0.6, 0.6, 0.6, 0.6].forEach((e, i) => near(got[i], e));
    starts.forEach((s) => near(run('rate', seq(s, 240, 10), 4 * M, 50 * M, 20 * M), 0.6));
  });
  it('2.42 applies the zero point first, so it may extrapolate beyond half an interval', () => {
    const v = 'v2.42' as const;
    const got = starts.map((s) => run('rate', seq(s, 240, 10), 4 * M, 10 * M, 20 * M, [], { version: v }));
    [0.5, 0.55, 0.6, 0.65, 0.7, 0.6].forEach((e, i) => near(got[i], e));
    starts.forEach((s) => near(run('rate', seq(s, 240, 10), 4 * M, 50 * M, 20 * M, [], { version: v }), 0.6));
  });
  it('2.42 (closed window) matches its own script', () => {
    const v = { version: 'v2.42' as const };
    near(run('increase', [...seq(0, 10, 5), ...seq(0, 10, 5)], 5 * M, 50 * M, 50 * M, [], v), 90);
    near(run('increase', [...seq(0, 10, 5), ...seq(0, 10, 5)], 5 * M, 50 * M, 100 * M, [], v), 90);
    near(run('rate', [...seq(0, 10, 4), ...seq(0, 10, 5)], 5 * M, 50 * M, 50 * M, [], v), 0.03);
    near(run('rate', [...seq(0, 10, 9), 0, 10], 5 * M, 50 * M, 5 * M, [], v), 0);
  });
});

describe('irate and idelta', () => {
  it('use the last two samples', () => {
    near(run('irate', seq(0, 10, 10), 5 * M, 50 * M, 50 * M), 1 / 30);
    near(run('irate', [...seq(0, 10, 5), ...seq(0, 10, 5)], 5 * M, 30 * M, 50 * M), 0);
    near(run('idelta', [0, 50, 100, 150], 5 * M, 20 * M, 20 * M), 50);
    near(run('idelta', [0, 50, 100, 50], 5 * M, 20 * M, 20 * M), -50);
  });
  it('propagate NaN', () => {
    const nan = [1, NaN, NaN, 5, 11];
    assert.equal(run('irate', nan, 5 * M, 0, 15 * M + S), undefined);
    near(run('irate', nan, 5 * M, 5 * M, 15 * M + S), NaN);
    near(run('irate', nan, 5 * M, 15 * M, 15 * M + S), NaN);
    near(run('irate', nan, 5 * M, 20 * M, 15 * M + S), 0.02);
    near(run('idelta', nan, 5 * M, 20 * M, 15 * M + S), 6);
  });
});

describe('deriv and predict_linear', () => {
  const resetMiddle = [...seq(0, 10, 4), ...seq(0, 10, 5)];
  it('deriv is the least-squares slope', () => {
    near(run('deriv', seq(0, 80, 10), 5 * M, 50 * M, 50 * M), 0.26666666666666666);
    near(run('deriv', resetMiddle, 5 * M, 50 * M, 100 * M), 0.010606060606060607);
    near(run('deriv', [-Infinity, ...seq(0, 80, 10), Infinity], 5 * M, 100 * M, 100 * M), NaN);
    assert.equal(run('deriv', [1], 5 * M, 0, 5 * M), undefined);
    assert.equal(run('deriv', [5, 5, 5], 5 * M, 10 * M, 20 * M), 0);
  });
  it('predict_linear anchors the intercept at the evaluation time, not the @ time', () => {
    near(run('predict_linear', resetMiddle, 5 * M, 50 * M, 50 * M, [3600]), 70);
    const at = { atMs: 3000 * S };
    near(run('predict_linear', resetMiddle, 5 * M, 50 * M, 55 * M, [3600], at), 76.81818181818181);
    near(run('predict_linear', resetMiddle, 5 * M, 10 * M, 55 * M, [3600], at), 51.36363636363637);
    near(run('predict_linear', resetMiddle, 5 * M, 70 * M, 55 * M, [3600], at), 89.54545454545455);
    const inf = [-Infinity, ...seq(0, 80, 10), Infinity];
    near(run('predict_linear', inf, 5 * M, 100 * M, 100 * M, [6000]), NaN);
  });
  it('2.42 gives the same fits (closed window)', () => {
    const v = { version: 'v2.42' as const };
    near(run('predict_linear', resetMiddle, 5 * M, 50 * M, 100 * M, [3600], v), 76.81818181818181);
    near(run('predict_linear', resetMiddle, 5 * M, 10 * M, 100 * M, [3600], { ...v, atMs: 3000 * S }), 51.36363636363637);
    near(run('deriv', resetMiddle, 5 * M, 50 * M, 100 * M, [], v), 0.010606060606060607);
  });
});

describe('double_exponential_smoothing / holt_winters', () => {
  const params = [0.01, 0.1];
  const at = 8000 * S;
  it('follows linear trends', () => {
    near(run('double_exponential_smoothing', [...seq(0, 10, 1000), ...seq(100, 30, 1000)], 10 * S, at, M, params), 8000, 1e-9);
    near(run('double_exponential_smoothing', seq(0, 40, 2000), 10 * S, at, M, params), 32000, 1e-9);
    near(run('double_exponential_smoothing', seq(8000, -10, 1000), 10 * S, at, M, params), 0, 1e-9);
    near(run('holt_winters', seq(0, -20, 1000), 10 * S, at, M, params, { version: 'v2.42' }), -16000, 1e-9);
  });
  it('needs two samples', () => {
    assert.equal(run('double_exponential_smoothing', [1], 10 * S, 0, M, params), undefined);
  });
  it('uses the raw first difference as the first trend', () => {
    // s = 0, b = 2 → s = 0.5·2 + 0.5·(0 + 2) = 2 → b = 0.5·(2 − 0) + 0.5·2 = 2, s = 0.5·3 + 0.5·(2 + 2) = 3.5
    near(run('double_exponential_smoothing', [0, 2, 3], 10 * S, 20 * S, M, [0.5, 0.5]), 3.5);
  });
});

describe('*_over_time', () => {
  const step = 10 * S;
  it('avg_over_time handles infinities, overflow and cancellation (3.x)', () => {
    const avg = (vals: number[], evalMs = 55 * S, rangeMs = M) => run('avg_over_time', vals, step, evalMs, rangeMs);
    assert.equal(avg([1, 2, 3, 4, 5], 55 * S, 10 * S), undefined);
    near(avg([1, 2, 3, 4, 5], 55 * S, 20 * S), 5);
    near(avg([1, 2, 3, 4, 5]), 3);
    near(avg([1, 2, 3, 4, Infinity]), Infinity);
    near(avg([1, 2, 3, Infinity, -Infinity]), NaN);
    near(avg([Infinity, 0, Infinity]), Infinity);
    near(avg([-Infinity, 0, -Infinity]), -Infinity);
    near(avg([1, 2, -Infinity, -Infinity, Infinity]), NaN);
    near(avg([9.988465674311579e307, 9.988465674311579e307]), 9.988465674311579e307);
    near(avg([-9.988465674311579e307, -9.988465674311579e307, -9.988465674311579e307]), -9.988465674311579e307);
    near(avg([-9.988465674311579e307, 9.988465674311579e307]), 0);
    near(avg([1, 2, 3, NaN, NaN], 20 * S), 2);
    near(avg([1, 2, 3, NaN, NaN], 30 * S), NaN);
    near(avg([1, 1e100, 1, -1e100], M, 2 * M), 0.5);
  });
  it('avg_over_time matches the extreme-value cases (3.x)', () => {
    const avg = (vals: number[]) => run('avg_over_time', vals, 5 * S, 55 * S, M);
    near(avg([1e10, 1e-6, 1e-6, 1e-6, 1e-6, 1e-6]), 1.6666666666666675e9);
    near(avg([5.30921651659898, 0.961118537914768, 1.62091361305318, 0.865089463758091, 0.323055185914577, 0.951811357687154]), 1.67186744582113);
    near(avg([1.78264e50, 0.76342771, 1.9592258, 7.69805412, 458.90154]), 3.56528e49);
    near(avg([1.78264e50, 0.76342771, 1.9592258, 2.258e220, 7.69805412, 458.90154]), 3.76333333333333e219);
    near(avg([-1.78264e215, 0.76342771, 1.9592258, 2.258e220, 7.69805412, 1.78264e215, -458.90154]), 3.225714285714286e219);
    const cancelling = [-2.258e220, -1.78264e219, 0.76342771, 1.9592258, 2.3757689e217, -2.3757689e217, 2.258e220, 7.69805412, 1.78264e219, -458.90154];
    assert.equal(avg(cancelling), 0);
    const fiftyTwo = Array<number>(101).fill(52);
    for (const r of [100, 110, 120, 130]) assert.equal(run('avg_over_time', fiftyTwo, step, 10 * M, r * S), 52);
  });
  it('avg_over_time in 2.42 is a compensated incremental mean', () => {
    const v = { version: 'v2.42' as const };
    near(run('avg_over_time', [1, 2, 3, 4, 5], step, 55 * S, M, [], v), 3);
    near(run('avg_over_time', [Infinity, 0, Infinity], step, 55 * S, M, [], v), Infinity);
    near(run('avg_over_time', [1, 2, 3, Infinity, -Infinity], step, 55 * S, M, [], v), NaN);
    // The running mean 1, 1.5, 2 picks up no compensation error here.
    assert.equal(run('avg_over_time', [1, 2, 3], step, 20 * S, M, [], v), 2);
  });
  it('sum_over_time is compensated', () => {
    near(run('sum_over_time', [1, 1e100, 1, -1e100], step, M, 2 * M), 2);
    const dense = Array<number>(4001).fill(1);
    for (const r of [1000, 1001, 2003, 3003]) assert.equal(run('sum_over_time', dense, 1, 4 * S, r), r);
    near(run('sum_over_time', [1, 2, 3, 4, Infinity], step, 55 * S, M), Infinity);
  });
  it('stdvar/stddev_over_time', () => {
    near(run('stdvar_over_time', [0, 8, 8, 2, 3], step, M, 2 * M), 10.56);
    near(run('stddev_over_time', [0, 8, 8, 2, 3], step, M, 2 * M), 3.249615, 1e-6);
    const c = 1.5990505637277868;
    assert.equal(run('stdvar_over_time', [c, c, c], step, 55 * S, M), 0);
    assert.equal(run('stddev_over_time', [c, c, c], step, 55 * S, M, [], { version: 'v2.42' }), 0);
  });
  it('mad_over_time', () => {
    near(run('mad_over_time', [4, 6, 2, 1, 999, 1, 2], step, 70 * S, 70 * S), 1);
    near(run('mad_over_time', [1, 2, 3, 4, 5], step, 40 * S, 50 * S), 1);
    near(run('mad_over_time', [7, 7, 7, 7, 7], step, 40 * S, 50 * S), 0);
    near(run('mad_over_time', [5], step, 0, 10 * S), 0);
    near(run('mad_over_time', [1, 2, NaN, 4], step, 30 * S, 40 * S), NaN);
  });
  it('min/max_over_time let any number beat NaN', () => {
    const series = [[2, 0, 3], [2, 0, NaN], [2, NaN, 1], [NaN, 0, 1], [NaN, NaN, NaN]];
    const mins = series.map((s) => run('min_over_time', s, step, M, 2 * M));
    const maxs = series.map((s) => run('max_over_time', s, step, M, 2 * M));
    [0, 0, 1, 0, NaN].forEach((e, i) => near(mins[i], e));
    [3, 2, 2, 1, NaN].forEach((e, i) => near(maxs[i], e));
    near(run('min_over_time', [undefined, 5, 2, undefined, 4], step, M, 2 * M), 2);
  });
  it('first/last/count/present_over_time', () => {
    const series = [[2, 0, 3], [2, 0, NaN], [NaN, 0, 1]];
    [3, NaN, 1].forEach((e, i) => near(run('last_over_time', series[i]!, step, M, 2 * M), e));
    [2, 2, NaN].forEach((e, i) => near(run('first_over_time', series[i]!, step, M, 2 * M), e));
    assert.equal(run('count_over_time', [undefined, 5, 2, undefined, 4], step, M, 2 * M), 3);
    assert.equal(run('present_over_time', [NaN], M, 0, 30 * S), 1);
  });
  it('ts_of_* return seconds, preferring the latest extreme', () => {
    const odd = 10 * S + 53;
    near(run('ts_of_min_over_time', [1, 2, 3, 0, 5, 6, 2, 1, 4], odd, 90 * S, 90 * S), 30.159);
    near(run('ts_of_max_over_time', [1, 2, 3, 0, 5, 6, 2, 1, 4], odd, 90 * S, 90 * S), 50.265);
    near(run('ts_of_max_over_time', [3, 1, 3], step, 20 * S, M), 20);
    near(run('ts_of_last_over_time', [1, 2, 3, undefined, undefined], odd, 95 * S, 90 * S), 20.106);
    near(run('ts_of_first_over_time', [undefined, undefined, 1, 2, 3], odd, 95 * S, 90 * S), 20.106);
  });
  it('quantile_over_time interpolates between ranks', () => {
    const data = [[0, 1], [0, 1, 2], [0, 1, 4]];
    const cases: [number, number[]][] = [
      [0, [0, 0, 0]],
      [0.5, [0.5, 1, 1]],
      [0.75, [0.75, 1.5, 2.5]],
      [0.8, [0.8, 1.6, 2.8]],
      [1, [1, 2, 4]],
      [-1, [-Infinity, -Infinity, -Infinity]],
      [2, [Infinity, Infinity, Infinity]],
    ];
    for (const [q, expected] of cases) {
      expected.forEach((e, i) => near(run('quantile_over_time', data[i]!, step, M, 2 * M, [q]), e));
    }
    near(run('quantile_over_time', [0, 1], step, M, 2 * M, [NaN]), NaN);
  });
  it('quantile_over_time does not disturb the series buffer', () => {
    const w = windowAt([3, 1, 2], step, 20 * S, M)!;
    rangeKernels.get('quantile_over_time')!(w, [0.5]);
    assert.deepEqual([...w.vals], [3, 1, 2]);
  });
});
