import type { Labels } from '../../../model/index.js';
import { METRIC_NAME_LABEL, xxhash64 } from '../../../model/index.js';
import type { AggregateExpr } from '../parser/index.js';
import { quantile } from '../functions/index.js';
import type { EvalContext } from './eval-context.js';
import { deleteLabels, keepLabels, setLabel, signature } from './label-ops.js';
import { formatFloatF, formatFloatG } from '../parser/index.js';
import { OutputAssembler } from './output-assembler.js';
import { PromqlError } from '../parser/index.js';
import type { ScalarSteps, StepSeries, VectorSteps } from './step-values.js';
import { newStepSeries } from './step-values.js';

interface Grouping {
  /** Group index of each input series. */
  readonly groupOf: Int32Array;
  /** Output labels of each group (for the value-producing aggregations). */
  readonly groupLabels: Labels[];
}

function groupSeries(series: readonly StepSeries[], e: AggregateExpr, extra?: string): Grouping {
  const names = new Set(e.grouping);
  if (extra !== undefined && !e.without) names.add(extra);
  const withoutNames = new Set([...e.grouping, METRIC_NAME_LABEL]);
  const index = new Map<string, number>();
  const groupLabels: Labels[] = [];
  const groupOf = new Int32Array(series.length);
  series.forEach((s, i) => {
    const key = e.without ? signature(s.labels, false, names) : signature(s.labels, true, names);
    let g = index.get(key);
    if (g === undefined) {
      g = groupLabels.length;
      index.set(key, g);
      groupLabels.push(e.without ? deleteLabels(s.labels, withoutNames) : keepLabels(s.labels, names));
    }
    groupOf[i] = g;
  });
  return { groupOf, groupLabels };
}

/** sum, avg, min, max, count, group, stddev, stdvar, quantile. */
export function aggregateValues(ctx: EvalContext, e: AggregateExpr, input: VectorSteps, param: ScalarSteps | undefined, steps: number): VectorSteps {
  const { groupOf, groupLabels } = groupSeries(input.series, e);
  const n = groupLabels.length;
  const out = groupLabels.map((l) => newStepSeries(l, steps, false));
  const seenAt = new Int32Array(n).fill(-1);
  const value = new Float64Array(n);
  const mean = new Float64Array(n);
  const comp = new Float64Array(n);
  const count = new Float64Array(n);
  const incremental = new Uint8Array(n);
  const dropName = new Uint8Array(n);
  const buckets: number[][] = e.op === 'quantile' ? Array.from({ length: n }, () => []) : [];
  const v3 = ctx.v3;
  const op = e.op;
  if (op === 'quantile' && param !== undefined) warnBadQuantiles(ctx, e, param);

  for (let i = 0; i < steps; i++) {
    ctx.checkAbort();
    for (let si = 0; si < input.series.length; si++) {
      const s = input.series[si] as StepSeries;
      if (s.present[i] !== 1) continue;
      const f = s.values[i] as number;
      const g = groupOf[si] as number;
      if (seenAt[g] !== i) {
        seenAt[g] = i;
        value[g] = f;
        mean[g] = f;
        comp[g] = 0;
        count[g] = 1;
        incremental[g] = 0;
        dropName[g] = s.dropName ? 1 : 0;
        if (op === 'stddev' || op === 'stdvar') value[g] = v3 && !Number.isFinite(f) ? NaN : 0;
        else if (op === 'group') value[g] = 1;
        else if (op === 'quantile') (buckets[g] as number[]).length = 0;
        if (op === 'quantile') (buckets[g] as number[]).push(f);
        continue;
      }
      if (s.dropName) dropName[g] = 1;
      switch (op) {
        case 'sum':
          if (v3) kahanAdd(value, comp, g, f);
          else value[g] = (value[g] as number) + f;
          break;
        case 'avg':
          count[g] = (count[g] as number) + 1;
          if (v3) avgAddV3(value, mean, comp, count, incremental, g, f);
          else avgAddV2(mean, count, g, f);
          break;
        case 'max':
          if ((value[g] as number) < f || Number.isNaN(value[g])) value[g] = f;
          break;
        case 'min':
          if ((value[g] as number) > f || Number.isNaN(value[g])) value[g] = f;
          break;
        case 'count':
          count[g] = (count[g] as number) + 1;
          break;
        case 'stddev':
        case 'stdvar': {
          count[g] = (count[g] as number) + 1;
          const delta = f - (mean[g] as number);
          mean[g] = (mean[g] as number) + delta / (count[g] as number);
          value[g] = (value[g] as number) + delta * (f - (mean[g] as number));
          break;
        }
        case 'quantile':
          (buckets[g] as number[]).push(f);
          break;
        default:
          break;
      }
    }
    for (let g = 0; g < n; g++) {
      if (seenAt[g] !== i) continue;
      let result = value[g] as number;
      switch (op) {
        case 'avg':
          if (!v3) result = mean[g] as number;
          else if (incremental[g] === 1) result = (mean[g] as number) + (comp[g] as number);
          else result = (value[g] as number) / (count[g] as number) + (comp[g] as number) / (count[g] as number);
          break;
        case 'sum':
          if (v3) result = (value[g] as number) + (comp[g] as number);
          break;
        case 'count':
          result = count[g] as number;
          break;
        case 'stdvar':
          result = (value[g] as number) / (count[g] as number);
          break;
        case 'stddev':
          result = Math.sqrt((value[g] as number) / (count[g] as number));
          break;
        case 'quantile':
          result = quantile(param?.values[i] ?? NaN, buckets[g] as number[]);
          break;
        default:
          break;
      }
      const o = out[g] as StepSeries;
      o.values[i] = result;
      o.present[i] = 1;
      o.dropName = dropName[g] === 1;
      ctx.addSamples(1);
    }
  }
  return { kind: 'vector', series: out.filter((s) => s.present.includes(1)) };
}

/** Neumaier-compensated `sum += f` on slot g, as Prometheus's kahansum.Inc (the compensation resets on overflow). */
function kahanAdd(sum: Float64Array, c: Float64Array, g: number, f: number): void {
  const s = sum[g] as number;
  const t = s + f;
  if (t === Infinity || t === -Infinity) c[g] = 0;
  else if (Math.abs(s) >= Math.abs(f)) c[g] = (c[g] as number) + (s - t + f);
  else c[g] = (c[g] as number) + (f - t + s);
  sum[g] = t;
}

/** Prometheus 3: a compensated sum, switching to an incremental mean only if the sum overflows. */
function avgAddV3(sum: Float64Array, mean: Float64Array, c: Float64Array, count: Float64Array, incremental: Uint8Array, g: number, f: number): void {
  const n = count[g] as number;
  if (incremental[g] === 0) {
    const prevSum = sum[g] as number;
    const prevC = c[g] as number;
    kahanAdd(sum, c, g, f);
    const t = sum[g] as number;
    if (t !== Infinity && t !== -Infinity) return;
    sum[g] = prevSum;
    incremental[g] = 1;
    mean[g] = prevSum / (n - 1);
    c[g] = prevC / (n - 1);
  }
  const q = (n - 1) / n;
  mean[g] = q * (mean[g] as number);
  c[g] = q * (c[g] as number);
  kahanAdd(mean, c, g, f / n);
}

/** Prometheus 2.x: an incremental mean that tolerates infinities. */
function avgAddV2(mean: Float64Array, count: Float64Array, g: number, f: number): void {
  const m = mean[g] as number;
  if (!Number.isFinite(m) && !Number.isNaN(m)) {
    if (!Number.isFinite(f) && !Number.isNaN(f) && m > 0 === f > 0) return;
    if (Number.isFinite(f)) return;
  }
  const n = count[g] as number;
  mean[g] = m + (f / n - m / n);
}

function warnBadQuantiles(ctx: EvalContext, e: AggregateExpr, param: ScalarSteps): void {
  for (const q of param.values) {
    if (Number.isNaN(q) || q < 0 || q > 1) {
      ctx.annotations.warn(`quantile value should be between 0 and 1, got ${formatFloatG(q)}`, e.param?.pos);
    }
  }
}

/** count_values: one output series per distinct value, labelled with it. */
export function countValues(ctx: EvalContext, e: AggregateExpr, input: VectorSteps, labelName: string, steps: number): VectorSteps {
  const out = new OutputAssembler(ctx, steps);
  const names = new Set(e.grouping);
  const withoutNames = new Set([...e.grouping, METRIC_NAME_LABEL, labelName]);
  const base = input.series.map((s) => (e.without ? deleteLabels(s.labels, withoutNames) : keepLabels(s.labels, names)));
  for (let i = 0; i < steps; i++) {
    const counts = new Map<string, { labels: Labels; n: number }>();
    input.series.forEach((s, si) => {
      if (s.present[i] !== 1) return;
      const labels = setLabel(base[si] as Labels, labelName, formatFloatF(s.values[i] as number));
      const key = JSON.stringify(labels);
      const c = counts.get(key);
      if (c === undefined) counts.set(key, { labels, n: 1 });
      else c.n++;
    });
    for (const { labels, n } of counts.values()) out.set(out.slot(labels, false), i, n);
  }
  return { kind: 'vector', series: out.result() };
}

/**
 * limit_ratio's per-series sampling offset in [0, 1]: Prometheus's label hash (XXH64 over
 * name, 0xff, value, 0xff for each label) divided by the largest uint64.
 */
function ratioOffset(s: StepSeries): number {
  const parts: number[] = [];
  const enc = new TextEncoder();
  for (const l of s.labels) {
    parts.push(...enc.encode(l.name), 0xff, ...enc.encode(l.value), 0xff);
  }
  return Number(xxhash64(Uint8Array.from(parts))) / 2 ** 64;
}

/** limit_ratio(r, v): a stable, hash-chosen share of the series; negative r takes the complement. */
export function limitRatio(ctx: EvalContext, e: AggregateExpr, input: VectorSteps, param: ScalarSteps, steps: number): VectorSteps {
  const values = param.values;
  if (values.every((r) => r === 0)) return { kind: 'vector', series: [] };
  if (values.some(Number.isNaN)) throw new PromqlError('execution', 'Ratio value is NaN');
  const max = Math.max(...values);
  const min = Math.min(...values);
  if (max > 1) ctx.annotations.warn(`ratio value should be between -1 and 1, got ${formatFloatG(max)}, capping to 1`, e.param?.pos);
  if (min < -1) ctx.annotations.warn(`ratio value should be between -1 and 1, got ${formatFloatG(min)}, capping to -1`, e.param?.pos);
  const out = new OutputAssembler(ctx, steps);
  const offsets = input.series.map(ratioOffset);
  input.series.forEach((s, si) => {
    const offset = offsets[si] as number;
    let slot: StepSeries | undefined;
    for (let i = 0; i < steps; i++) {
      if (s.present[i] !== 1) continue;
      const r = Math.max(-1, Math.min(1, values[i] as number));
      if (r === 0) continue;
      const keep = r >= 0 ? offset < r : offset >= 1 + r;
      if (!keep) continue;
      slot ??= out.slot(s.labels, s.dropName);
      out.set(slot, i, s.values[i] as number);
    }
  });
  return { kind: 'vector', series: out.result() };
}

/** 2^63: int64 bounds as float64 compares them. */
const INT64_LIMIT = 2 ** 63;

/** topk, bottomk, limitk: the selected input series keep their labels. */
export function aggregateK(ctx: EvalContext, e: AggregateExpr, input: VectorSteps, param: ScalarSteps, steps: number): { result: VectorSteps; instantOrder: StepSeries[] } {
  const { groupOf, groupLabels } = groupSeries(input.series, e);
  if (param.values.some(Number.isNaN)) throw new PromqlError('execution', 'Parameter value is NaN');
  let max = -Infinity;
  for (const k of param.values) if (k > max) max = k;
  // Prometheus returns nothing, before the range checks, when no step asks for a series.
  if (max < 1) return { result: { kind: 'vector', series: [] }, instantOrder: [] };
  for (const k of param.values) {
    if (k <= -INT64_LIMIT) throw new PromqlError('execution', `Scalar value ${formatFloatG(k)} underflows int64`);
    if (k >= INT64_LIMIT) throw new PromqlError('execution', `Scalar value ${formatFloatG(k)} overflows int64`);
  }
  const out = new OutputAssembler(ctx, steps);
  const slots = input.series.map((s) => out.slot(s.labels, s.dropName));
  const members: number[][] = groupLabels.map(() => []);
  const instantOrder: StepSeries[] = [];
  const top = e.op === 'topk';
  for (let i = 0; i < steps; i++) {
    ctx.checkAbort();
    const k = Math.trunc(param.values[i] as number);
    if (k < 1) continue;
    for (const m of members) m.length = 0;
    input.series.forEach((s, si) => {
      if (s.present[i] === 1) (members[groupOf[si] as number] as number[]).push(si);
    });
    for (const m of members) {
      if (m.length === 0) continue;
      let chosen: number[];
      if (e.op === 'limitk') {
        chosen = m.slice(0, k);
      } else {
        const val = (si: number): number => (input.series[si] as StepSeries).values[i] as number;
        chosen = [...m].sort((a, b) => {
          const va = val(a);
          const vb = val(b);
          if (Number.isNaN(va)) return Number.isNaN(vb) ? 0 : 1;
          if (Number.isNaN(vb)) return -1;
          return top ? vb - va : va - vb;
        });
        chosen = chosen.slice(0, k);
      }
      for (const si of chosen) {
        const s = input.series[si] as StepSeries;
        out.set(slots[si] as StepSeries, i, s.values[i] as number);
        if (steps === 1) instantOrder.push(slots[si] as StepSeries);
      }
    }
  }
  return { result: { kind: 'vector', series: out.result() }, instantOrder };
}
