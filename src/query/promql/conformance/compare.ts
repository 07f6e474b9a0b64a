import type { Labels } from '../../../model/index.js';
import { compareLabels, isStaleNaN } from '../../../model/index.js';
import type { InstantSample, MatrixSeries, QueryAnnotations, QueryValue } from '../engine/query-result.js';
import { formatFloat, formatLabels, formatSequenceValue } from './format-value.js';
import { labelSetKey } from './label-set-key.js';
import type { EvalCommand, EvalExpectations, ExpectedResults, ExpectedSeries, TextMatcher, TimeGrid } from './script-types.js';

/** Relative tolerance for float comparison (upstream `defaultEpsilon`). */
const EPSILON = 1e-6;
/** The smallest normal float64 (Go `math.Float64frombits(0x0010000000000000)`). */
const MIN_NORMAL = 2.2250738585072014e-308;

/**
 * Float equality of upstream's runner (`util/almost.Equal`): both staleness markers, or both
 * ordinary NaN, or equal, or a relative difference below 1e-6; when either side is 0 or both
 * are tiny, the difference must be below 1e-6 of the smallest normal float (effectively exact).
 */
export function almostEqual(a: number, b: number): boolean {
  const staleA = isStaleNaN(a);
  const staleB = isStaleNaN(b);
  if (staleA || staleB) return staleA && staleB;
  if (Number.isNaN(a) && Number.isNaN(b)) return true;
  if (a === b) return true;
  const absSum = Math.abs(a) + Math.abs(b);
  const diff = Math.abs(a - b);
  if (a === 0 || b === 0 || absSum < MIN_NORMAL) return diff < EPSILON * MIN_NORMAL;
  return diff / Math.min(absSum, Number.MAX_VALUE) < EPSILON;
}

/** What a result is compared against: expected lines, order, string, and the points' time grid. */
export interface ResultExpectation {
  readonly results: ExpectedResults;
  readonly ordered: boolean;
  readonly string: string | undefined;
  /**
   * Where expected matrix points lie. A plain instant eval has no grid (end before start), so
   * any matrix with points fails there, as upstream.
   */
  readonly grid: TimeGrid;
}

export function resultExpectationOf(ev: EvalCommand): ResultExpectation {
  let grid: TimeGrid;
  if (ev.query.type === 'range') grid = ev.query;
  else grid = ev.expect.rangeVector ?? { startMs: ev.query.timeMs, endMs: -Infinity, stepMs: 0 };
  return { results: ev.results, ordered: ev.expect.ordered, string: ev.expect.string, grid };
}

/** Compares a query result with the expectation; returns why they differ, or undefined. */
export function compareResult(exp: ResultExpectation, value: QueryValue): string | undefined {
  switch (value.type) {
    case 'matrix':
      return compareMatrix(exp, value.series);
    case 'vector':
      return compareVector(exp, value.samples);
    case 'scalar':
      if (exp.results.kind !== 'scalar') return `expected ${describeExpected(exp)} result, but got scalar ${formatFloat(value.value)}`;
      if (!almostEqual(exp.results.value, value.value)) {
        return `expected scalar ${formatFloat(exp.results.value)} but got ${formatFloat(value.value)}`;
      }
      return undefined;
    case 'string':
      if (exp.string === undefined) return `expected ${describeExpected(exp)} result, but got string ${JSON.stringify(value.value)}`;
      if (exp.string !== value.value) return `expected string ${JSON.stringify(exp.string)} but got ${JSON.stringify(value.value)}`;
      return undefined;
  }
}

function describeExpected(exp: ResultExpectation): string {
  if (exp.string !== undefined) return 'string';
  if (exp.results.kind === 'scalar') return 'scalar';
  return 'vector or matrix';
}

/** Range results must come back sorted by label set. */
export function checkMatrixSorted(series: readonly MatrixSeries[]): string | undefined {
  for (let i = 1; i < series.length; i++) {
    const prev = (series[i - 1] as MatrixSeries).labels;
    const cur = (series[i] as MatrixSeries).labels;
    if (compareLabels(prev, cur) > 0) {
      return `matrix results should always be sorted by labels, but series at index ${i} (${formatLabels(cur)}) sorts before series at index ${i - 1} (${formatLabels(prev)})`;
    }
  }
  return undefined;
}

function expectedByKey(series: readonly ExpectedSeries[]): Map<string, ExpectedSeries> {
  // A label set listed twice: the later line wins, as upstream keys expectations by hash.
  const map = new Map<string, ExpectedSeries>();
  for (const s of series) map.set(labelSetKey(s.labels), s);
  return map;
}

function compareMatrix(exp: ResultExpectation, series: readonly MatrixSeries[]): string | undefined {
  if (exp.ordered) return 'expected ordered result, but query returned a matrix';
  if (exp.results.kind === 'scalar' || exp.string !== undefined) return `expected ${describeExpected(exp)} result, but got a matrix`;
  const unsorted = checkMatrixSorted(series);
  if (unsorted !== undefined) return unsorted;
  const expected = expectedByKey(exp.results.series);
  const seen = new Set<string>();
  for (const s of series) {
    const key = labelSetKey(s.labels);
    const e = expected.get(key);
    if (e === undefined) return `unexpected metric ${formatLabels(s.labels)} in result, has ${formatPoints(s)}`;
    if (seen.has(key)) return `metric ${formatLabels(s.labels)} appears twice in the result`;
    seen.add(key);
    const problem = compareSeriesPoints(exp.grid, e, s);
    if (problem !== undefined) return problem;
  }
  for (const [key, e] of expected) {
    if (!seen.has(key)) return `expected metric ${formatLabels(e.labels)} not found`;
  }
  return undefined;
}

function compareSeriesPoints(grid: TimeGrid, e: ExpectedSeries, s: MatrixSeries): string | undefined {
  const name = formatLabels(e.labels);
  const times: number[] = [];
  const values: number[] = [];
  for (let i = 0; i < e.values.length; i++) {
    const v = e.values[i];
    const t = grid.startMs + i * grid.stepMs;
    if (t > grid.endMs) return `expected ${e.values.length} points for ${name}, but the query time range cannot return this many points`;
    if (v === undefined || v.kind === 'omitted') continue;
    if (v.kind === 'histogram') return `expected histogram point ${v.literal} at t=${t} for ${name}; native histograms are not supported`;
    times.push(t);
    values.push(v.value);
  }
  if (times.length !== s.values.length || s.timestampsMs.length !== s.values.length) {
    return `expected ${times.length} float points for ${name}, but got ${formatPoints(s)}`;
  }
  for (let i = 0; i < times.length; i++) {
    const t = s.timestampsMs[i] as number;
    if (t !== times[i]) return `expected float point ${i} for ${name} at t=${times[i]}, but it is at t=${t} (result has ${formatPoints(s)})`;
    const got = s.values[i] as number;
    if (!almostEqual(values[i] as number, got)) {
      return `expected float point ${i} (t=${t}) for ${name} to be ${formatFloat(values[i] as number)}, but got ${formatFloat(got)}`;
    }
  }
  return undefined;
}

function formatPoints(s: MatrixSeries): string {
  const n = s.values.length;
  const shown: string[] = [];
  for (let i = 0; i < n && i < 10; i++) shown.push(`${formatFloat(s.values[i] as number)}@${s.timestampsMs[i] as number}`);
  return `${n} float point${n === 1 ? '' : 's'} [${shown.join(' ')}${n > 10 ? ' ...' : ''}]`;
}

function compareVector(exp: ResultExpectation, samples: readonly InstantSample[]): string | undefined {
  if (exp.results.kind === 'scalar' || exp.string !== undefined) return `expected ${describeExpected(exp)} result, but got a vector`;
  const expected = expectedByKey(exp.results.series);
  const seen = new Set<string>();
  for (let pos = 0; pos < samples.length; pos++) {
    const s = samples[pos] as InstantSample;
    const key = labelSetKey(s.labels);
    const e = expected.get(key);
    if (e === undefined) return `unexpected metric ${formatLabels(s.labels)} in result, has value ${formatFloat(s.value)}`;
    if (seen.has(key)) return `metric ${formatLabels(s.labels)} appears twice in the result`;
    seen.add(key);
    if (exp.ordered && e.position !== pos + 1) {
      return `expected metric ${formatLabels(s.labels)} at position ${e.position} but it was at ${pos + 1}`;
    }
    const problem = compareSample(e, s.labels, s.value);
    if (problem !== undefined) return problem;
  }
  for (const [key, e] of expected) {
    if (!seen.has(key)) return `expected metric ${formatLabels(e.labels)} with ${e.values.map(formatSequenceValue).join(' ')} not found`;
  }
  return undefined;
}

function compareSample(e: ExpectedSeries, labels: Labels, got: number): string | undefined {
  const v = e.values[0];
  if (v === undefined) return `no expected value given for ${formatLabels(labels)} (line ${e.line})`;
  if (v.kind === 'histogram') return `expected histogram ${v.literal} for ${formatLabels(labels)} but got float value ${formatFloat(got)}`;
  if (v.kind === 'omitted') return `expected no sample for ${formatLabels(labels)} but got ${formatFloat(got)}`;
  if (!almostEqual(v.value, got)) return `expected ${formatFloat(v.value)} for ${formatLabels(labels)} but got ${formatFloat(got)}`;
  return undefined;
}

export function matchesText(m: TextMatcher, text: string): boolean {
  switch (m.kind) {
    case 'any':
      return true;
    case 'message':
      return m.text === text;
    case 'regex':
      m.regex.lastIndex = 0;
      return m.regex.test(text);
  }
}

function describeMatcher(m: TextMatcher): string {
  if (m.kind === 'any') return 'anything';
  if (m.kind === 'message') return `message ${JSON.stringify(m.text)}`;
  return `pattern ${JSON.stringify(m.source)}`;
}

/** The error text check of `expect fail [msg|regex]` and the legacy `expected_fail_*` lines. */
export function checkFailure(m: TextMatcher, message: string): string | undefined {
  if (matchesText(m, message)) return undefined;
  return `expected error matching ${describeMatcher(m)}, but got: ${message}`;
}

/**
 * Annotation rules: with `expect warn ...` lines every line must match some warning and every
 * warning some line; `no_warn` forbids warnings; with neither, warnings are not checked. Same
 * for info. Texts are compared as rendered, position suffix included.
 */
export function checkAnnotations(exp: EvalExpectations, annotations: QueryAnnotations): string | undefined {
  return (
    checkKind('warn', exp.warn, exp.noWarn, annotations.warnings) ?? checkKind('info', exp.info, exp.noInfo, annotations.infos)
  );
}

function checkKind(kind: string, expected: readonly TextMatcher[], forbidden: boolean, actual: readonly string[]): string | undefined {
  if (forbidden && actual.length > 0) return `unexpected ${kind} annotations: ${JSON.stringify(actual)}`;
  if (expected.length === 0) return undefined;
  if (actual.length === 0) return `expected ${kind} annotations but none were found`;
  for (const m of expected) {
    if (!actual.some((a) => matchesText(m, a))) {
      return `expected ${kind} annotation matching ${describeMatcher(m)} but none matched; found: ${JSON.stringify(actual)}`;
    }
  }
  for (const a of actual) {
    if (!expected.some((m) => matchesText(m, a))) return `unexpected ${kind} annotation ${JSON.stringify(a)}`;
  }
  return undefined;
}
