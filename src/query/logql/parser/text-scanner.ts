import { readStringLiteral, skipSpace } from '../../selector/index.js';
import { describeAt, syntaxError } from './parse-errors.js';

const WORD = /[A-Za-z_][A-Za-z0-9_]*/y;
/**
 * Go's text/scanner numbers: decimal and float with exponent; hexadecimal (with an optional
 * fraction and `p` exponent); binary `0b` and octal `0o` integers.
 */
const NUMBER = /(?:0[xX](?:[0-9a-fA-F]+\.?[0-9a-fA-F]*|\.[0-9a-fA-F]+)(?:[pP][+-]?\d+)?|0[bB][01]+|0[oO][0-7]+|(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)/y;
/** What Go's strconv.ParseFloat reads among those: hexadecimal only as a float with a `p` exponent. */
const HEX_FLOAT = /^0[xX]([0-9a-fA-F]*)\.?([0-9a-fA-F]*)[pP]([+-]?\d+)$/;

/**
 * A cursor over a LogQL query for the hand-written parser: words, numbers, strings and
 * punctuation, skipping spaces and `#` comments before each. Errors are `bad_input` in Loki's
 * wording with the line and column of `at`.
 */
export class TextScanner {
  at = 0;

  constructor(readonly input: string) {}

  /** Skips spaces and comments; returns the offset of the next token. */
  skip(): number {
    this.at = skipSpace(this.input, this.at);
    return this.at;
  }

  atEnd(): boolean {
    return this.skip() >= this.input.length;
  }

  /** The next character (after spaces), without consuming it. */
  peekChar(): string | undefined {
    return this.input[this.skip()];
  }

  /** The next word (identifier) lower-cased, without consuming it; '' when none starts here. */
  peekWord(): string {
    return this.wordAt(this.skip()).toLowerCase();
  }

  /** The word starting at `at` exactly as written, or ''. */
  wordAt(at: number): string {
    WORD.lastIndex = at;
    return WORD.exec(this.input)?.[0] ?? '';
  }

  /** Consumes the next word when it is `word` (case-insensitive). */
  acceptWord(word: string): boolean {
    if (this.peekWord() !== word) return false;
    this.at += word.length;
    return true;
  }

  /** Consumes `text` when it comes next. */
  accept(text: string): boolean {
    if (!this.input.startsWith(text, this.skip())) return false;
    this.at += text.length;
    return true;
  }

  expect(text: string, context: string): void {
    if (!this.accept(text)) throw this.unexpected(`expected "${text}" ${context}`);
  }

  /** True when, after the current word, the next token is `(`: a function call, as Loki's lexer decides. */
  callFollows(word: string): boolean {
    return this.input[skipSpace(this.input, this.skip() + word.length)] === '(';
  }

  /** Reads an identifier (a label name) or throws. */
  identifier(context: string): string {
    const word = this.wordAt(this.skip());
    if (word === '') throw this.unexpected(`expected a label name ${context}`);
    this.at += word.length;
    return word;
  }

  /** Reads a number (optionally signed when `signed`), or returns undefined without consuming. */
  number(signed: boolean): { readonly text: string; readonly value: number } | undefined {
    const start = this.skip();
    let i = start;
    if (signed && (this.input[i] === '+' || this.input[i] === '-')) i = skipSpace(this.input, i + 1);
    NUMBER.lastIndex = i;
    const m = NUMBER.exec(this.input);
    if (m === null) return undefined;
    const end = i + m[0].length;
    // `5m` or `10KB` is a duration or a byte size to Loki, never a number.
    if (/[A-Za-z_µ]/.test(this.input[end] ?? '')) throw syntaxError(this.input, start, `unexpected ${describeAt(this.input, i)}, expected a number`);
    const magnitude = parseGoFloat(m[0]);
    if (magnitude === undefined) {
      throw syntaxError(this.input, start, `unable to parse literal as a float: strconv.ParseFloat: parsing ${JSON.stringify(m[0])}: invalid syntax`);
    }
    this.at = end;
    return { text: this.input.slice(start, end), value: this.input[start] === '-' ? -magnitude : magnitude };
  }

  /** Reads a double-quoted or backtick string. */
  string(context: string): string {
    const start = this.skip();
    const q = this.input[start];
    if (q !== '"' && q !== '`') throw this.unexpected(`expected a string ${context}`);
    const literal = readStringLiteral(this.input, start, '"`');
    this.at = literal.end;
    return literal.value;
  }

  /** `(a, b)` label list; `()` is empty. */
  labelList(context: string): string[] {
    this.expect('(', context);
    const labels: string[] = [];
    if (this.accept(')')) return labels;
    for (;;) {
      labels.push(this.identifier(context));
      if (this.accept(')')) return labels;
      this.expect(',', `or ")" ${context}`);
    }
  }

  /** A syntax error at the next token: "unexpected <token>, <what>". */
  unexpected(what: string, at = this.skip()): Error {
    return syntaxError(this.input, at, `unexpected ${describeAt(this.input, at)}${what === '' ? '' : `, ${what}`}`);
  }

  error(at: number, reason: string): Error {
    return syntaxError(this.input, at, reason);
  }
}

/** Go's strconv.ParseFloat for the numbers the scanner reads; undefined where Go fails. */
function parseGoFloat(text: string): number | undefined {
  if (/^0[bBoO]/.test(text)) return undefined;
  if (/^0[xX]/.test(text)) {
    const m = HEX_FLOAT.exec(text);
    if (m === null) return undefined;
    const whole = m[1] as string;
    const fraction = m[2] as string;
    const mantissa = parseInt(whole + fraction || '0', 16) / 16 ** fraction.length;
    return mantissa * 2 ** Number(m[3]);
  }
  return Number(text);
}
