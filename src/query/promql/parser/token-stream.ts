import type { PosRange } from './ast.js';
import type { Token, TokenType } from './lexer.js';
import { describeToken, lex } from './lexer.js';
import { PromqlParseError } from './parse-error.js';

/**
 * The parser's view of the tokens: one token of lookahead, and errors worded like Prometheus's.
 * `aggregationDepth` counts the aggregations whose argument list is open: Prometheus's grammar
 * recovers from a syntax error there with "... in aggregation".
 */
/** Deepest nesting of (sub)expressions accepted; real queries stay far below it. */
const MAX_NESTING = 500;

export class TokenStream {
  readonly input: string;
  private readonly tokens: Token[];
  private index = 0;
  aggregationDepth = 0;
  private nesting = 0;

  constructor(input: string) {
    this.input = input;
    this.tokens = lex(input);
  }

  peek(offset = 0): Token {
    const t = this.tokens[Math.min(this.index + offset, this.tokens.length - 1)];
    if (t === undefined) throw new Error('BUG: the lexer returned no tokens');
    return t;
  }

  next(): Token {
    const t = this.peek();
    if (this.index < this.tokens.length - 1) this.index++;
    return t;
  }

  /** The end offset of the last consumed token. */
  lastEnd(): number {
    return this.tokens[this.index - 1]?.end ?? 0;
  }

  is(type: TokenType, value?: string): boolean {
    const t = this.peek();
    return t.type === type && (value === undefined || t.value === value);
  }

  /** Consumes a token of `type`, or fails with the generic "unexpected ..." error. */
  expect(type: TokenType, context = '', expected = ''): Token {
    if (!this.is(type)) throw this.unexpected(context, expected);
    return this.next();
  }

  /**
   * "unexpected <token>[ in <context>][, expected <expected>]" at the next token; a lexer error
   * there is reported instead, as Prometheus reports the first error it meets.
   */
  unexpected(context = '', expected = ''): PromqlParseError {
    const t = this.peek();
    if (t.type === 'ERROR') return this.error({ start: t.start, end: t.end }, t.value);
    if (t.type === 'SELECTOR' && t.selectorError !== undefined && context === 'label matching') {
      return this.error({ start: t.selectorError.offset, end: t.end }, t.selectorError.reason);
    }
    if (context === '' && this.aggregationDepth > 0) context = 'aggregation';
    let message = `unexpected ${describeToken(t)}`;
    if (context !== '') message += ` in ${context}`;
    if (expected !== '') message += `, expected ${expected}`;
    return this.error({ start: t.start, end: t.end }, message);
  }

  /**
   * Runs `parse` one nesting level deeper. Every later pass (type checks, printing,
   * evaluation) recurses over the tree, so a hostile `((((...` must end here as a parse error,
   * not as a stack overflow.
   */
  nested<T>(parse: () => T): T {
    if (++this.nesting > MAX_NESTING) {
      const t = this.peek();
      this.nesting = 0;
      throw this.error({ start: t.start, end: t.end }, `expression nested too deeply (more than ${MAX_NESTING} levels)`);
    }
    try {
      return parse();
    } finally {
      this.nesting--;
    }
  }

  error(pos: PosRange, reason: string): PromqlParseError {
    return new PromqlParseError(this.input, pos, reason);
  }
}
