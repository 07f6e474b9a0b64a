import type { LabelMatcher, MatchType } from '../../model/index.js';
import { CompiledMatcher, METRIC_NAME_LABEL } from '../../model/index.js';
import { SelectorParseError } from './parse-error.js';
import { checkMatcherRegex } from './regex-check.js';
import { quoteRune, readStringLiteral } from './string-literal.js';

/**
 * `promql` (the default): `metric_name`, `metric_name{...}` or `{...}`; values in double,
 * single or backtick quotes; quoted label names and a quoted metric name inside the braces
 * (`{"http.server.duration", "service.name"="api"}`, Prometheus 3). `logql`: a stream selector,
 * braces required, values in double quotes or backticks, unquoted label names only.
 */
export type SelectorDialect = 'promql' | 'logql';

export interface SelectorParseOptions {
  readonly dialect?: SelectorDialect;
  /**
   * Reject a selector whose every matcher matches the empty string (`{}`, `{a=""}`,
   * `{a=~".*"}`), as PromQL does: "vector selector must contain at least one non-empty
   * matcher". A metric name always counts as non-empty.
   */
  readonly requireNonEmptyMatcher?: boolean;
}

/** The matchers of a selector that starts the input, and the offset just after it. */
export interface SelectorPrefix {
  readonly matchers: LabelMatcher[];
  readonly end: number;
}

/**
 * Parses a whole series selector into matchers (a metric name becomes a `__name__` `=`
 * matcher, listed first). Whitespace and `#` comments may surround every token, and a
 * trailing comma may end the matcher list. Regex values are checked with `checkMatcherRegex`.
 *
 * Throws SelectorParseError (kind `bad_input`) with the position of the first problem.
 */
export function parseSeriesSelector(input: string, options?: SelectorParseOptions): LabelMatcher[] {
  const { matchers, end } = parseSelectorPrefix(input, 0, options);
  const rest = skipSpace(input, end);
  if (rest < input.length) throw unexpected(input, rest, false, '', '');
  return matchers;
}

/**
 * Parses the selector that starts at `start` (after optional whitespace) and returns where it
 * ends, so that a caller can parse what follows (e.g. LogQL line filters).
 */
export function parseSelectorPrefix(input: string, start: number, options?: SelectorParseOptions): SelectorPrefix {
  const dialect = options?.dialect ?? 'promql';
  const quotes = dialect === 'promql' ? '"\'`' : '"`';
  const matchers: LabelMatcher[] = [];
  let metricName: string | undefined;
  let i = skipSpace(input, start);
  const selectorStart = i;

  if (dialect === 'promql' && isMetricNameStart(input.charCodeAt(i))) {
    let nameEnd = i + 1;
    while (isMetricNameChar(input.charCodeAt(nameEnd))) nameEnd++;
    const name = input.slice(i, nameEnd);
    checkNotKeyword(input, i, name);
    metricName = name;
    matchers.push({ name: METRIC_NAME_LABEL, type: '=', value: name });
    i = skipSpace(input, nameEnd);
    if (input[i] !== '{') return { matchers, end: nameEnd };
  } else if (input[i] !== '{') {
    throw unexpected(input, i, false, '', '');
  }

  i++; // '{'
  let explicitName: { at: number; value: string } | undefined;
  for (;;) {
    i = skipSpace(input, i);
    if (input[i] === '}') {
      i++;
      break;
    }
    const itemStart = i;
    let name: string;
    let quotedName = false;
    if (isLabelNameStart(input.charCodeAt(i))) {
      let end = i + 1;
      while (isLabelNameChar(input.charCodeAt(end))) end++;
      name = input.slice(i, end);
      i = end;
    } else if (dialect === 'promql' && isQuote(input[i])) {
      const literal = readStringLiteral(input, i, quotes);
      name = literal.value;
      quotedName = true;
      i = literal.end;
    } else {
      throw unexpected(input, i, true, 'label matching', 'identifier or "}"');
    }
    i = skipSpace(input, i);

    if (quotedName && (input[i] === ',' || input[i] === '}')) {
      // `{"metric.name", ...}`: a quoted metric name.
      if (metricName !== undefined) {
        throw new SelectorParseError(input, itemStart, `metric name must not be set twice: "${metricName}" or "${name}"`);
      }
      metricName = name;
      matchers.unshift({ name: METRIC_NAME_LABEL, type: '=', value: name });
    } else {
      const type = readMatchType(input, i);
      if (type === undefined) throw unexpected(input, i, true, 'label matching', 'label matching operator');
      i = skipSpace(input, i + type.length);
      if (!isQuote(input[i]) || !quotes.includes(input[i] as string)) {
        throw unexpected(input, i, true, 'label matching', 'string');
      }
      const literal = readStringLiteral(input, i, quotes);
      if (name === '') throw new SelectorParseError(input, itemStart, 'label name must not be empty');
      if (type === '=~' || type === '!~') {
        const problem = checkMatcherRegex(literal.value);
        if (problem !== null) throw new SelectorParseError(input, itemStart, problem);
      }
      if (name === METRIC_NAME_LABEL && explicitName === undefined) explicitName = { at: itemStart, value: literal.value };
      matchers.push({ name, type, value: literal.value });
      i = skipSpace(input, literal.end);
    }

    if (input[i] === ',') {
      i++;
      continue;
    }
    if (input[i] === '}') {
      i++;
      break;
    }
    throw unexpected(input, i, true, 'label matching', '"," or "}"');
  }

  if (metricName !== undefined && explicitName !== undefined) {
    throw new SelectorParseError(
      input,
      selectorStart,
      `metric name must not be set twice: "${metricName}" or "${explicitName.value}"`,
    );
  }
  if (options?.requireNonEmptyMatcher === true && !hasNonEmptyMatcher(matchers)) {
    throw new SelectorParseError(input, selectorStart, 'vector selector must contain at least one non-empty matcher');
  }
  return { matchers, end: i };
}

/** True when at least one matcher rejects the empty string (so the selector cannot select everything). */
export function hasNonEmptyMatcher(matchers: readonly LabelMatcher[]): boolean {
  for (const m of matchers) if (!new CompiledMatcher(m).matchesEmpty()) return true;
  return false;
}

/** Skips spaces, tabs, newlines and `#` comments (to the end of the line). */
export function skipSpace(input: string, i: number): number {
  for (;;) {
    const c = input.charCodeAt(i);
    if (c === 32 || c === 9 || c === 10 || c === 13) {
      i++;
    } else if (c === 35) {
      const nl = input.indexOf('\n', i);
      i = nl < 0 ? input.length : nl + 1;
    } else {
      return i;
    }
  }
}

function readMatchType(input: string, i: number): MatchType | undefined {
  const two = input.slice(i, i + 2);
  if (two === '=~' || two === '!=' || two === '!~') return two;
  if (input[i] === '=') return '=';
  return undefined;
}

/** PromQL words that cannot be a metric name, and the numbers a name could be mistaken for. */
const RESERVED = new Set(['bool', 'on', 'ignoring', 'group_left', 'group_right', 'atan2']);

function checkNotKeyword(input: string, at: number, name: string): void {
  const lower = name.toLowerCase();
  if (lower === 'inf' || lower === 'nan') throw new SelectorParseError(input, at, `unexpected number "${name}"`);
  if (RESERVED.has(lower)) throw new SelectorParseError(input, at, `unexpected <${lower}>`);
}

/**
 * The error for an unexpected token at `i`. Characters that cannot start any token are
 * reported as the lexer does ("unexpected character inside braces: 'x'"); otherwise
 * "unexpected <token>[ in <context>][, expected <expected>]".
 */
function unexpected(input: string, i: number, insideBraces: boolean, context: string, expected: string): SelectorParseError {
  const desc = describeToken(input, i, insideBraces);
  let reason = `unexpected ${desc}`;
  if (context !== '') reason += ` in ${context}`;
  if (expected !== '') reason += `, expected ${expected}`;
  return new SelectorParseError(input, i, reason);
}

function describeToken(input: string, i: number, insideBraces: boolean): string {
  const c = input[i];
  if (c === undefined) {
    if (insideBraces) throw new SelectorParseError(input, i, 'unexpected end of input inside braces');
    return 'end of input';
  }
  const code = input.charCodeAt(i);
  if (insideBraces ? isLabelNameStart(code) : isMetricNameStart(code)) {
    let end = i + 1;
    while (insideBraces ? isLabelNameChar(input.charCodeAt(end)) : isMetricNameChar(input.charCodeAt(end))) end++;
    return `identifier "${input.slice(i, end)}"`;
  }
  if (isQuote(c)) {
    const literal = readStringLiteral(input, i);
    const raw = input.slice(i, literal.end);
    return `string ${raw.length > 12 ? `${raw.slice(0, 10)}...` : raw}`;
  }
  const two = input.slice(i, i + 2);
  if (two === '=~' || two === '!=' || two === '!~') return `"${two}"`;
  if (c === '=' || c === ',' || (c === '}' && insideBraces) || (c === '{' && !insideBraces)) return `"${c}"`;
  const ch = String.fromCodePoint(input.codePointAt(i) ?? 0);
  if (c === '}') throw new SelectorParseError(input, i, "unexpected right brace '}'");
  if (!insideBraces) throw new SelectorParseError(input, i, `unexpected character: ${quoteRune(ch)}`);
  if (c === '{') throw new SelectorParseError(input, i, "unexpected left brace '{'");
  if (c === '!') {
    const next = input[i + 1] === undefined ? 'EOF' : quoteRune(String.fromCodePoint(input.codePointAt(i + 1) ?? 0));
    throw new SelectorParseError(input, i, `unexpected character after '!' inside braces: ${next}`);
  }
  throw new SelectorParseError(input, i, `unexpected character inside braces: ${quoteRune(ch)}`);
}

function isQuote(c: string | undefined): boolean {
  return c === '"' || c === "'" || c === '`';
}

function isLabelNameStart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95;
}

function isLabelNameChar(c: number): boolean {
  return isLabelNameStart(c) || (c >= 48 && c <= 57);
}

function isMetricNameStart(c: number): boolean {
  return isLabelNameStart(c) || c === 58;
}

function isMetricNameChar(c: number): boolean {
  return isLabelNameChar(c) || c === 58;
}
