import type { LabelFilterExpr, LabelMatcher } from '../../model/index.js';
import { badInput, compileRe2Regex, isOmniscopeError } from '../../model/index.js';
import { hasNonEmptyMatcher, parseSelectorPrefix, parseSeriesSelector, readStringLiteral, skipSpace } from '../../query/selector/index.js';
import type { LineFilter } from '../../store/contract.js';
import { identifierAt, parseLabelFilter } from './label-filter-parser.js';
import { describeAt, notYet, syntaxError, toLokiParseError } from './log-query-errors.js';

/** The LogQL this version answers: a stream selector, line filters and string label filters. */
export interface LogQuery {
  readonly matchers: LabelMatcher[];
  readonly lineFilters: LineFilter[];
  /** One expression per label filter stage, in query order; all must hold. */
  readonly labelFilters: LabelFilterExpr[];
}

const EMPTY_COMPATIBLE =
  'queries require at least one regexp or equality matcher that does not have an empty-compatible value. ' +
  'For instance, app=~".*" does not meet this requirement, but app=~".+" will';

const LINE_FILTERS = new Set(['|=', '!=', '|~', '!~']);

/** Words that start a parser or formatting stage after `|` rather than a label filter. */
const OTHER_STAGES = new Set(['json', 'logfmt', 'regexp', 'pattern', 'unpack', 'xml', 'line_format', 'label_format', 'decolorize', 'drop', 'keep', 'unwrap']);

/**
 * Parses the subset of LogQL accepted before the full LogQL engine lands:
 * `{stream selector}` followed by any number of line filters (`|= "x"`, `!= "x"`, `|~ "re"`,
 * `!~ "re"`) and label filter stages (`| name="x"`, `!=`, `=~`, `!~`, with and/or/`,`/
 * parentheses; see parseLabelFilter), strings double-quoted or in backticks. Parsers,
 * formatting stages, numeric label comparisons, `or` in line filters and metric queries are
 * `unsupported` errors saying so; syntax errors are `bad_input` in Loki's wording
 * ("parse error at line 1, col 5: ..."). A selector must have a matcher that rejects the empty
 * string, as in Loki.
 */
export function parseLogQuery(input: string): LogQuery {
  try {
    return parseOrThrow(input);
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

function parseOrThrow(input: string): LogQuery {
  const start = skipSpace(input, 0);
  if (input[start] !== '{') {
    if (start < input.length && /[A-Za-z_(0-9]/.test(input[start] as string)) {
      throw notYet(input.slice(start), 'metric queries');
    }
  }
  const { matchers, end } = parseSelectorPrefix(input, start, { dialect: 'logql' });
  if (!hasNonEmptyMatcher(matchers)) throw badInput(`parse error : ${EMPTY_COMPATIBLE}`);

  const lineFilters: LineFilter[] = [];
  const labelFilters: LabelFilterExpr[] = [];
  let i = skipSpace(input, end);
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
      if (OTHER_STAGES.has(identifierAt(input, stageAt))) throw notYet(input.slice(i), 'parsers and formatting stages');
      const parsed = parseLabelFilter(input, stageAt);
      labelFilters.push(parsed.expr);
      i = skipSpace(input, parsed.end);
      continue;
    }
    throw syntaxError(input, i, `unexpected ${describeAt(input, i)}`);
  }
  return { matchers, lineFilters, labelFilters };
}

function checkLineRegex(input: string, at: number, pattern: string): void {
  try {
    compileRe2Regex(pattern, false);
  } catch (e) {
    throw syntaxError(input, at, isOmniscopeError(e) ? e.message : String(e));
  }
}
