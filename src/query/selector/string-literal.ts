import { SelectorParseError } from './parse-error.js';

/** A decoded string literal and the offset just after its closing quote. */
export interface StringLiteral {
  readonly value: string;
  readonly end: number;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Reads the string literal starting at `input[start]`, which must be one of `quotes`
 * (default: double quote, single quote, backtick).
 *
 * Escapes follow Go and PromQL: in `"..."` and `'...'` the escapes `\a \b \f \n \r \t \v \\`
 * and the enclosing quote, octal `\NNN` (at most \377), `\xNN` (both a byte each, so
 * `"\xc3\xa9"` is "é"), `\uNNNN` and `\UNNNNNNNN` (code points, surrogates rejected); a
 * newline ends the literal with an error. Backtick strings are raw: no escapes, newlines
 * allowed. Bytes that do not form valid UTF-8 are an error.
 *
 * Throws SelectorParseError with the position of the problem.
 */
export function readStringLiteral(input: string, start: number, quotes = '"\'`'): StringLiteral {
  const quote = input[start];
  if (quote === undefined || !quotes.includes(quote)) {
    throw new SelectorParseError(input, start, 'expected a string literal');
  }
  if (quote === '`') {
    const close = input.indexOf('`', start + 1);
    if (close < 0) throw new SelectorParseError(input, start, 'unterminated raw string');
    return { value: input.slice(start + 1, close), end: close + 1 };
  }

  let out = '';
  let bytes: number[] | null = null;
  const flushBytes = (at: number): void => {
    if (bytes === null) return;
    try {
      out += utf8.decode(Uint8Array.from(bytes));
    } catch (e) {
      throw new SelectorParseError(input, at, 'invalid UTF-8 rune', { cause: e });
    }
    bytes = null;
  };

  let i = start + 1;
  for (;;) {
    const ch = input[i];
    if (ch === undefined || ch === '\n') throw new SelectorParseError(input, start, 'unterminated quoted string');
    if (ch === quote) {
      flushBytes(start);
      return { value: out, end: i + 1 };
    }
    if (ch !== '\\') {
      flushBytes(start);
      out += ch;
      i++;
      continue;
    }
    const escapeAt = i;
    const e = input[i + 1];
    i += 2;
    const simple = e === undefined ? undefined : SIMPLE_ESCAPES[e];
    if (simple !== undefined || e === quote) {
      flushBytes(start);
      out += simple ?? quote;
      continue;
    }
    let digits: number;
    let base: number;
    let max: number;
    let isByte: boolean;
    if (e === undefined) {
      throw new SelectorParseError(input, escapeAt, 'escape sequence not terminated');
    } else if (e >= '0' && e <= '7') {
      [digits, base, max, isByte] = [3, 8, 255, true];
      i--; // the first octal digit is part of the value
    } else if (e === 'x') {
      [digits, base, max, isByte] = [2, 16, 255, true];
    } else if (e === 'u') {
      [digits, base, max, isByte] = [4, 16, 0x10ffff, false];
    } else if (e === 'U') {
      [digits, base, max, isByte] = [8, 16, 0x10ffff, false];
    } else {
      const escaped = String.fromCodePoint(input.codePointAt(escapeAt + 1) ?? 0);
      throw new SelectorParseError(input, escapeAt, `unknown escape sequence ${formatRune(escaped)}`);
    }
    let value = 0;
    for (let n = 0; n < digits; n++, i++) {
      const d = input[i];
      if (d === undefined) throw new SelectorParseError(input, escapeAt, 'escape sequence not terminated');
      const v = digitValue(d);
      if (v >= base) throw new SelectorParseError(input, escapeAt, `illegal character ${formatRune(d)} in escape sequence`);
      value = value * base + v;
    }
    if (value > max || (value >= 0xd800 && value < 0xe000)) {
      throw new SelectorParseError(input, escapeAt, 'escape sequence is an invalid Unicode code point');
    }
    if (isByte) {
      (bytes ??= []).push(value);
    } else {
      flushBytes(start);
      out += String.fromCodePoint(value);
    }
  }
}

const SIMPLE_ESCAPES: Readonly<Record<string, string>> = {
  a: '\x07',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
  '\\': '\\',
};

function digitValue(ch: string): number {
  const c = ch.charCodeAt(0);
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 97 && c <= 102) return c - 87;
  if (c >= 65 && c <= 70) return c - 55;
  return 16;
}

/** Go's `%#U` rendering of a character: `U+0071 'q'`, or just `U+0007` when not printable. */
export function formatRune(ch: string): string {
  const cp = ch.codePointAt(0) ?? 0;
  const hex = `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;
  return /^[\p{L}\p{M}\p{N}\p{P}\p{S} ]$/u.test(ch) ? `${hex} '${ch}'` : hex;
}

/** Go's `%q` rendering of one character: `'x'`, `'\n'`, `'\''`. */
export function quoteRune(ch: string): string {
  const named: Record<string, string> = { '\n': '\\n', '\t': '\\t', '\r': '\\r', "'": "\\'", '\\': '\\\\' };
  const n = named[ch];
  if (n !== undefined) return `'${n}'`;
  const cp = ch.codePointAt(0) ?? 0;
  if (cp < 0x20 || cp === 0x7f) return `'\\x${cp.toString(16).padStart(2, '0')}'`;
  return `'${ch}'`;
}
