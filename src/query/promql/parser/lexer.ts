import type { LabelMatcher } from '../../../model/index.js';
import { SelectorParseError, parseSelectorPrefix, readStringLiteral } from '../../selector/index.js';
import { quoteRune } from '../../selector/string-literal.js';
import { goQuote } from './go-format.js';

/**
 * PromQL tokens. Keywords are matched case-insensitively (`SUM`, `Offset`); `value` holds the
 * lower-cased keyword, the operator, the decoded string or the lexer error message. A whole
 * `{...}` matcher list is one SELECTOR token: the shared selector parser decodes it.
 */
export type TokenType =
  | 'EOF'
  | 'ERROR'
  | 'IDENT'
  | 'METRIC_IDENT'
  | 'NUMBER'
  | 'DURATION'
  | 'STRING'
  | 'SELECTOR'
  | 'LPAREN'
  | 'RPAREN'
  | 'LBRACKET'
  | 'RBRACKET'
  | 'COMMA'
  | 'COLON'
  | 'EQL'
  | 'AT'
  /** Binary operators, including `and`, `or`, `unless`, `atan2`. */
  | 'OP'
  | 'AGGR'
  /** by, without, on, ignoring, group_left, group_right, fill, fill_left, fill_right, offset, bool, anchored, smoothed. */
  | 'KEYWORD'
  /** start, end, step, range, min_of, max_of. */
  | 'PREPROC';

export interface Token {
  readonly type: TokenType;
  /** The source text. */
  readonly text: string;
  readonly value: string;
  readonly start: number;
  readonly end: number;
  /** SELECTOR only: the decoded matchers, or the error found inside the braces. */
  readonly matchers?: readonly LabelMatcher[];
  readonly selectorError?: { readonly offset: number; readonly reason: string };
}

const AGGREGATORS = new Set([
  'sum', 'avg', 'count', 'min', 'max', 'group', 'stddev', 'stdvar', 'topk', 'bottomk', 'count_values', 'quantile', 'limitk', 'limit_ratio',
]);
const KEYWORDS = new Set([
  'by', 'without', 'on', 'ignoring', 'group_left', 'group_right', 'fill', 'fill_left', 'fill_right', 'offset', 'bool', 'anchored', 'smoothed',
]);
const PREPROCESSORS = new Set(['start', 'end', 'step', 'range', 'min_of', 'max_of']);
const WORD_OPERATORS = new Set(['and', 'or', 'unless', 'atan2']);
const DURATION_KEYWORDS = new Set(['step', 'range', 'min_of', 'max_of']);

/**
 * Splits a query into tokens, as Prometheus's lexer does (promql/parser/lex.go), including
 * its modes: inside `[...]` only numbers, durations, arithmetic and step()/range()/min_of()/
 * max_of() are allowed. Comments are dropped. The first lexing problem becomes an ERROR token
 * that ends the list, so the parser reports it only if no earlier syntax error occurs.
 */
export function lex(input: string): Token[] {
  return new Lexer(input).run();
}

class Lexer {
  private readonly tokens: Token[] = [];
  private pos = 0;
  private start = 0;
  private parenDepth = 0;
  private bracketOpen = false;
  private gotColon = false;
  // Like Prometheus, never reset once a number was seen inside brackets.
  private gotDuration = false;
  private durationMode = false;
  private done = false;

  constructor(private readonly input: string) {}

  run(): Token[] {
    while (!this.done) {
      this.start = this.pos;
      if (this.durationMode) this.lexDuration();
      else this.lexStatement();
    }
    return this.tokens;
  }

  private lexStatement(): void {
    const input = this.input;
    if (input.startsWith('#', this.pos)) {
      const nl = input.indexOf('\n', this.pos);
      this.pos = nl < 0 ? input.length : nl;
      return;
    }
    const c = input[this.pos];
    if (c === undefined) {
      if (this.parenDepth !== 0) return this.fail('unclosed left parenthesis');
      if (this.bracketOpen) return this.fail('unclosed left bracket');
      this.emit('EOF', '');
      this.done = true;
      return;
    }
    this.pos++;
    const next = input[this.pos];
    switch (c) {
      case ' ':
      case '\t':
      case '\n':
      case '\r':
        return;
      case ',':
        return this.emit('COMMA');
      case '*':
      case '/':
      case '%':
      case '+':
      case '-':
      case '^':
        return this.emit('OP', c);
      case '=':
        if (next === '=') return this.emitAfter(1, 'OP', '==');
        if (next === '~') return this.fail(`unexpected character after '=': ${quoteRune('~')}`);
        return this.emit('EQL', '=');
      case '!':
        if (next === '=') return this.emitAfter(1, 'OP', '!=');
        return this.fail(`unexpected character after '!': ${next === undefined ? 'U+FFFFFFFF' : quoteRune(this.runeAt(this.pos))}`);
      case '<':
      case '>':
        if (next === '=' || next === '/') return this.emitAfter(1, 'OP', c + next);
        return this.emit('OP', c);
      case '"':
      case "'":
      case '`':
        return this.lexString();
      case '(':
      case ')':
        return this.lexParen(c);
      case '{':
        return this.lexSelector();
      case '}':
        return this.fail(`unexpected character: ${quoteRune('}')}`);
      case '[':
        if (this.bracketOpen) return this.fail(`unexpected left bracket ${quoteRune('[')}`);
        this.gotColon = false;
        this.emit('LBRACKET');
        this.bracketOpen = true;
        this.durationMode = true;
        return;
      case ']':
        if (!this.bracketOpen) return this.fail(`unexpected right bracket ${quoteRune(']')}`);
        this.bracketOpen = false;
        return this.emit('RBRACKET');
      case '@':
        return this.emit('AT', '@');
    }
    const code = c.charCodeAt(0);
    if (isDigit(code) || (c === '.' && isDigit(input.charCodeAt(this.pos)))) {
      this.pos--;
      return this.lexNumberOrDuration();
    }
    if (isAlpha(code) || c === ':') {
      if (!this.bracketOpen) {
        this.pos--;
        return this.lexWord();
      }
      if (c === ':') {
        if (this.gotColon) return this.fail(`unexpected colon ${quoteRune(':')}`);
        this.gotColon = true;
        return this.emit('COLON');
      }
      if (this.scanDurationKeyword()) return;
      return this.fail(`unexpected character: ${quoteRune(c)}, expected ${quoteRune(':')}`);
    }
    this.pos--;
    return this.fail(`unexpected character: ${quoteRune(this.runeAt(this.pos))}`);
  }

  /** Right after `[` and after operators inside it (Prometheus's lexDurationExpr). */
  private lexDuration(): void {
    const c = this.input[this.pos];
    if (c === undefined) return this.fail('unexpected end of input in duration expression');
    this.pos++;
    switch (c) {
      case ']':
        this.bracketOpen = false;
        this.gotColon = false;
        this.durationMode = false;
        return this.emit('RBRACKET');
      case ':':
        this.emit('COLON');
        if (!this.gotDuration) return this.fail('unexpected colon before duration in duration expression', this.pos - 1);
        if (this.gotColon) return this.fail('unexpected repeated colon in duration expression', this.pos - 1);
        this.gotColon = true;
        return;
      case '(':
      case ')':
        return this.lexParen(c);
      case ' ':
      case '\t':
      case '\n':
      case '\r':
        return;
      case '+':
      case '-':
      case '*':
      case '/':
      case '%':
      case '^':
        return this.emit('OP', c);
      case ',':
        return this.emit('COMMA');
    }
    const code = c.charCodeAt(0);
    if (DURATION_KEYWORD_STARTS.has(c.toLowerCase())) {
      if (this.scanDurationKeyword()) return;
      this.pos = this.start + 1;
    } else if (isDigit(code) || (c === '.' && isDigit(this.input.charCodeAt(this.pos)))) {
      this.pos--;
      this.gotDuration = true;
      this.durationMode = false;
      return this.lexNumberOrDuration();
    }
    this.pos = this.start;
    return this.fail(`unexpected character in duration expression: ${quoteRune(this.runeAt(this.start))}`);
  }

  private scanDurationKeyword(): boolean {
    let end = this.start;
    while (isAlpha(this.input.charCodeAt(end))) end++;
    const word = this.input.slice(this.start, end).toLowerCase();
    if (!DURATION_KEYWORDS.has(word)) return false;
    this.pos = end;
    this.emit('PREPROC', word);
    return true;
  }

  private lexWord(): void {
    let end = this.pos;
    for (;;) {
      const code = this.input.charCodeAt(end);
      if (!(isAlpha(code) || isDigit(code) || code === 58)) break;
      end++;
    }
    this.pos = end;
    const word = this.input.slice(this.start, end);
    const lower = word.toLowerCase();
    if (lower === 'inf' || lower === 'nan') return this.emit('NUMBER', word);
    if (AGGREGATORS.has(lower)) return this.emit('AGGR', lower);
    if (WORD_OPERATORS.has(lower)) return this.emit('OP', lower);
    if (PREPROCESSORS.has(lower)) return this.emit('PREPROC', lower);
    if (KEYWORDS.has(lower)) {
      // fill is a modifier only when a parenthesis follows; otherwise it is a name.
      if (lower.startsWith('fill') && !this.followedByLeftParen()) return this.emit('IDENT', word);
      return this.emit('KEYWORD', lower);
    }
    return this.emit(word.includes(':') ? 'METRIC_IDENT' : 'IDENT', word);
  }

  private followedByLeftParen(): boolean {
    let i = this.pos;
    while (isSpace(this.input.charCodeAt(i))) i++;
    return this.input[i] === '(';
  }

  /** Parentheses, in expressions and inside `[...]` alike; an unmatched `)` is an error. */
  private lexParen(c: '(' | ')'): void {
    if (c === '(') {
      this.parenDepth++;
      return this.emit('LPAREN');
    }
    this.parenDepth--;
    if (this.parenDepth < 0) return this.fail(`unexpected right parenthesis ${quoteRune(')')}`);
    return this.emit('RPAREN');
  }

  private lexString(): void {
    try {
      const literal = readStringLiteral(this.input, this.start);
      this.pos = literal.end;
      this.emit('STRING', literal.value);
    } catch (e) {
      if (!(e instanceof SelectorParseError)) throw e;
      this.fail(e.reason);
    }
  }

  private lexSelector(): void {
    try {
      const { matchers, end } = parseSelectorPrefix(this.input, this.start);
      this.pos = end;
      this.tokens.push(this.token('SELECTOR', this.input.slice(this.start, end), { matchers }));
    } catch (e) {
      if (!(e instanceof SelectorParseError)) throw e;
      // Reported only when the parser accepts a selector here; otherwise "unexpected {" wins.
      this.tokens.push(this.token('SELECTOR', '{', { selectorError: { offset: e.position.offset, reason: e.reason } }));
      this.done = true;
    }
  }

  private lexNumberOrDuration(): void {
    if (this.scanNumber()) return this.emit('NUMBER', this.input.slice(this.start, this.pos));
    if (this.acceptRemainingDuration()) {
      this.backup();
      return this.emit('DURATION', this.input.slice(this.start, this.pos));
    }
    return this.fail(`bad number or duration syntax: ${goQuote(this.input.slice(this.start, this.pos))}`);
  }

  // Mirrors Prometheus's scanNumber rune by rune, so error texts quote the same prefix.
  private scanNumber(): boolean {
    const initial = this.pos;
    let digits = '0123456789';
    if (this.accept('0') && this.accept('xX')) {
      this.accept('_');
      digits = '0123456789abcdefABCDEF';
    }
    this.accept('.');
    this.accept(digits);
    let dotConsumed = false;
    let exponentConsumed = false;
    while (this.is(digits + '._eE')) {
      if (this.is('.') && dotConsumed) {
        this.accept('.');
        return false;
      }
      if (this.is('eE') && exponentConsumed) {
        this.accept('eE');
        return false;
      }
      if (this.accept('.')) {
        dotConsumed = true;
        if (this.accept('_.')) return false;
        if (digits.length > 10) return false;
        continue;
      }
      if (this.accept('eE')) {
        exponentConsumed = true;
        this.accept('+-');
        if (this.accept('._eE') || this.pos >= this.input.length) return false;
        continue;
      }
      if (this.accept('_')) {
        if (this.accept('._eE') || this.pos >= this.input.length) return false;
        continue;
      }
      while (this.accept(digits));
    }
    if (this.pos === initial) return false;
    return !isAlphaNumeric(this.input.charCodeAt(this.pos));
  }

  private acceptRemainingDuration(): boolean {
    if (!this.accept('smhdwy')) return false;
    this.accept('s');
    while (this.accept('0123456789')) {
      while (this.accept('0123456789'));
      if (!this.accept('smhdw')) return false;
      this.accept('s');
    }
    // Go's lexer consumes the rune after the duration before checking it.
    const c = this.input.charCodeAt(this.pos);
    this.pos++;
    return !isAlphaNumeric(c);
  }

  private backup(): void {
    this.pos = Math.min(this.pos - 1, this.input.length);
  }

  private accept(valid: string): boolean {
    const c = this.input[this.pos];
    if (c !== undefined && valid.includes(c)) {
      this.pos++;
      return true;
    }
    return false;
  }

  private is(valid: string): boolean {
    const c = this.input[this.pos];
    return c !== undefined && valid.includes(c);
  }

  private runeAt(i: number): string {
    return String.fromCodePoint(this.input.codePointAt(i) ?? 0xfffd);
  }

  private emit(type: TokenType, value?: string): void {
    this.tokens.push(this.token(type, this.input.slice(this.start, this.pos), value === undefined ? {} : { value }));
  }

  private emitAfter(extra: number, type: TokenType, value: string): void {
    this.pos += extra;
    this.emit(type, value);
  }

  private token(type: TokenType, text: string, extra: { value?: string; matchers?: readonly LabelMatcher[]; selectorError?: Token['selectorError'] }): Token {
    return { type, text, value: extra.value ?? text, start: this.start, end: this.start + text.length, ...pick(extra) };
  }

  private fail(message: string, at = this.start): void {
    this.tokens.push({ type: 'ERROR', text: '', value: message, start: at, end: this.input.length });
    this.done = true;
  }
}

function pick(extra: { matchers?: readonly LabelMatcher[]; selectorError?: Token['selectorError'] }): Partial<Token> {
  if (extra.matchers !== undefined) return { matchers: extra.matchers };
  if (extra.selectorError !== undefined) return { selectorError: extra.selectorError };
  return {};
}

const DURATION_KEYWORD_STARTS = new Set([...DURATION_KEYWORDS].map((k) => k[0] as string));

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

function isAlpha(c: number): boolean {
  return c === 95 || (c >= 97 && c <= 122) || (c >= 65 && c <= 90);
}

function isAlphaNumeric(c: number): boolean {
  return isAlpha(c) || isDigit(c);
}

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13;
}

/** Go's `%q` of a token's text, shortened the way Prometheus's Item.String does. */
export function describeToken(t: Token): string {
  switch (t.type) {
    case 'EOF':
      return 'end of input';
    case 'IDENT':
      return `identifier ${goQuote(t.text)}`;
    case 'METRIC_IDENT':
      return `metric identifier ${goQuote(t.text)}`;
    case 'NUMBER':
      return `number ${shortQuote(t.text)}`;
    case 'DURATION':
      return `duration ${shortQuote(t.text)}`;
    case 'STRING':
      return `string ${shortQuote(t.text)}`;
    case 'KEYWORD':
      return `<${t.text}>`;
    case 'AGGR':
      return `<aggr:${t.text}>`;
    case 'OP':
    case 'AT':
      return `<op:${t.text}>`;
    case 'SELECTOR':
      return '"{"';
    default:
      return goQuote(t.text);
  }
}

function shortQuote(s: string): string {
  const chars = [...s];
  return chars.length > 10 ? `${goQuote(chars.slice(0, 10).join(''))}...` : goQuote(s);
}
