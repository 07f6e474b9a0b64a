import type { LabelMatcher } from '../../model/index.js';
import { badInput, compileRe2Regex, isOmniscopeError, unsupported } from '../../model/index.js';
import {
  SelectorParseError,
  hasNonEmptyMatcher,
  parseSelectorPrefix,
  parseSeriesSelector,
  positionOf,
  readStringLiteral,
  skipSpace,
} from '../../query/selector/index.js';
import type { LineFilter } from '../../store/contract.js';

/** The LogQL this version answers: a stream selector and line filters, nothing else. */
export interface LogQuery {
  readonly matchers: LabelMatcher[];
  readonly lineFilters: LineFilter[];
}

const EMPTY_COMPATIBLE =
  'queries require at least one regexp or equality matcher that does not have an empty-compatible value. ' +
  'For instance, app=~".*" does not meet this requirement, but app=~".+" will';

const LINE_FILTERS = new Set(['|=', '!=', '|~', '!~']);

/**
 * Parses the subset of LogQL accepted before the full LogQL engine lands:
 * `{stream selector} [|= "x" | != "x" | |~ "re" | !~ "re"]...` with double-quoted or backtick
 * strings. Parsers, label filters, formatting stages, `or` in line filters and metric queries
 * are `unsupported` errors saying so; syntax errors are `bad_input` in Loki's wording
 * ("parse error at line 1, col 5: ..."). A selector must have a matcher that rejects the
 * empty string, as in Loki.
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
    if (input[i] === '|' || op === '!>') throw notYet(input.slice(i), 'parsers, label filters and formatting stages');
    throw syntaxError(input, i, `unexpected ${JSON.stringify(input.slice(i, i + 10))}`);
  }
  return { matchers, lineFilters };
}

function checkLineRegex(input: string, at: number, pattern: string): void {
  try {
    compileRe2Regex(pattern, false);
  } catch (e) {
    throw syntaxError(input, at, isOmniscopeError(e) ? e.message : String(e));
  }
}

function notYet(snippet: string, what: string): Error {
  const shown = snippet.length > 40 ? `${snippet.slice(0, 40)}...` : snippet;
  return unsupported(
    `${what} are not supported yet (at ${JSON.stringify(shown)}): this version of Omniscope answers log queries made of ` +
      'a stream selector and line filters (|=, !=, |~, !~); full LogQL arrives in a later version',
  );
}

function syntaxError(input: string, offset: number, reason: string): Error {
  const { line, column } = positionOf(input, offset);
  return badInput(`parse error at line ${line}, col ${column}: ${reason}`);
}

/** Selector errors carry Prometheus's wording; Loki words the position differently. */
function toLokiParseError(e: unknown): unknown {
  if (e instanceof SelectorParseError) {
    return badInput(`parse error at line ${e.position.line}, col ${e.position.column}: ${e.reason}`, e);
  }
  return e;
}
