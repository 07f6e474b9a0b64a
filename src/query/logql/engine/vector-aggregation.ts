import type { Label, Labels } from '../../../model/index.js';
import { compareLabels, labelsKey } from '../../../model/index.js';
import type { Grouping, VectorAggregation } from '../parser/index.js';
import type { EvalContext } from './eval-context.js';
import { ABORT_CHECK_INTERVAL } from './eval-context.js';
import type { StepVectors } from './step-vectors.js';
import { StepVectorsBuilder } from './step-vectors.js';

/** The labels a series keeps under `by (...)` (only those) or `without (...)` (all but those). */
export function groupLabels(labels: Labels, grouping: Grouping): Labels {
  if (grouping.without) return labels.filter((l) => !grouping.labels.includes(l.name));
  const out: Label[] = [];
  for (const l of labels) if (grouping.labels.includes(l.name)) out.push(l);
  return out;
}

/**
 * `sum avg min max count stddev stdvar topk bottomk sort sort_desc`, step by step, as Loki
 * computes them: avg as a running mean (keeping an infinite mean unless an opposite infinity
 * or NaN arrives), stddev/stdvar as population figures (Welford), min/max replacing a NaN,
 * topk/bottomk/sort ordering NaN last and keeping the input series' labels.
 */
export function evalVectorAggregation(node: VectorAggregation, input: StepVectors, ctx: EvalContext): StepVectors {
  const groupOf = new Int32Array(input.labels.length);
  const groupLabelSets: Labels[] = [];
  const groupIndex = new Map<string, number>();
  input.labels.forEach((labels, s) => {
    const kept = groupLabels(labels, node.grouping);
    const key = labelsKey(kept);
    let g = groupIndex.get(key);
    if (g === undefined) {
      g = groupLabelSets.length;
      groupLabelSets.push(kept);
      groupIndex.set(key, g);
    }
    groupOf[s] = g;
  });
  const out = new StepVectorsBuilder(input.steps, ctx.budget);
  if (node.op === 'topk' || node.op === 'bottomk' || node.op === 'sort' || node.op === 'sort_desc') {
    selectByValue(node, input, groupOf, groupLabelSets.length, out);
  } else {
    const outSeries = groupLabelSets.map((l) => out.intern(l));
    accumulate(node.op, input, groupOf, groupLabelSets.length, outSeries, out, ctx);
  }
  return out.build();
}

type Accumulating = 'sum' | 'avg' | 'min' | 'max' | 'count' | 'stddev' | 'stdvar';

function accumulate(op: Accumulating, input: StepVectors, groupOf: Int32Array, groups: number, outSeries: number[], out: StepVectorsBuilder, ctx: EvalContext): void {
  const value = new Float64Array(groups);
  const mean = new Float64Array(groups);
  const count = new Float64Array(groups);
  const touched: number[] = [];
  for (let step = 0; step < input.steps; step++) {
    if (step % ABORT_CHECK_INTERVAL === 0) ctx.signal.throwIfAborted();
    touched.length = 0;
    for (let p = input.offsets[step] as number; p < (input.offsets[step + 1] as number); p++) {
      const g = groupOf[input.series[p] as number] as number;
      const v = input.values[p] as number;
      if (count[g] === 0) {
        touched.push(g);
        count[g] = 1;
        value[g] = op === 'stddev' || op === 'stdvar' ? 0 : v;
        mean[g] = v;
        continue;
      }
      const n = (count[g] = (count[g] as number) + 1);
      switch (op) {
        case 'sum':
          value[g] = (value[g] as number) + v;
          break;
        case 'avg':
          mean[g] = runningMean(mean[g] as number, v, n);
          break;
        case 'max':
          if ((value[g] as number) < v || Number.isNaN(value[g])) value[g] = v;
          break;
        case 'min':
          if ((value[g] as number) > v || Number.isNaN(value[g])) value[g] = v;
          break;
        case 'count':
          break;
        case 'stddev':
        case 'stdvar': {
          const delta = v - (mean[g] as number);
          mean[g] = (mean[g] as number) + delta / n;
          value[g] = (value[g] as number) + delta * (v - (mean[g] as number));
          break;
        }
      }
    }
    touched.sort((a, b) => a - b);
    for (const g of touched) {
      const n = count[g] as number;
      let v = value[g] as number;
      if (op === 'avg') v = mean[g] as number;
      else if (op === 'count') v = n;
      else if (op === 'stdvar') v = v / n;
      else if (op === 'stddev') v = Math.sqrt(v / n);
      out.add(step, outSeries[g] as number, v);
      count[g] = 0;
    }
  }
}

/** Loki's running mean, which an infinity survives unless the opposite infinity or a NaN arrives. */
function runningMean(mean: number, v: number, n: number): number {
  if (!Number.isFinite(mean) && !Number.isNaN(mean)) {
    if (!Number.isFinite(v) && !Number.isNaN(v) && mean > 0 === v > 0) return mean;
    if (Number.isFinite(v)) return mean;
  }
  return mean + (v - mean) / n;
}

/** topk/bottomk keep k points per group and step; sort/sort_desc keep all, ordered by value. */
function selectByValue(node: VectorAggregation, input: StepVectors, groupOf: Int32Array, groups: number, out: StepVectorsBuilder): void {
  const outSeries = input.labels.map((l) => out.intern(l));
  const descending = node.op === 'topk' || node.op === 'sort_desc';
  const limit = node.param ?? Infinity;
  const members: number[][] = Array.from({ length: groups }, () => []);
  const byValue = (a: number, b: number): number => {
    const va = input.values[a] as number;
    const vb = input.values[b] as number;
    if (Number.isNaN(va) || Number.isNaN(vb)) return Number.isNaN(va) ? (Number.isNaN(vb) ? 0 : 1) : -1;
    const diff = descending ? vb - va : va - vb;
    return diff !== 0 ? diff : compareLabels(input.labels[input.series[a] as number] as Labels, input.labels[input.series[b] as number] as Labels);
  };
  for (let step = 0; step < input.steps; step++) {
    const used: number[] = [];
    for (let p = input.offsets[step] as number; p < (input.offsets[step + 1] as number); p++) {
      const g = groupOf[input.series[p] as number] as number;
      const list = members[g] as number[];
      if (list.length === 0) used.push(g);
      list.push(p);
    }
    used.sort((a, b) => a - b);
    for (const g of used) {
      const list = (members[g] as number[]).sort(byValue);
      for (let i = 0; i < list.length && i < limit; i++) {
        const p = list[i] as number;
        out.add(step, outSeries[input.series[p] as number] as number, input.values[p] as number);
      }
      list.length = 0;
    }
  }
}
