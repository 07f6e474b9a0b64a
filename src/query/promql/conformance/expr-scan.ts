/**
 * A lexical look at a PromQL expression, enough to decide skips without a parser: which
 * functions it calls, which names it mentions, whether it uses extended range selectors.
 * Strings and comments are skipped, so `"rate("` is not a call. It can be fooled by exotic
 * inputs (a metric named `anchored`); the skips it drives are conservative on purpose.
 */
export interface ExpressionFeatures {
  /** Identifiers directly followed by `(` (function calls, and `by (`/`on (` clauses). */
  readonly calls: ReadonlySet<string>;
  /** Identifiers not followed by `(`: metric names, label names, keywords. */
  readonly identifiers: ReadonlySet<string>;
  /** Contents of string literals (so `{__name__="foo"}` and `{"foo"}` mention `foo`). */
  readonly strings: ReadonlySet<string>;
  /**
   * Texts that may be series selectors: `name`, `name{...}`, `{...}`. Over-inclusive (label
   * names in `by (...)` appear as bare names), which is harmless for "could this select X".
   */
  readonly selectors: readonly string[];
  /** `anchored` or `smoothed` used as a selector modifier. */
  readonly extendedRangeSelector: boolean;
}

const KEYWORDS = new Set([
  'and', 'or', 'unless', 'by', 'without', 'on', 'ignoring', 'group_left', 'group_right', 'bool', 'offset', 'atan2',
]);

export function scanExpression(expr: string): ExpressionFeatures {
  const calls = new Set<string>();
  const identifiers = new Set<string>();
  const strings = new Set<string>();
  const selectors: string[] = [];
  let extendedRangeSelector = false;
  // The previous significant token: ']' / '}' / 'ident' / 'number' / other punctuation.
  let prev = '';
  let i = 0;
  while (i < expr.length) {
    const c = expr[i] as string;
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      i++;
      continue;
    }
    if (c === '#') {
      const nl = expr.indexOf('\n', i);
      i = nl < 0 ? expr.length : nl + 1;
      continue;
    }
    if (c === '"' || c === "'" || c === '`') {
      const end = stringEnd(expr, i);
      strings.add(unescape(expr.slice(i + 1, end - 1), c));
      i = end;
      prev = 'string';
      continue;
    }
    if (c === '{') {
      const end = braceEnd(expr, i);
      selectors.push(expr.slice(i, end));
      collectStrings(expr.slice(i, end), strings);
      i = end;
      prev = '}';
      continue;
    }
    if (/[a-zA-Z_:]/.test(c)) {
      let end = i + 1;
      while (end < expr.length && /[a-zA-Z0-9_:]/.test(expr[end] as string)) end++;
      const word = expr.slice(i, end);
      let next = end;
      while (next < expr.length && /\s/.test(expr[next] as string)) next++;
      if ((word === 'anchored' || word === 'smoothed') && (prev === ']' || prev === '}' || prev === 'ident' || prev === 'number')) {
        extendedRangeSelector = true;
      } else if (expr[next] === '(') {
        calls.add(word);
      } else if (expr[next] === '{') {
        const close = braceEnd(expr, next);
        selectors.push(expr.slice(i, close));
        collectStrings(expr.slice(next, close), strings);
        identifiers.add(word);
        i = close;
        prev = '}';
        continue;
      } else {
        identifiers.add(word);
        if (!KEYWORDS.has(word.toLowerCase())) selectors.push(word);
      }
      prev = KEYWORDS.has(word.toLowerCase()) ? 'keyword' : 'ident';
      i = end;
      continue;
    }
    if (/[0-9.]/.test(c)) {
      // Numbers and durations (`5m`, `1h30m`, `0x1f`, `1e-3` up to the sign).
      let end = i + 1;
      while (end < expr.length && /[0-9a-zA-Z_.]/.test(expr[end] as string)) end++;
      i = end;
      prev = 'number';
      continue;
    }
    prev = c;
    i++;
  }
  return { calls, identifiers, strings, selectors, extendedRangeSelector };
}

/** Offset just after the `}` closing the `{` at `start` (strings skipped), or the end of input. */
function braceEnd(expr: string, start: number): number {
  let i = start + 1;
  while (i < expr.length && expr[i] !== '}') {
    const c = expr[i];
    i = c === '"' || c === "'" || c === '`' ? stringEnd(expr, i) : i + 1;
  }
  return Math.min(i + 1, expr.length);
}

function collectStrings(text: string, strings: Set<string>): void {
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (c !== '"' && c !== "'" && c !== '`') continue;
    const end = stringEnd(text, i);
    strings.add(unescape(text.slice(i + 1, end - 1), c));
    i = end - 1;
  }
}

function stringEnd(expr: string, start: number): number {
  const quote = expr[start];
  let i = start + 1;
  while (i < expr.length && expr[i] !== quote) {
    if (expr[i] === '\\' && quote !== '`') i++;
    i++;
  }
  return Math.min(i + 1, expr.length);
}

/** Simple escapes only: enough to recognise a metric name inside quotes. */
function unescape(body: string, quote: string): string {
  if (quote === '`') return body;
  return body.replace(/\\(.)/g, '$1');
}
