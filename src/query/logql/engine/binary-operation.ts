import type { Label, Labels } from '../../../model/index.js';
import { badInput, labelsKey, sortLabels } from '../../../model/index.js';
import type { BinaryExpr, BinaryOp, SetOp, VectorMatching } from '../parser/index.js';
import { arithmetic, compare, isComparisonOp, isSetOp } from '../parser/index.js';
import type { EvalContext } from './eval-context.js';
import type { StepVectors } from './step-vectors.js';
import { StepVectorsBuilder } from './step-vectors.js';

/**
 * A binary operation between a vector and a number, as Loki does it: the number meets every
 * point; a comparison keeps the point with the vector's value when it holds, or answers 0/1
 * with `bool`. Labels are kept.
 */
export function vectorScalar(op: BinaryOp, returnBool: boolean, vector: StepVectors, scalar: number, scalarOnLeft: boolean, ctx: EvalContext): StepVectors {
  const out = new StepVectorsBuilder(vector.steps, ctx.budget);
  const series = vector.labels.map((l) => out.intern(l));
  for (let step = 0; step < vector.steps; step++) {
    for (let p = vector.offsets[step] as number; p < (vector.offsets[step + 1] as number); p++) {
      const v = vector.values[p] as number;
      const [l, r] = scalarOnLeft ? [scalar, v] : [v, scalar];
      const value = merge(op, returnBool, l, r, v);
      if (value !== null) out.add(step, series[vector.series[p] as number] as number, value);
    }
  }
  return out.build();
}

/** The value of one matched pair, or null when a filtering comparison drops it. `kept` is the value a filter keeps. */
function merge(op: BinaryOp, returnBool: boolean, left: number, right: number, kept: number): number | null {
  if (isComparisonOp(op)) {
    const holds = compare(op, left, right);
    if (returnBool) return holds ? 1 : 0;
    return holds ? kept : null;
  }
  if (isSetOp(op)) throw new Error(`BUG: set operation ${op} between a vector and a number`);
  return arithmetic(op, left, right);
}

/**
 * A binary operation between two vectors, step by step, with Loki's matching rules: series
 * match on their labels reduced by `on`/`ignoring`; one-to-one unless `group_left`/`group_right`
 * says which side may have many; duplicates on the "one" side or ambiguous matches are errors
 * with Loki's messages. Set operations (and, or, unless) keep left series (and right ones for
 * `or`) by signature.
 */
export function vectorVector(node: BinaryExpr, left: StepVectors, right: StepVectors, ctx: EvalContext): StepVectors {
  const m = node.matching;
  const leftSig = left.labels.map((l) => labelsKey(matchingLabels(l, m)));
  const rightSig = right.labels.map((l) => labelsKey(matchingLabels(l, m)));
  const out = new StepVectorsBuilder(left.steps, ctx.budget);
  if (isSetOp(node.op)) {
    setOperation(node.op, left, right, leftSig, rightSig, out);
    return out.build();
  }
  const resultSeries = new Map<string, number>();
  const manyToOne = m.card !== 'one-to-one';
  // For group_right the right side is the "many" side: swap, match, and swap back to compute.
  const swapped = m.card === 'one-to-many';
  const [many, one, manySig, oneSig] = swapped ? [right, left, rightSig, leftSig] : [left, right, leftSig, rightSig];
  const oneAt = new Map<string, number>();
  const matched = new Map<string, Set<string> | null>();
  for (let step = 0; step < left.steps; step++) {
    ctx.signal.throwIfAborted();
    oneAt.clear();
    matched.clear();
    for (let p = one.offsets[step] as number; p < (one.offsets[step + 1] as number); p++) {
      const sig = oneSig[one.series[p] as number] as string;
      if (oneAt.has(sig)) {
        throw badInput(
          `found duplicate series on the ${swapped ? 'left' : 'right'} hand-side;many-to-many matching not allowed: matching labels must be unique on one side`,
        );
      }
      oneAt.set(sig, p);
    }
    for (let p = many.offsets[step] as number; p < (many.offsets[step + 1] as number); p++) {
      const manySeries = many.series[p] as number;
      const sig = manySig[manySeries] as string;
      const q = oneAt.get(sig);
      if (q === undefined) continue;
      const oneSeries = one.series[q] as number;
      const [ls, rs, lp, rp] = swapped ? [oneSeries, manySeries, q, p] : [manySeries, oneSeries, p, q];
      const pairKey = `${ls}:${rs}`;
      let s = resultSeries.get(pairKey);
      if (s === undefined) {
        s = out.intern(resultLabels(many.labels[manySeries] as Labels, one.labels[oneSeries] as Labels, m));
        resultSeries.set(pairKey, s);
      }
      if (!manyToOne) {
        if (matched.has(sig)) throw badInput('multiple matches for labels: many-to-one matching must be explicit (group_left/group_right)');
        matched.set(sig, null);
      } else {
        let inserted = matched.get(sig);
        if (inserted === undefined || inserted === null) matched.set(sig, (inserted = new Set()));
        const key = String(s);
        if (inserted.has(key)) throw badInput('multiple matches for labels: grouping labels must ensure unique matches');
        inserted.add(key);
      }
      const lv = left.values[lp] as number;
      const value = merge(node.op, node.returnBool, lv, right.values[rp] as number, lv);
      if (value !== null) out.add(step, s, value);
    }
  }
  return out.build();
}

function setOperation(op: SetOp, left: StepVectors, right: StepVectors, leftSig: string[], rightSig: string[], out: StepVectorsBuilder): void {
  const leftSeries = left.labels.map((l) => out.intern(l));
  const rightSeries = right.labels.map((l) => out.intern(l));
  const sigs = new Set<string>();
  for (let step = 0; step < left.steps; step++) {
    const l0 = left.offsets[step] as number;
    const l1 = left.offsets[step + 1] as number;
    const r0 = right.offsets[step] as number;
    const r1 = right.offsets[step + 1] as number;
    if (op === 'and' && (l0 === l1 || r0 === r1)) continue;
    sigs.clear();
    if (op === 'or') {
      for (let p = l0; p < l1; p++) {
        sigs.add(leftSig[left.series[p] as number] as string);
        out.add(step, leftSeries[left.series[p] as number] as number, left.values[p] as number);
      }
      for (let p = r0; p < r1; p++) {
        if (!sigs.has(rightSig[right.series[p] as number] as string)) out.add(step, rightSeries[right.series[p] as number] as number, right.values[p] as number);
      }
      continue;
    }
    for (let p = r0; p < r1; p++) sigs.add(rightSig[right.series[p] as number] as string);
    for (let p = l0; p < l1; p++) {
      const hit = sigs.has(leftSig[left.series[p] as number] as string);
      if (hit === (op === 'and')) out.add(step, leftSeries[left.series[p] as number] as number, left.values[p] as number);
    }
  }
}

/** The labels two series are matched on. */
function matchingLabels(labels: Labels, m: VectorMatching): Labels {
  return m.on ? labels.filter((l) => m.labels.includes(l.name)) : labels.filter((l) => !m.labels.includes(l.name));
}

/**
 * Loki's result labels: the "many" (or left) side's labels; one-to-one keeps only the `on`
 * labels, or drops the `ignoring` ones; `group_x (...)` labels come from the "one" side (dropped
 * when it lacks them).
 */
function resultLabels(many: Labels, one: Labels, m: VectorMatching): Labels {
  let out: Label[] = [...many];
  if (m.card === 'one-to-one') out = m.on ? out.filter((l) => m.labels.includes(l.name)) : out.filter((l) => !m.labels.includes(l.name));
  for (const name of m.include) {
    out = out.filter((l) => l.name !== name);
    const value = one.find((l) => l.name === name)?.value ?? '';
    if (value !== '') out.push({ name, value });
  }
  return sortLabels(out);
}
