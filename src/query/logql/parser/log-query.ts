import type { LabelFilterExpr, LabelMatcher } from '../../../model/index.js';
import { badInput, compileRe2Regex, isOmniscopeError } from '../../../model/index.js';
import { hasNonEmptyMatcher, parseSelectorPrefix, parseSeriesSelector, readStringLiteral, skipSpace } from '../../selector/index.js';
import type { LineFilter } from '../../../store/contract.js';
import { identifierAt, parseLabelFilter } from './label-filter-parser.js';
import type { LogQuery } from './ast.js';
import { describeAt, notYet, syntaxError, toLokiParseError } from './parse-errors.js';

const EMPTY_COMPATIBLE =
  'queries require at least one regexp or equality matcher that does not have an empty-compatible value. ' +
  'For instance, app=~".*" does not meet this requirement, but app=~".+" will';

const LINE_FILTERS = new Set(['|=', '!=', '|~', '!~']);

/** Words that start a parser or formatting stage after `|` rather than a label filter. */
const OTHER_STAGES = new Set(['json', 'logfmt', 'regexp', 'pattern', 'unpack', 'xml', 'line_format', 'label_format', 'decolorize', 'drop', 'keep', 'unwrap']);

/**
 * Parses a LogQL log query: `{stream selector}` followed by any number of line filters
 * (`|= "x"`, `!= "x"`, `|~ "re"`, `!~ "re"`) and label filter stages (`| name="x"`, `!=`, `=~`,
 * `!~`, with and/or/`,`/parentheses; see parseLabelFilter), strings double-quoted or in
 * backticks. Parsers, formatting stages, numeric label comparisons and `or` in line filters are
 * `unsupported` errors saying so; syntax errors are `bad_input` in Loki's wording
 * ("parse error at line 1, col 5: ..."). A selector must have a matcher that rejects the empty
 * string, as in Loki. A metric query is a `bad_input` here (see parseLogql for both kinds).
 */
export function parseLogQuery(input: string): LogQuery {
  try {
    const start = skipSpace(input, 0);
    if (input[start] !== '{' && start < input.length && /[A-Za-z_(0-9+-]/.test(input[start] as string)) {
      throw syntaxError(input, start, 'a metric query where a log query is expected');
    }
    const { query, end } = parseLogSelectorAt(input, start);
    const rest = skipSpace(input, end);
    if (rest < input.length) throw syntaxError(input, rest, `unexpected ${describeAt(input, rest)}`);
    return query;
  } catch (e) {
    throw toLokiParseError(e);
  }
}

/**
 * Parses a stream selector given as a parameter (`query` of the label endpoints, `match[]` of
 * /series); `{}` means every stream and gives no matchers.
 */
export function parseStreamSelectorParam(input: string): LabelMatcher[] {
  try {
    const matchers = parseSeriesSelector(input, { dialect: 'logql' });
    if (matchers.length > 0 && !hasNonEmptyMatcher(matchers)) throw badInput(`parse error : ${EMPTY_COMPATIBLE}`);
    return matchers;
  } catch (e) {
    throw toLokiParseError(e);
  }
}

/** A log query and the offset just after it. */
export interface LogQueryPrefix {
  readonly query: LogQuery;
  readonly end: number;
}

/**
 * Parses the stream selector at `start` and the pipeline stages after it, stopping (without an
 * error) at the first text that does not start a stage, such as the `[5m]` of a range or a `)`.
 * Throws SelectorParseError for selector syntax (callers translate it with toLokiParseError).
 */
export function parseLogSelectorAt(input: string, start: number): LogQueryPrefix {
  const { matchers, end } = parseSelectorPrefix(input, start, { dialect: 'logql' });
  if (!hasNonEmptyMatcher(matchers)) throw badInput(`parse error : ${EMPTY_COMPATIBLE}`);
  const pipeline = parsePipelineAt(input, end);
  return { query: { matchers, lineFilters: pipeline.lineFilters, labelFilters: pipeline.labelFilters }, end: pipeline.end };
}

/** The stages of a pipeline and the offset just after the last one. */
export interface PipelinePrefix {
  readonly lineFilters: LineFilter[];
  readonly labelFilters: LabelFilterExpr[];
  readonly end: number;
}

/**
 * Parses pipeline stages (line filters and label filters) from `start`, stopping at the first
 * text that does not start a stage; none at all is an empty pipeline ending at `start` (after
 * spaces). Stages this version does not evaluate are `unsupported` errors naming them.
 */
export function parsePipelineAt(input: string, start: number): PipelinePrefix {
  const lineFilters: LineFilter[] = [];
  const labelFilters: LabelFilterExpr[] = [];
  let i = skipSpace(input, start);
  while (i < input.length) {
    const op = input.slice(i, i + 2);
    if (LINE_FILTERS.has(op)) {
      const valueAt = skipSpace(input, i + 2);
      const quote = input[valueAt];
      if (quote !== '"' && quote !== '`') {
        if (/^ip\s*\(/.test(input.slice(valueAt))) throw notYet(input.slice(i), 'ip() line filters');
        throw syntaxError(input, valueAt, 'unexpected token, expected a string after a line filter operator');
      }
      const literal = readStringLiteral(input, valueAt, '"`');
      const type = op as LineFilter['type'];
      if (type === '|~' || type === '!~') checkLineRegex(input, valueAt, literal.value);
      lineFilters.push({ type, value: literal.value });
      i = skipSpace(input, literal.end);
      if (/^or\b/.test(input.slice(i))) throw notYet(input.slice(i), '`or` in line filters');
      continue;
    }
    if (op === '|>' || op === '!>') throw notYet(input.slice(i), 'pattern line filters (|> and !>)');
    if (input[i] === '|') {
      const stageAt = skipSpace(input, i + 1);
      const stage = identifierAt(input, stageAt);
      if (stage === 'unwrap') throw notYet(input.slice(i), 'unwrapped range aggregations (| unwrap)');
      if (OTHER_STAGES.has(stage)) throw notYet(input.slice(i), 'parsers and formatting stages');
      const parsed = parseLabelFilter(input, stageAt);
      labelFilters.push(parsed.expr);
      i = skipSpace(input, parsed.end);
      continue;
    }
    break;
  }
  return { lineFilters, labelFilters, end: i };
}

function checkLineRegex(input: string, at: number, pattern: string): void {
  try {
    compileRe2Regex(pattern, false);
  } catch (e) {
    throw syntaxError(input, at, isOmniscopeError(e) ? e.message : String(e));
  }
}
