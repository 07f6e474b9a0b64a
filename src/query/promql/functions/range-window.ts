/**
 * One series' float samples in a range window, as the engine hands them to a range kernel.
 *
 * Contract:
 * - `ts`/`vals` are the whole sample buffer of the series; the window is `[from, to)`, with
 *   `to > from` always (the engine emits nothing for an empty window and never calls a kernel).
 * - Timestamps are Unix ms, strictly ascending; values never contain staleness markers.
 * - The engine owns and reuses the object (one per series across steps); kernels must not keep
 *   a reference to it or its arrays after returning, and never write to them.
 * - Which samples are in the window (left-open in 3.x, closed in 2.42) is the engine's choice;
 *   kernels use exactly the samples given.
 */
export interface RangeWindow {
  ts: Float64Array;
  vals: Float64Array;
  /** Index of the first sample in the window (inclusive). */
  from: number;
  /** Index after the last sample in the window (exclusive). */
  to: number;
  /** Evaluation time minus range, after offset/@ (the window's left bound). */
  rangeStartMs: number;
  /** Evaluation time after offset/@ (the window's right bound). */
  rangeEndMs: number;
  /**
   * The step's evaluation time before offset and @ are applied. Only predict_linear reads it:
   * Prometheus anchors the regression intercept at the evaluation time, not at the (shifted)
   * end of the window, so `predict_linear(x[1h] @ 3000, 3600)` evaluated at 600s predicts for
   * 4200s. When absent, `rangeEndMs` is used, which is correct without offset or @.
   */
  evalTimeMs?: number;
}

/**
 * Returns the output value, or undefined for "no output sample at this step". `params` are the
 * scalar arguments evaluated at this step, in argument order, excluding the range vector
 * (φ of quantile_over_time, t of predict_linear, sf and tf of double_exponential_smoothing).
 * Kernels are synchronous, pure and allocation-free per sample.
 */
export type RangeKernel = (w: RangeWindow, params: readonly number[]) => number | undefined;

/** A window object with every field set, so the engine's reused objects share one shape. */
export function createRangeWindow(): RangeWindow {
  return {
    ts: new Float64Array(0),
    vals: new Float64Array(0),
    from: 0,
    to: 0,
    rangeStartMs: 0,
    rangeEndMs: 0,
    evalTimeMs: undefined,
  };
}
