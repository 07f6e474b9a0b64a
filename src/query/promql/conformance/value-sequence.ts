import { STALE_NAN } from '../../../model/index.js';
import type { SequenceValue } from './script-types.js';

/**
 * Expands the value part of a series line (FORMAT.md "expanding notation"):
 * `7`, `a+bxn`, `a-bxn`, `axn`, `_`, `_xn`, `stale`, `{{...}}`, `{{A}}xn`, `{{A}}+{{B}}xn`.
 * Throws an Error naming the bad item; the caller adds the line number.
 */
export function parseValueSequence(text: string): SequenceValue[] {
  const out: SequenceValue[] = [];
  let i = 0;
  for (;;) {
    while (i < text.length && isSpace(text.charCodeAt(i))) i++;
    if (i >= text.length) return out;
    if (text.startsWith('{{', i)) {
      i = readHistogramItem(text, i, out);
      continue;
    }
    let end = i;
    while (end < text.length && !isSpace(text.charCodeAt(end))) end++;
    expandFloatItem(text.slice(i, end), out);
    i = end;
  }
}

/**
 * Parses a number the way upstream's runner reads a scalar result line (Go `strconv.ParseInt`
 * with base 0, then `strconv.ParseFloat`): `42`, `0x1f`, `017` (octal), `1e3`, `-Inf`, `NaN`.
 * Returns undefined when the text is not a number.
 */
export function parseGoNumber(text: string): number | undefined {
  const int = /^([+-]?)(0[xX][0-9a-fA-F_]+|0[oO][0-7_]+|0[bB][01_]+|0[0-7_]*|[1-9][0-9_]*)$/.exec(text);
  if (int !== null) {
    const digits = (int[2] as string).replace(/_/g, '');
    // A leading 0 without a letter is octal in Go's base-0 parsing.
    const magnitude = /^0[0-7]+$/.test(digits) ? parseInt(digits, 8) : Number(digits);
    if (Math.abs(magnitude) <= 2 ** 63) return int[1] === '-' ? -magnitude : magnitude;
  }
  return parseGoFloat(text);
}

const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

function parseGoFloat(text: string): number | undefined {
  const special = /^([+-]?)(inf|infinity|nan)$/i.exec(text);
  if (special !== null) {
    if ((special[2] as string).toLowerCase() === 'nan') return special[1] === '' ? NaN : undefined;
    return special[1] === '-' ? -Infinity : Infinity;
  }
  return DECIMAL.test(text) ? Number(text) : undefined;
}

/** A number as the series-description lexer reads it: decimal (underscores allowed), Inf, NaN; no hex. */
const SEQUENCE_NUMBER = /^[+-]?(?:inf(?:inity)?|nan|(?:\d[\d_]*(?:\.[\d_]*)?|\.\d[\d_]*)(?:[eE][+-]?\d+)?)/i;

function readNumber(item: string, from: number): { value: number; end: number } | undefined {
  const m = SEQUENCE_NUMBER.exec(item.slice(from));
  if (m === null) return undefined;
  const value = parseGoFloat(m[0].replace(/_/g, ''));
  if (value === undefined) return undefined;
  return { value, end: from + m[0].length };
}

function expandFloatItem(item: string, out: SequenceValue[]): void {
  if (item === '_') {
    out.push({ kind: 'omitted' });
    return;
  }
  if (item.startsWith('_x')) {
    // `_xn` is n empty slots, unlike `axn` (n+1 samples): upstream's grammar differs here.
    const n = readCount(item, 2);
    for (let j = 0; j < n; j++) out.push({ kind: 'omitted' });
    return;
  }
  if (item === 'stale') {
    out.push({ kind: 'float', value: STALE_NAN });
    return;
  }
  const first = readNumber(item, 0);
  if (first === undefined) throw new Error(`invalid value ${JSON.stringify(item)}`);
  let i = first.end;
  if (i === item.length) {
    out.push({ kind: 'float', value: first.value });
    return;
  }
  let delta = 0;
  if (item[i] === '+' || item[i] === '-') {
    const step = readNumber(item, i);
    if (step === undefined) throw new Error(`invalid value ${JSON.stringify(item)}`);
    delta = step.value;
    i = step.end;
  }
  if (item[i] !== 'x') throw new Error(`invalid value ${JSON.stringify(item)}`);
  const n = readCount(item, i + 1);
  // Repeated addition, not a + i*b: upstream accumulates, and so do its rounding errors.
  let v = first.value;
  out.push({ kind: 'float', value: v });
  for (let j = 1; j <= n; j++) {
    v += delta;
    out.push({ kind: 'float', value: v });
  }
}

function readCount(item: string, from: number): number {
  const digits = item.slice(from);
  if (!/^\d+$/.test(digits)) throw new Error(`invalid repetition count in ${JSON.stringify(item)}`);
  return Number(digits);
}

/** Reads `{{...}}` with an optional `xn` or `+{{...}}xn` / `-{{...}}xn` suffix; returns the end offset. */
function readHistogramItem(text: string, start: number, out: SequenceValue[]): number {
  const first = readHistogramLiteral(text, start);
  let i = first.end;
  if (i >= text.length || isSpace(text.charCodeAt(i))) {
    out.push(first.value);
    return i;
  }
  let increment: HistogramLiteral | undefined;
  if ((text[i] === '+' || text[i] === '-') && text.startsWith('{{', i + 1)) {
    increment = readHistogramLiteral(text, i + 1);
    i = increment.end;
  }
  if (text[i] !== 'x') throw new Error(`invalid histogram item at ${JSON.stringify(text.slice(start, i + 1))}`);
  let end = i + 1;
  while (end < text.length && !isSpace(text.charCodeAt(end))) end++;
  const n = readCount(text.slice(i, end), 1);
  // The literal text of later slots is not computed (the runner never loads histograms); each
  // slot keeps the first literal, which is enough to mark it as a histogram.
  for (let j = 0; j <= n; j++) out.push(first.value);
  return end;
}

interface HistogramLiteral {
  readonly value: SequenceValue;
  readonly end: number;
}

function readHistogramLiteral(text: string, start: number): HistogramLiteral {
  const close = text.indexOf('}}', start + 2);
  if (close < 0) throw new Error(`unterminated histogram literal ${JSON.stringify(text.slice(start))}`);
  const literal = text.slice(start, close + 2);
  return {
    value: { kind: 'histogram', literal, counterResetHintSet: /counter_reset_hint\s*:/.test(literal) },
    end: close + 2,
  };
}

function isSpace(c: number): boolean {
  return c === 32 || c === 9;
}
