import type { Labels } from '../../../model/index.js';

/**
 * The commands of a PromQL test script (`*.test`, see
 * /work/shared/conformance/promql/FORMAT.md), as `parseScript` produces them. Line numbers are
 * 1-based lines of the script file, kept for failure messages.
 */
export type ScriptCommand = LoadCommand | ClearCommand | EvalCommand;

/** One slot of an expanded value sequence (`1+2x3`, `_`, `stale`, `{{...}}`). */
export type SequenceValue = FloatValue | OmittedValue | HistogramValue;

/** A float sample; `stale` is the staleness marker `STALE_NAN` (compare with `isStaleNaN`). */
export interface FloatValue {
  readonly kind: 'float';
  readonly value: number;
}

/** `_`: no sample in this slot (time still advances). */
export interface OmittedValue {
  readonly kind: 'omitted';
}

/**
 * A native-histogram literal, kept as text: the engine has no native histograms yet, so the
 * runner only needs to know that one is there (to skip or drop it).
 */
export interface HistogramValue {
  readonly kind: 'histogram';
  readonly literal: string;
  /** The literal states `counter_reset_hint:` (upstream compares the hint only then). */
  readonly counterResetHintSet: boolean;
}

/** A `<series> <values>` line of a `load` command or of expected results. */
export interface SeriesLine {
  readonly labels: Labels;
  readonly values: readonly SequenceValue[];
  readonly line: number;
}

export interface LoadCommand {
  readonly kind: 'load';
  readonly line: number;
  /** The header line as written (trimmed), for messages. */
  readonly header: string;
  readonly stepMs: number;
  /** `load_with_nhcb`: classic histograms are also converted to native histograms. */
  readonly withNhcb: boolean;
  readonly series: readonly SeriesLine[];
  /** Number of `metric@st ...` start-timestamp lines (parsed for syntax, not loaded). */
  readonly startTimestampLines: number;
}

export interface ClearCommand {
  readonly kind: 'clear';
  readonly line: number;
}

/** How an expected error or annotation text is matched. */
export type TextMatcher =
  | { readonly kind: 'any' }
  | { readonly kind: 'message'; readonly text: string }
  | { readonly kind: 'regex'; readonly source: string; readonly regex: RegExp };

/** The time grid expected points lie on: point i is at `startMs + i * stepMs`, never after `endMs`. */
export interface TimeGrid {
  readonly startMs: number;
  readonly endMs: number;
  readonly stepMs: number;
}

/** What the `expect ...` lines (and legacy `eval_*` headers) of an eval ask for. */
export interface EvalExpectations {
  /** Set when the query must fail. */
  readonly fail: TextMatcher | undefined;
  readonly ordered: boolean;
  /** Each must match at least one warning, and every warning must match one of them. */
  readonly warn: readonly TextMatcher[];
  readonly noWarn: boolean;
  readonly info: readonly TextMatcher[];
  readonly noInfo: boolean;
  /** `expect string "..."`: the result is this string. */
  readonly string: string | undefined;
  /** `expect range vector from .. to .. step ..`: an instant query returning a range vector. */
  readonly rangeVector: TimeGrid | undefined;
}

export interface ExpectedSeries {
  readonly labels: Labels;
  readonly values: readonly SequenceValue[];
  readonly line: number;
  /** 1-based position among the result lines (for `expect ordered`). */
  readonly position: number;
}

/** A scalar line (`42`), or series lines (none at all: the result must be empty). */
export type ExpectedResults =
  | { readonly kind: 'scalar'; readonly value: number; readonly line: number }
  | { readonly kind: 'series'; readonly series: readonly ExpectedSeries[] };

export type EvalQuery =
  | { readonly type: 'instant'; readonly timeMs: number }
  | { readonly type: 'range'; readonly startMs: number; readonly endMs: number; readonly stepMs: number };

export interface EvalCommand {
  readonly kind: 'eval';
  readonly line: number;
  /** The header line as written (trimmed), for messages. */
  readonly header: string;
  readonly expr: string;
  readonly query: EvalQuery;
  readonly expect: EvalExpectations;
  readonly results: ExpectedResults;
}

/** A syntax error in a script, with the 1-based line it is on. */
export class ScriptParseError extends Error {
  constructor(
    readonly line: number,
    reason: string,
    options?: { cause?: unknown },
  ) {
    super(`line ${line}: ${reason}`, options);
    this.name = 'ScriptParseError';
  }
}
