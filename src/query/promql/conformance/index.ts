export type {
  ScriptCommand,
  SequenceValue,
  FloatValue,
  OmittedValue,
  HistogramValue,
  SeriesLine,
  LoadCommand,
  ClearCommand,
  TextMatcher,
  TimeGrid,
  EvalExpectations,
  ExpectedSeries,
  ExpectedResults,
  EvalQuery,
  EvalCommand,
} from './script-types.js';
export { ScriptParseError } from './script-types.js';
export { parseScript } from './script-parser.js';
export { parseValueSequence, parseGoNumber } from './value-sequence.js';
export { parseSeriesLine } from './series-line.js';
export { compileRe2 } from './re2-regex.js';
export type { LoadOutcome } from './loader.js';
export { buildLoadBatch, loadInto } from './loader.js';
export type { ResultExpectation } from './compare.js';
export {
  almostEqual,
  compareResult,
  resultExpectationOf,
  checkMatrixSorted,
  checkAnnotations,
  checkFailure,
  matchesText,
} from './compare.js';
export type { PromqlMode, PromqlQueryable, QueryableFactory } from './queryable.js';
export { CONFORMANCE_TENANT } from './queryable.js';
export { createEngineQueryable } from './engine-queryable.js';
export type { LoadedDataFeatures } from './skip-rules.js';
export {
  skipReasonOf,
  DEFAULT_UNSUPPORTED_FUNCTIONS,
  DEFAULT_SKIPPED_FILES,
  SKIP_NATIVE_HISTOGRAMS,
  SKIP_EXTENDED_RANGE_SELECTORS,
  SKIP_START_TIMESTAMPS,
  SKIP_TYPE_AND_UNIT,
} from './skip-rules.js';
export type { ExpressionFeatures } from './expr-scan.js';
export { scanExpression } from './expr-scan.js';
export type { RunnerOptions, OutcomeStatus, EvalOutcome, ScriptRunResult } from './runner.js';
export { runScript, runScriptFile } from './runner.js';
export type { ConformanceFile } from './conformance-files.js';
export { CONFORMANCE_ROOT, listConformanceFiles } from './conformance-files.js';
export { renderReportTable, renderCounts, renderFailures, topSkipReasons } from './report.js';
export { addAtModifier } from './at-rewrite.js';
