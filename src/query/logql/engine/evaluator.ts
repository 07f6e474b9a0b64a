import type { LogCountGrouping } from '../../../store/contract.js';
import type { MetricExpr, VectorAggregation } from '../parser/index.js';
import { vectorScalar, vectorVector } from './binary-operation.js';
import type { EvalContext } from './eval-context.js';
import { evalLabelReplace } from './label-replace.js';
import { evalRangeAggregation } from './range-aggregation.js';
import type { StepVectors } from './step-vectors.js';
import { StepVectorsBuilder } from './step-vectors.js';
import { evalVectorAggregation } from './vector-aggregation.js';

/** What a node evaluates to: a number (literals only) or a vector at every step. */
export type Evaluated = { readonly kind: 'scalar'; readonly value: number } | { readonly kind: 'vector'; readonly vectors: StepVectors };

/** Evaluates a metric expression over the context's steps. */
export async function evaluate(node: MetricExpr, ctx: EvalContext): Promise<Evaluated> {
  switch (node.type) {
    case 'literal':
      return { kind: 'scalar', value: node.value };
    case 'vector': {
      const out = new StepVectorsBuilder(ctx.grid.steps, ctx.budget);
      const s = out.intern([]);
      for (let i = 0; i < ctx.grid.steps; i++) out.add(i, s, node.value);
      return { kind: 'vector', vectors: out.build() };
    }
    case 'range_aggregation':
      return { kind: 'vector', vectors: await evalRangeAggregation(node, ctx, undefined) };
    case 'vector_aggregation': {
      const input = await inputOfAggregation(node, ctx);
      return { kind: 'vector', vectors: evalVectorAggregation(node, input, ctx) };
    }
    case 'label_replace':
      return { kind: 'vector', vectors: evalLabelReplace(node, await vectorOf(node.expr, ctx), ctx) };
    case 'binary': {
      const [left, right] = await Promise.all([evaluate(node.left, ctx), evaluate(node.right, ctx)]);
      if (left.kind === 'vector' && right.kind === 'vector') return { kind: 'vector', vectors: vectorVector(node, left.vectors, right.vectors, ctx) };
      if (left.kind === 'vector' && right.kind === 'scalar') return { kind: 'vector', vectors: vectorScalar(node.op, node.returnBool, left.vectors, right.value, false, ctx) };
      if (left.kind === 'scalar' && right.kind === 'vector') return { kind: 'vector', vectors: vectorScalar(node.op, node.returnBool, right.vectors, left.value, true, ctx) };
      throw new Error('BUG: a binary operation between two numbers was not folded by the parser');
    }
  }
}

/**
 * The input of a vector aggregation. `sum by/without (...)` directly over a counting range
 * aggregation sends its grouping to the store (Loki reduces labels at the source the same way):
 * the sums are equal, and the store returns one series per group instead of one per stream and
 * structured metadata value.
 */
async function inputOfAggregation(node: VectorAggregation, ctx: EvalContext): Promise<StepVectors> {
  const child = node.expr;
  if (node.op === 'sum' && child.type === 'range_aggregation' && child.op !== 'absent_over_time') {
    const grouping: LogCountGrouping = { without: node.grouping.without, labels: node.grouping.labels };
    return evalRangeAggregation(child, ctx, grouping);
  }
  return vectorOf(child, ctx);
}

async function vectorOf(node: MetricExpr, ctx: EvalContext): Promise<StepVectors> {
  const value = await evaluate(node, ctx);
  if (value.kind !== 'vector') throw new Error(`BUG: ${node.type} where a vector was expected passed the parser`);
  return value.vectors;
}
