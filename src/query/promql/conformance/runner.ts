import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import type { Labels } from '../../../model/index.js';
import type { Store } from '../../../store/contract.js';
// The harness runs on the reference backend; a query module would otherwise never import it.
import { createMemoryStore } from '../../../store/memory/index.js';
import { PromqlError } from '../parser/index.js';
import type { QueryResult, QueryValue } from '../engine/query-result.js';
import type { ResultExpectation } from './compare.js';
import { checkAnnotations, checkFailure, checkMatrixSorted, compareResult, resultExpectationOf } from './compare.js';
import { scanExpression } from './expr-scan.js';
import { formatExpected, formatQueryValue } from './format-value.js';
import { loadInto } from './loader.js';
import type { PromqlMode, PromqlQueryable, QueryableFactory } from './queryable.js';
import { CONFORMANCE_TENANT } from './queryable.js';
import { parseScript } from './script-parser.js';
import type { EvalCommand, LoadCommand } from './script-types.js';
import type { LoadedDataFeatures } from './skip-rules.js';
import { DEFAULT_SKIPPED_FILES, DEFAULT_UNSUPPORTED_FUNCTIONS, skipReasonOf } from './skip-rules.js';

export interface RunnerOptions {
  readonly mode: PromqlMode;
  /** Tenant to load into; default CONFORMANCE_TENANT. */
  readonly tenant?: string;
  /** Function names whose calls make an eval skip; default DEFAULT_UNSUPPORTED_FUNCTIONS (`info`). */
  readonly unsupportedFunctions?: ReadonlySet<string>;
  /** Files skipped entirely, by base name, with the reason; default DEFAULT_SKIPPED_FILES. */
  readonly skippedFiles?: ReadonlyMap<string, string>;
  /** Re-run every instant eval as a range query t-1m..t+1m and check the point at t (default true). */
  readonly rangeCrossCheck?: boolean;
  /** Check step invariance of `@` (default true); needs `addAtModifier`, skipped without it. */
  readonly atModifierCheck?: boolean;
  /**
   * Rewrites `expr` so that every selector and subquery without `@` carries `@ <tMs/1000>`
   * (upstream's `atModifierTestCases`, selectors inside an `@` subquery untouched), or returns
   * undefined to skip the check for this expression. Best done on the AST by the engine side.
   */
  readonly addAtModifier?: (expr: string, tMs: number) => string | undefined;
  /** A fresh, empty store; default: the memory store with a clock and retention that accept 1970. */
  readonly createStore?: () => Store;
}

export type OutcomeStatus = 'pass' | 'fail' | 'skip';

/** The result of one `eval` (or of a `load` the store did not fully accept: always a failure). */
export interface EvalOutcome {
  readonly status: OutcomeStatus;
  readonly command: 'eval' | 'load';
  readonly line: number;
  /** The header line (`eval instant at 5m sum(foo)`). */
  readonly header: string;
  /** For `fail`: a readable diff (expression, line, problem, expected vs got). */
  readonly message?: string;
  /** For `skip`: why, in one of the stable texts of skip-rules.ts. */
  readonly reason?: string;
}

export interface ScriptRunResult {
  readonly file: string;
  readonly outcomes: readonly EvalOutcome[];
  readonly pass: number;
  readonly fail: number;
  readonly skip: number;
}

/** Functions whose result depends on the evaluation time even with `@` (FORMAT.md, check 2). */
const AT_UNSAFE_FUNCTIONS = new Set([
  'time', 'timestamp', 'predict_linear', 'day_of_month', 'day_of_week', 'day_of_year', 'days_in_month',
  'hour', 'minute', 'month', 'year', 'start', 'end', 'range', 'step',
]);
/** Upstream skips the range-mode check for these, by this very text match. */
const QUERY_CONTEXT_FUNCS = /(start|end|range|step)\(\)/;
const MINUTE_MS = 60_000;

export async function runScriptFile(path: string, factory: QueryableFactory, options: RunnerOptions): Promise<ScriptRunResult> {
  return runScript(basename(path), await readFile(path, 'utf8'), factory, options);
}

/**
 * Runs one script: commands in order against one store, a fresh store after each `clear`.
 * Throws ScriptParseError when the script is malformed; everything else becomes outcomes.
 */
export async function runScript(file: string, text: string, factory: QueryableFactory, options: RunnerOptions): Promise<ScriptRunResult> {
  const commands = parseScript(text);
  const outcomes: EvalOutcome[] = [];
  const fileSkip = (options.skippedFiles ?? DEFAULT_SKIPPED_FILES).get(file);
  if (fileSkip !== undefined) {
    for (const c of commands) {
      if (c.kind === 'eval') outcomes.push({ status: 'skip', command: 'eval', line: c.line, header: c.header, reason: fileSkip });
    }
    return summarize(file, outcomes);
  }

  const session = new Session(factory, options);
  try {
    for (const c of commands) {
      if (c.kind === 'clear') await session.clear();
      else if (c.kind === 'load') {
        const failure = await session.load(c);
        if (failure !== undefined) outcomes.push(failure);
      } else {
        outcomes.push(await session.evaluate(c));
      }
    }
  } finally {
    await session.close();
  }
  return summarize(file, outcomes);
}

function summarize(file: string, outcomes: readonly EvalOutcome[]): ScriptRunResult {
  let pass = 0;
  let fail = 0;
  let skip = 0;
  for (const o of outcomes) {
    if (o.status === 'pass') pass++;
    else if (o.status === 'fail') fail++;
    else skip++;
  }
  return { file, outcomes, pass, fail, skip };
}

function defaultStore(): Store {
  // Samples sit at 1970 timestamps: with the clock at 0 and an unbounded window none is too old.
  const forever = Number.MAX_SAFE_INTEGER;
  return createMemoryStore({ retention: { metricsMs: forever, logsMs: forever, tracesMs: forever }, clock: () => 0 });
}

/** A problem found while checking one eval; `got` is shown beside the expected results. */
interface Problem {
  readonly message: string;
  readonly context?: string;
  readonly got?: QueryValue;
}

/** The mutable state of one script run: the current store, its engine, what was loaded. */
class Session {
  private store: Store;
  private queryable: PromqlQueryable | undefined = undefined;
  /** Series whose histogram samples were not stored, since the last `clear`. */
  private histogramSeries: Labels[] = [];
  private readonly tenant: string;
  private readonly unsupportedFunctions: ReadonlySet<string>;

  constructor(
    private readonly factory: QueryableFactory,
    private readonly options: RunnerOptions,
  ) {
    this.store = (options.createStore ?? defaultStore)();
    this.tenant = options.tenant ?? CONFORMANCE_TENANT;
    this.unsupportedFunctions = options.unsupportedFunctions ?? DEFAULT_UNSUPPORTED_FUNCTIONS;
  }

  async clear(): Promise<void> {
    await this.store.close();
    this.store = (this.options.createStore ?? defaultStore)();
    this.queryable = undefined;
    this.histogramSeries = [];
  }

  async close(): Promise<void> {
    await this.store.close();
  }

  async load(cmd: LoadCommand): Promise<EvalOutcome | undefined> {
    try {
      const outcome = await loadInto(this.store.metrics, cmd, this.tenant);
      this.histogramSeries.push(...outcome.nativeHistogramSeries, ...outcome.nhcbSeries);
      return undefined;
    } catch (e) {
      return { status: 'fail', command: 'load', line: cmd.line, header: cmd.header, message: `line ${cmd.line}: ${describeError(e)}` };
    }
  }

  async evaluate(ev: EvalCommand): Promise<EvalOutcome> {
    const base = { command: 'eval' as const, line: ev.line, header: ev.header };
    const data: LoadedDataFeatures = { histogramSeries: this.histogramSeries };
    const reason = skipReasonOf(ev, data, this.unsupportedFunctions);
    if (reason !== undefined) return { ...base, status: 'skip', reason };
    let problem: Problem | undefined;
    try {
      this.queryable ??= this.factory(this.store.metrics, this.options.mode);
      problem = ev.query.type === 'range' ? await this.checkRange(ev, this.queryable) : await this.checkInstant(ev, this.queryable);
    } catch (e) {
      problem = { message: `runner error: ${describeError(e)}` };
    }
    if (problem === undefined) return { ...base, status: 'pass' };
    return { ...base, status: 'fail', message: renderFailure(ev, problem) };
  }

  private async checkRange(ev: EvalCommand, q: PromqlQueryable): Promise<Problem | undefined> {
    if (ev.query.type !== 'range') return undefined;
    const outcome = await settle(q.rangeQuery({ query: ev.expr, ...ev.query }));
    return checkOutcome(ev, outcome, resultExpectationOf(ev));
  }

  private async checkInstant(ev: EvalCommand, q: PromqlQueryable): Promise<Problem | undefined> {
    if (ev.query.type !== 'instant') return undefined;
    const t = ev.query.timeMs;
    const cases: { expr: string; timeMs: number; context: string | undefined }[] = [{ expr: ev.expr, timeMs: t, context: undefined }];
    const rewrite = this.options.addAtModifier;
    if (this.options.atModifierCheck !== false && rewrite !== undefined && !callsAny(ev.expr, AT_UNSAFE_FUNCTIONS)) {
      const rewritten = rewrite(ev.expr, t);
      if (rewritten !== undefined) {
        // Upstream's times: -10t, 0, t/5 (integer division), t, 10t; or -1s, 0, 1s when t = 0.
        const times = t === 0 ? [-1000, 0, 1000] : [-10 * t, 0, Math.trunc(t / 5), t, 10 * t];
        for (const timeMs of times) cases.push({ expr: rewritten, timeMs, context: `@ step-invariance check: ${rewritten} at t=${timeMs}ms` });
      }
    }
    for (const c of cases) {
      const problem = await this.checkInstantCase(ev, q, c.expr, c.timeMs);
      if (problem !== undefined) return c.context === undefined ? problem : { ...problem, context: joinContext(c.context, problem.context) };
    }
    return undefined;
  }

  private async checkInstantCase(ev: EvalCommand, q: PromqlQueryable, expr: string, timeMs: number): Promise<Problem | undefined> {
    const exp = resultExpectationOf(ev);
    const outcome = await settle(q.instantQuery({ query: expr, timeMs }));
    const problem = checkOutcome(ev, outcome, exp);
    if (problem !== undefined || !('result' in outcome)) return problem;
    if (this.options.rangeCrossCheck === false) return undefined;
    // Excluded upstream: results that are not instant vectors/scalars, and query-context functions.
    if (ev.expect.string !== undefined || ev.expect.rangeVector !== undefined || QUERY_CONTEXT_FUNCS.test(expr)) return undefined;
    return checkRangeMode(q, expr, timeMs, outcome.result.value, exp);
  }
}

type Settled = { readonly result: QueryResult } | { readonly error: PromqlError } | { readonly unexpected: unknown };

async function settle(p: Promise<QueryResult>): Promise<Settled> {
  try {
    return { result: await p };
  } catch (e) {
    // `internal` marks an engine bug, which must not pass as an expected failure.
    if (e instanceof PromqlError && e.type !== 'internal') return { error: e };
    return { unexpected: e };
  }
}

/** Failure expectations, then annotations, then the result, in upstream's order. */
function checkOutcome(ev: EvalCommand, outcome: Settled, exp: ResultExpectation): Problem | undefined {
  if ('unexpected' in outcome) return { message: `the engine threw an unexpected error: ${describeError(outcome.unexpected)}` };
  if ('error' in outcome) {
    if (ev.expect.fail === undefined) return { message: `error evaluating query: ${outcome.error.message}` };
    const mismatch = checkFailure(ev.expect.fail, outcome.error.message);
    return mismatch === undefined ? undefined : { message: mismatch };
  }
  const { result } = outcome;
  if (ev.expect.fail !== undefined) return { message: 'expected the query to fail, but it succeeded', got: result.value };
  const annotations = checkAnnotations(ev.expect, result);
  if (annotations !== undefined) return { message: annotations, got: result.value };
  const mismatch = compareResult(exp, result.value);
  return mismatch === undefined ? undefined : { message: mismatch, got: result.value };
}

/** FORMAT.md check 1: the same expression as a range query t-1m..t+1m; its point at t must match. */
async function checkRangeMode(q: PromqlQueryable, expr: string, timeMs: number, instant: QueryValue, exp: ResultExpectation): Promise<Problem | undefined> {
  const context = `range-mode check (${expr} from ${timeMs - MINUTE_MS} to ${timeMs + MINUTE_MS} step 1m, point at ${timeMs})`;
  const outcome = await settle(q.rangeQuery({ query: expr, startMs: timeMs - MINUTE_MS, endMs: timeMs + MINUTE_MS, stepMs: MINUTE_MS }));
  if ('unexpected' in outcome) return { context, message: `the engine threw an unexpected error: ${describeError(outcome.unexpected)}` };
  if ('error' in outcome) return { context, message: `error evaluating query in range mode: ${outcome.error.message}` };
  // Range results are sorted by labels, so an ordered expectation cannot be checked this way.
  if (exp.ordered) return undefined;
  const value = outcome.result.value;
  if (value.type !== 'matrix') return { context, message: `a range query must return a matrix, got a ${value.type}`, got: value };
  const unsorted = checkMatrixSorted(value.series);
  if (unsorted !== undefined) return { context, message: unsorted, got: value };
  const samples = [];
  for (const s of value.series) {
    const i = s.timestampsMs.indexOf(timeMs);
    if (i >= 0) samples.push({ labels: s.labels, timestampMs: timeMs, value: s.values[i] as number });
  }
  let asInstant: QueryValue;
  if (instant.type === 'scalar') {
    const first = samples[0];
    if (first === undefined) return { context, message: `no point at t=${timeMs} for the scalar result`, got: value };
    asInstant = { type: 'scalar', timestampMs: timeMs, value: first.value };
  } else {
    asInstant = { type: 'vector', samples };
  }
  const mismatch = compareResult(exp, asInstant);
  return mismatch === undefined ? undefined : { context, message: mismatch, got: value };
}

function callsAny(expr: string, names: ReadonlySet<string>): boolean {
  for (const c of scanExpression(expr).calls) if (names.has(c)) return true;
  return false;
}

function joinContext(outer: string, inner: string | undefined): string {
  return inner === undefined ? outer : `${outer}; ${inner}`;
}

function renderFailure(ev: EvalCommand, p: Problem): string {
  const lines = [`line ${ev.line}: ${ev.header}`];
  if (p.context !== undefined) lines.push(`  in ${p.context}`);
  lines.push(`  ${p.message}`);
  if (ev.expect.fail === undefined) lines.push('  expected:', formatExpected(ev.results, ev.expect.string));
  if (p.got !== undefined) lines.push('  got:', formatQueryValue(p.got));
  return lines.join('\n');
}

/** The error with the top of its stack: enough to find an engine bug, short enough for a report. */
function describeError(e: unknown): string {
  if (!(e instanceof Error)) return String(e);
  const stack = e.stack ?? `${e.name}: ${e.message}`;
  return stack.split('\n').slice(0, 4).join('\n');
}
