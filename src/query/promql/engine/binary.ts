import type { Labels } from '../../../model/index.js';
import type { BinaryExpr, BinaryOp, VectorMatching } from '../parser/index.js';
import type { EvalContext } from './eval-context.js';
import { deleteLabels, dropMetricName, formatLabels, keepLabels, setLabel, signature } from './label-ops.js';
import { OutputAssembler } from './output-assembler.js';
import { PromqlError } from '../parser/index.js';
import type { ScalarSteps, StepSeries, VectorSteps } from './step-values.js';

const ARITHMETIC = new Set<BinaryOp>(['+', '-', '*', '/', '%', '^', 'atan2']);
const COMPARISON = new Set<BinaryOp>(['==', '!=', '>', '<', '>=', '<=']);

/** Arithmetic drops the metric name; Prometheus 2.x did not count atan2 as arithmetic there. */
function dropsNameFor(op: BinaryOp, v3: boolean): boolean {
  return ARITHMETIC.has(op) && (v3 || op !== 'atan2');
}

export function isComparison(op: BinaryOp): boolean {
  return COMPARISON.has(op);
}

/** Go's math.Mod: the result has the sign of the dividend, like JS `%`. */
function arithmetic(op: BinaryOp, l: number, r: number): number {
  switch (op) {
    case '+':
      return l + r;
    case '-':
      return l - r;
    case '*':
      return l * r;
    case '/':
      return l / r;
    case '%':
      return l % r;
    case '^':
      return goPow(l, r);
    case 'atan2':
      return Math.atan2(l, r);
    default:
      return compare(op, l, r) ? 1 : 0;
  }
}

/** Go's math.Pow differs from JS's for 1^±Inf and (-1)^±Inf (1 in Go, NaN in JS). */
function goPow(x: number, y: number): number {
  if ((x === 1 || x === -1) && !Number.isFinite(y) && !Number.isNaN(y)) return 1;
  if (x === 1) return 1;
  return Math.pow(x, y);
}

function compare(op: BinaryOp, l: number, r: number): boolean {
  switch (op) {
    case '==':
      return l === r;
    case '!=':
      return l !== r;
    case '>':
      return l > r;
    case '<':
      return l < r;
    case '>=':
      return l >= r;
    case '<=':
      return l <= r;
    default:
      return false;
  }
}

export function scalarScalar(op: BinaryOp, lhs: ScalarSteps, rhs: ScalarSteps): ScalarSteps {
  const out = new Float64Array(lhs.values.length);
  for (let i = 0; i < out.length; i++) out[i] = arithmetic(op, lhs.values[i] as number, rhs.values[i] as number);
  return { kind: 'scalar', values: out };
}

/** `vector op scalar` or `scalar op vector` (`scalarOnLeft`). */
export function vectorScalar(
  ctx: EvalContext,
  e: BinaryExpr,
  vec: VectorSteps,
  scalar: ScalarSteps,
  scalarOnLeft: boolean,
  steps: number,
): VectorSteps {
  const op = e.op;
  const cmp = COMPARISON.has(op);
  const dropsName = dropsNameFor(op, ctx.v3) || e.returnBool;
  const out = new OutputAssembler(ctx, steps);
  for (const s of vec.series) {
    ctx.checkAbort();
    const labels = dropsName && !ctx.v3 ? dropMetricName(s.labels) : s.labels;
    let slot: StepSeries | undefined;
    for (let i = 0; i < steps; i++) {
      if (s.present[i] !== 1) continue;
      const v = s.values[i] as number;
      const sv = scalar.values[i] as number;
      const l = scalarOnLeft ? sv : v;
      const r = scalarOnLeft ? v : sv;
      let value: number;
      if (cmp) {
        const keep = compare(op, l, r);
        if (e.returnBool) value = keep ? 1 : 0;
        else if (keep) value = v;
        else continue;
      } else {
        value = arithmetic(op, l, r);
      }
      slot ??= out.slot(labels, s.dropName || (dropsName && ctx.v3));
      out.set(slot, i, value);
    }
  }
  return { kind: 'vector', series: out.result() };
}

/** Per-series matching signatures, numbered so per-step lookups index typed arrays. */
function signatureOrdinals(
  lhs: readonly StepSeries[],
  rhs: readonly StepSeries[],
  m: VectorMatching,
): { lhsSig: Int32Array; rhsSig: Int32Array; count: number } {
  const names = new Set(m.labels);
  const ordinals = new Map<string, number>();
  const number = (series: readonly StepSeries[]): Int32Array => {
    const out = new Int32Array(series.length);
    series.forEach((s, i) => {
      const sig = signature(s.labels, m.on, names);
      let ord = ordinals.get(sig);
      if (ord === undefined) {
        ord = ordinals.size;
        ordinals.set(sig, ord);
      }
      out[i] = ord;
    });
    return out;
  };
  const lhsSig = number(lhs);
  const rhsSig = number(rhs);
  return { lhsSig, rhsSig, count: ordinals.size };
}

/** `and`, `or`, `unless`: many-to-many, values and labels pass through unchanged. */
export function setOperation(ctx: EvalContext, e: BinaryExpr, lhs: VectorSteps, rhs: VectorSteps, steps: number): VectorSteps {
  const m = e.matching as VectorMatching;
  const { lhsSig, rhsSig, count } = signatureOrdinals(lhs.series, rhs.series, m);
  const out = new OutputAssembler(ctx, steps);
  const lhsSlots = lhs.series.map((s) => out.slot(s.labels, s.dropName));
  const rhsSlots = e.op === 'or' ? rhs.series.map((s) => out.slot(s.labels, s.dropName)) : [];
  const seenAt = new Int32Array(count).fill(-1);
  for (let i = 0; i < steps; i++) {
    ctx.checkAbort();
    const marker = (side: readonly StepSeries[], sigs: Int32Array): void => {
      side.forEach((s, j) => {
        if (s.present[i] === 1) seenAt[sigs[j] as number] = i;
      });
    };
    if (e.op === 'or') {
      marker(lhs.series, lhsSig);
      lhs.series.forEach((s, j) => {
        if (s.present[i] === 1) out.set(lhsSlots[j] as StepSeries, i, s.values[i] as number);
      });
      rhs.series.forEach((s, j) => {
        if (s.present[i] === 1 && seenAt[rhsSig[j] as number] !== i) out.set(rhsSlots[j] as StepSeries, i, s.values[i] as number);
      });
      continue;
    }
    marker(rhs.series, rhsSig);
    const keepMatched = e.op === 'and';
    lhs.series.forEach((s, j) => {
      if (s.present[i] !== 1) return;
      const matched = seenAt[lhsSig[j] as number] === i;
      if (matched === keepMatched) out.set(lhsSlots[j] as StepSeries, i, s.values[i] as number);
    });
  }
  return { kind: 'vector', series: out.result() };
}

/** Arithmetic and comparison between two vectors with one-to-one or group_left/right matching. */
export function vectorVector(ctx: EvalContext, e: BinaryExpr, lhsIn: VectorSteps, rhsIn: VectorSteps, steps: number): VectorSteps {
  const m = e.matching as VectorMatching;
  const swap = m.card === 'one-to-many';
  // After the swap, `many` is the side whose labels the result keeps and `one` the side that must be unique.
  const many = swap ? rhsIn.series : lhsIn.series;
  const one = swap ? lhsIn.series : rhsIn.series;
  const { lhsSig: manySig, rhsSig: oneSig, count } = signatureOrdinals(many, one, m);
  // Prometheus does not swap the fill values with the sides: fill_right always stands in for
  // a missing `one`-side match, fill_left for an unmatched `one`-side series.
  const fillOne = m.fillRight;
  const fillMany = m.fillLeft;
  const op = e.op;
  const cmp = COMPARISON.has(op);
  const dropName = dropsNameFor(op, ctx.v3) || (e.returnBool && !ctx.v3);
  const matchNames = new Set(m.labels);
  const out = new OutputAssembler(ctx, steps);
  const resultCache = new Map<string, StepSeries>();

  const oneAt = new Int32Array(count).fill(-1);
  const oneIdx = new Int32Array(count);
  const matchedAt = new Int32Array(count).fill(-1);
  const matchedKeys: (Set<StepSeries> | undefined)[] = new Array<Set<StepSeries> | undefined>(count);

  // The pair (many-side series, one-side series) decides the result's labels; it rarely
  // changes between steps, so remember the last pair per many-side series before the map.
  const lastPartner = new Int32Array(many.length).fill(-2);
  const lastSlot: (StepSeries | undefined)[] = new Array<StepSeries | undefined>(many.length);
  const pairSlot = (j: number, k: number, manyLabels: Labels, oneLabels: Labels): StepSeries => {
    if (lastPartner[j] === k) return lastSlot[j] as StepSeries;
    const slot = resultSlot(manyLabels, oneLabels, `${j}:${k}`);
    lastPartner[j] = k;
    lastSlot[j] = slot;
    return slot;
  };
  const resultSlot = (manyLabels: Labels, oneLabels: Labels, cacheKey: string): StepSeries => {
    let slot = resultCache.get(cacheKey);
    if (slot === undefined) {
      let labels = dropName ? dropMetricName(manyLabels) : manyLabels;
      if (m.card === 'one-to-one') labels = m.on ? keepLabels(labels, matchNames) : deleteLabels(labels, matchNames);
      for (const name of m.include) labels = setLabel(labels, name, valueOf(oneLabels, name));
      slot = out.slot(labels, e.returnBool && ctx.v3);
      resultCache.set(cacheKey, slot);
    }
    return slot;
  };

  const apply = (i: number, manyV: number, oneV: number, sig: number, slot: StepSeries): void => {
    const l = swap ? oneV : manyV;
    const r = swap ? manyV : oneV;
    let value: number;
    let keep = true;
    if (cmp) {
      keep = compare(op, l, r);
      value = e.returnBool ? (keep ? 1 : 0) : l;
    } else {
      value = arithmetic(op, l, r);
    }
    if (m.card === 'one-to-one') {
      if (matchedAt[sig] === i) {
        throw new PromqlError('execution', 'multiple matches for labels: many-to-one matching must be explicit (group_left/group_right)');
      }
      matchedAt[sig] = i;
    } else {
      let seen = matchedKeys[sig];
      if (matchedAt[sig] !== i || seen === undefined) {
        seen = new Set();
        matchedKeys[sig] = seen;
        matchedAt[sig] = i;
      }
      if (seen.has(slot)) throw new PromqlError('execution', 'multiple matches for labels: grouping labels must ensure unique matches');
      seen.add(slot);
    }
    if (!keep && !e.returnBool) return;
    out.set(slot, i, value);
  };

  for (let i = 0; i < steps; i++) {
    ctx.checkAbort();
    for (let j = 0; j < one.length; j++) {
      const s = one[j] as StepSeries;
      if (s.present[i] !== 1) continue;
      const sig = oneSig[j] as number;
      if (oneAt[sig] === i) {
        const other = one[oneIdx[sig] as number] as StepSeries;
        let [a, b] = [formatLabels(s.labels), formatLabels(other.labels)];
        if (a > b) [a, b] = [b, a];
        const group = formatLabels(m.on ? keepLabels(s.labels, matchNames) : deleteLabels(dropMetricName(s.labels), matchNames));
        throw new PromqlError(
          'execution',
          `found duplicate series for the match group ${group} on the ${swap ? 'left' : 'right'} hand-side of the operation: [${a}, ${b}];many-to-many matching not allowed: matching labels must be unique on one side`,
        );
      }
      oneAt[sig] = i;
      oneIdx[sig] = j;
    }
    for (let j = 0; j < many.length; j++) {
      const s = many[j] as StepSeries;
      if (s.present[i] !== 1) continue;
      const sig = manySig[j] as number;
      if (oneAt[sig] === i) {
        const k = oneIdx[sig] as number;
        const o = one[k] as StepSeries;
        apply(i, s.values[i] as number, o.values[i] as number, sig, pairSlot(j, k, s.labels, o.labels));
      } else if (fillOne !== undefined) {
        const filler = m.on ? keepLabels(s.labels, matchNames) : deleteLabels(dropMetricName(s.labels), matchNames);
        apply(i, s.values[i] as number, fillOne, sig, pairSlot(j, -1, s.labels, filler));
      }
    }
    if (fillMany !== undefined) {
      for (let j = 0; j < one.length; j++) {
        const o = one[j] as StepSeries;
        if (o.present[i] !== 1 || oneIdx[oneSig[j] as number] !== j) continue;
        const sig = oneSig[j] as number;
        if (matchedAt[sig] === i) continue;
        const filler = m.on ? keepLabels(o.labels, matchNames) : deleteLabels(dropMetricName(o.labels), matchNames);
        apply(i, fillMany, o.values[i] as number, sig, resultSlot(filler, o.labels, `fill:${j}`));
      }
    }
  }
  return { kind: 'vector', series: out.result() };
}

function valueOf(labels: Labels, name: string): string {
  for (const l of labels) if (l.name === name) return l.value;
  return '';
}

