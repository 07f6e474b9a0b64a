import { PromqlError } from '../parser/index.js';
import { Annotations } from './annotations.js';

/** Longest stretch of evaluation between two turns of the event loop. */
const YIELD_AFTER_MS = 20;

/** Which Prometheus the engine imitates where 2.x and 3.x differ. */
export type PromqlCompatibility = 'prometheus3' | 'prometheus2';

export interface EngineSettings {
  readonly lookbackDeltaMs: number;
  readonly maxSamples: number;
  readonly compatibility: PromqlCompatibility;
  /** Resolution of a subquery written without a step (`[5m:]`). */
  readonly defaultSubqueryStepMs: number;
}

/** The step grid one (sub)expression is evaluated on: `steps` times start, start+step, ... */
export interface TimeGrid {
  readonly startMs: number;
  readonly endMs: number;
  readonly stepMs: number;
  readonly steps: number;
}

export function makeGrid(startMs: number, endMs: number, stepMs: number): TimeGrid {
  const steps = endMs < startMs ? 0 : stepMs > 0 ? Math.floor((endMs - startMs) / stepMs) + 1 : 1;
  return { startMs, endMs, stepMs, steps };
}

export function gridTime(g: TimeGrid, i: number): number {
  return g.startMs + i * g.stepMs;
}

/**
 * State shared by one query's evaluation: settings, the top-level query's times (for
 * `@ start()`/`@ end()` and `step()`/`range()`), the sample budget, annotations and the abort
 * signal.
 */
export class EvalContext {
  private samples = 0;
  private checks = 0;
  private lastYield = performance.now();
  /** performance.now() after which the query has timed out; checked directly because a busy loop never lets a timer fire. */
  private readonly deadline: number;
  readonly annotations: Annotations;

  constructor(
    readonly settings: EngineSettings,
    readonly tenant: string,
    readonly query: string,
    readonly queryStartMs: number,
    readonly queryEndMs: number,
    /** 0 for instant queries. */
    readonly queryStepMs: number,
    readonly signal: AbortSignal,
    timeoutMs: number,
  ) {
    this.annotations = new Annotations(query);
    this.deadline = performance.now() + timeoutMs;
  }

  get v3(): boolean {
    return this.settings.compatibility === 'prometheus3';
  }

  /**
   * Samples held in memory, counted as Prometheus counts them: points of the values being
   * built and of the range windows being evaluated. Past `maxSamples`: Prometheus's error.
   */
  addSamples(n: number): void {
    this.samples += n;
    if (n > 0 && this.samples > this.settings.maxSamples) {
      throw new PromqlError('execution', 'query processing would load too many samples into memory in query execution');
    }
  }

  get heldSamples(): number {
    return this.samples;
  }

  /** After a node: its inputs are released, only its result stays held. */
  settleSamples(held: number): void {
    this.samples = held;
    if (this.samples > this.settings.maxSamples) {
      throw new PromqlError('execution', 'query processing would load too many samples into memory in query execution');
    }
  }

  /** Called in loops: surfaces timeout/cancellation promptly without checking on every iteration. */
  checkAbort(): void {
    if ((++this.checks & 1023) === 0) this.throwIfAborted();
  }

  throwIfAborted(): void {
    if (this.signal.aborted) throw abortError(this.signal.reason);
    if (performance.now() > this.deadline) throw new PromqlError('timeout', 'query timed out in expression evaluation');
  }

  /**
   * True when evaluation has held the event loop for a while: the caller should `await
   * this.yieldNow()` so ingestion and other requests get their turn during a heavy query.
   */
  shouldYield(): boolean {
    return performance.now() - this.lastYield > YIELD_AFTER_MS;
  }

  async yieldNow(): Promise<void> {
    await new Promise<void>((resolve) => setImmediate(resolve));
    this.lastYield = performance.now();
    this.throwIfAborted();
  }
}

export function abortError(reason: unknown): PromqlError {
  if (reason instanceof PromqlError) return reason;
  if (reason instanceof Error && reason.name === 'TimeoutError') {
    return new PromqlError('timeout', 'query timed out in expression evaluation');
  }
  return new PromqlError('canceled', 'query was canceled in expression evaluation');
}
