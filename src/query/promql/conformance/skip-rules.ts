import type { Labels } from '../../../model/index.js';
import { CompiledMatcher, getLabel } from '../../../model/index.js';
import { parseSeriesSelector } from '../../selector/index.js';
import { scanExpression } from './expr-scan.js';
import type { EvalCommand } from './script-types.js';

/** Skip reasons, stable texts so reports can group by them. */
export const SKIP_NATIVE_HISTOGRAMS = 'native histograms are not supported (docs/promql.md)';
export const SKIP_EXTENDED_RANGE_SELECTORS = 'extended range selectors are not supported';
export const SKIP_START_TIMESTAMPS = 'start timestamps are not supported';
export const SKIP_TYPE_AND_UNIT = 'type and unit labels are not supported';

/** Functions the engine does not implement; each call makes an eval skip. */
export const DEFAULT_UNSUPPORTED_FUNCTIONS: ReadonlySet<string> = new Set(['info']);

/** Whole files skipped, by base name. */
export const DEFAULT_SKIPPED_FILES: ReadonlyMap<string, string> = new Map([
  ['start_timestamps.test', SKIP_START_TIMESTAMPS],
  ['type_and_unit.test', SKIP_TYPE_AND_UNIT],
]);

/** What the runner knows about the data loaded since the last `clear`. */
export interface LoadedDataFeatures {
  /**
   * Series whose histogram samples could not be stored: those with native-histogram samples,
   * and the custom-bucket histograms `load_with_nhcb` would have created.
   */
  readonly histogramSeries: readonly Labels[];
}

/**
 * Why an eval cannot be run meaningfully on this engine, or undefined. Decided by features of
 * the eval and the loaded data, never by line numbers, so new upstream tests sort themselves.
 */
export function skipReasonOf(ev: EvalCommand, data: LoadedDataFeatures, unsupportedFunctions: ReadonlySet<string>): string | undefined {
  if (expectsHistogram(ev)) return SKIP_NATIVE_HISTOGRAMS;
  const features = scanExpression(ev.expr);
  if (features.extendedRangeSelector) return SKIP_EXTENDED_RANGE_SELECTORS;
  for (const name of features.calls) {
    if (unsupportedFunctions.has(name)) return `function ${name}() is not supported`;
  }
  if (data.histogramSeries.length > 0 && features.selectors.some((text) => selects(text, data.histogramSeries))) {
    return SKIP_NATIVE_HISTOGRAMS;
  }
  return undefined;
}

/**
 * True when the selector text could select one of the series (by name, `{__name__=~...}` or
 * label matchers alone). Texts that are not selectors (keywords, bad syntax) select nothing.
 */
function selects(text: string, series: readonly Labels[]): boolean {
  let matchers: CompiledMatcher[];
  try {
    matchers = parseSeriesSelector(text).map((m) => new CompiledMatcher(m));
  } catch {
    // Not a selector after all (e.g. a label name in `by (...)` that is a keyword): selects nothing.
    return false;
  }
  return series.some((labels) => matchers.every((m) => m.matches(getLabel(labels, m.name))));
}

function expectsHistogram(ev: EvalCommand): boolean {
  if (ev.results.kind !== 'series') return false;
  return ev.results.series.some((s) => s.values.some((v) => v.kind === 'histogram'));
}
