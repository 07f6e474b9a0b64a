import { badInput } from '../../../model/index.js';
import type { LogsReader } from '../../../store/contract.js';
import type { PointBudget } from './step-vectors.js';

const NS_PER_MS = 1_000_000n;

/**
 * The steps of a query: t_i = startUnixNano + i * stepNanos for i < steps, all <= the end, as
 * Loki evaluates a range query; an instant query is one step with stepNanos 0.
 */
export class StepGrid {
  readonly steps: number;

  constructor(
    readonly startUnixNano: bigint,
    readonly endUnixNano: bigint,
    readonly stepNanos: bigint,
  ) {
    this.steps = stepNanos === 0n ? 1 : Number((endUnixNano - startUnixNano) / stepNanos) + 1;
  }

  /** The time of step i in Unix milliseconds, truncated as Loki reports it. */
  timeMs(i: number): number {
    return Number((this.startUnixNano + BigInt(i) * this.stepNanos) / NS_PER_MS);
  }
}

/**
 * Buckets for a range aggregation over a grid: widths dividing both the step and the range, so
 * every window (t - offset - range, t - offset] is exactly `rangeBuckets` consecutive buckets and
 * step i's window starts at bucket i * stepBuckets. Bucket 0 starts (exclusive) at
 * `startUnixNano`, the first window's start.
 */
export interface BucketPlan {
  readonly startUnixNano: bigint;
  readonly bucketNanos: bigint;
  readonly bucketCount: number;
  readonly stepBuckets: number;
  readonly rangeBuckets: number;
}

export function planBuckets(grid: StepGrid, rangeNanos: bigint, offsetNanos: bigint): BucketPlan {
  const bucketNanos = grid.stepNanos === 0n ? rangeNanos : gcd(grid.stepNanos, rangeNanos);
  const spanNanos = grid.endUnixNano - grid.startUnixNano + rangeNanos;
  if (spanNanos / bucketNanos > BigInt(Number.MAX_SAFE_INTEGER)) {
    throw badInput(`the step and the range have no common divisor coarse enough for this time range; use a step that divides the range, or the other way round`);
  }
  const stepBuckets = Number(grid.stepNanos / bucketNanos);
  const rangeBuckets = Number(rangeNanos / bucketNanos);
  const bucketCount = (grid.steps - 1) * stepBuckets + rangeBuckets;
  return { startUnixNano: grid.startUnixNano - offsetNanos - rangeNanos, bucketNanos, bucketCount, stepBuckets, rangeBuckets };
}

function gcd(a: bigint, b: bigint): bigint {
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
}

/** What the lines and bytes a query read add up to, for Loki's `stats`. */
export class QueryStats {
  linesProcessed = 0;
  bytesProcessed = 0;
}

/** Everything evaluating one query needs. */
export interface EvalContext {
  readonly tenant: string;
  readonly reader: Pick<LogsReader, 'countLogs'>;
  readonly grid: StepGrid;
  readonly signal: AbortSignal;
  readonly budget: PointBudget;
  readonly stats: QueryStats;
}

/** Loops check the signal this often (iterations), so a timeout stops CPU-bound work too. */
export const ABORT_CHECK_INTERVAL = 1 << 16;
