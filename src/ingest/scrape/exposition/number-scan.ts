/**
 * Number tokens of the exposition formats, parsed straight from the page text without
 * substrings in the common cases.
 *
 * Prometheus parses values with Go's `strconv.ParseFloat` but rejects `p`, `P` and `_`
 * (model/textparse `parseFloat`, "keep to pre-Go 1.13 float formats"), which rules out hex
 * floats (Go requires a `p` exponent on them) and digit separators. What remains, and what we
 * accept: an optional sign, decimal digits with an optional `.` and optional `e` exponent, or
 * (case-insensitively) `Inf`/`Infinity` with an optional sign and `NaN` without one. Values that
 * overflow a float64 are errors, as in Go.
 */

const C_0 = 0x30;
const C_9 = 0x39;
const C_PLUS = 0x2b;
const C_MINUS = 0x2d;
const C_DOT = 0x2e;
const C_LOWER = 0x20;
const C_e = 0x65;

/** Powers of ten that are exact in a float64; 10^22 is the last one. */
const EXACT_POW10: readonly number[] = Array.from({ length: 23 }, (_, i) => Number(`1e${i}`));
/** Mantissas below 10^15 are exact integers in a float64 (2^53 ≈ 9.007e15). */
const MAX_EXACT_DIGITS = 15;
const INT64_LIMIT = 2 ** 63;

/**
 * Parses `text[start, end)` as a float; `undefined` when it is not one. A decimal with at most
 * 15 significant digits and a power-of-ten scale within 10^±22 is one correctly rounded IEEE
 * multiplication or division of two exact numbers (Clinger's fast path); anything else goes
 * through `Number`, which rounds correctly too, after our own syntax check.
 */
export function parseFloatToken(text: string, start: number, end: number): number | undefined {
  let i = start;
  if (i >= end) return undefined;
  let c = text.charCodeAt(i);
  const signed = c === C_PLUS || c === C_MINUS;
  const negative = c === C_MINUS;
  if (signed && ++i >= end) return undefined;
  c = text.charCodeAt(i) | C_LOWER;
  if (c === 0x69 /* i */ || c === 0x6e /* n */) return parseSpecial(text, i, end, signed, negative);

  let mantissa = 0;
  let significant = 0;
  let scale = 0;
  let sawDigit = false;
  let sawDot = false;
  for (; i < end; i++) {
    c = text.charCodeAt(i);
    if (c >= C_0 && c <= C_9) {
      sawDigit = true;
      if (mantissa === 0 && c === C_0) {
        if (sawDot) scale--;
        continue;
      }
      significant++;
      if (significant <= MAX_EXACT_DIGITS) {
        mantissa = mantissa * 10 + (c - C_0);
        if (sawDot) scale--;
      } else if (!sawDot) {
        scale++;
      }
    } else if (c === C_DOT && !sawDot) {
      sawDot = true;
    } else {
      break;
    }
  }
  if (!sawDigit) return undefined;
  if (i < end) {
    if ((c | C_LOWER) !== C_e) return undefined;
    const exponent = parseExponent(text, i + 1, end);
    if (exponent === undefined) return undefined;
    scale += exponent;
  }

  let value: number;
  if (significant <= MAX_EXACT_DIGITS && scale >= -22 && scale <= 22) {
    value = scale < 0 ? mantissa / (EXACT_POW10[-scale] as number) : mantissa * (EXACT_POW10[scale] as number);
    if (negative) value = -value;
  } else {
    value = Number(text.slice(start, end));
    if (!Number.isFinite(value)) return undefined;
  }
  return value;
}

/** `[+-]?digits` to the end of the token; huge exponents are clamped, they only decide 0 or overflow. */
function parseExponent(text: string, start: number, end: number): number | undefined {
  let i = start;
  if (i >= end) return undefined;
  const c = text.charCodeAt(i);
  const negative = c === C_MINUS;
  if ((c === C_PLUS || negative) && ++i >= end) return undefined;
  let exponent = 0;
  for (; i < end; i++) {
    const d = text.charCodeAt(i);
    if (d < C_0 || d > C_9) return undefined;
    if (exponent < 100_000) exponent = exponent * 10 + (d - C_0);
  }
  return negative ? -exponent : exponent;
}

/** `inf`, `infinity` (signed or not) and unsigned `nan`, in any case, as Go accepts them. */
function parseSpecial(text: string, start: number, end: number, signed: boolean, negative: boolean): number | undefined {
  const length = end - start;
  if (length === 3 && matchesLower(text, start, 'nan')) return signed ? undefined : NaN;
  if ((length === 3 || length === 8) && matchesLower(text, start, length === 3 ? 'inf' : 'infinity')) {
    return negative ? -Infinity : Infinity;
  }
  return undefined;
}

function matchesLower(text: string, start: number, word: string): boolean {
  for (let k = 0; k < word.length; k++) {
    if ((text.charCodeAt(start + k) | C_LOWER) !== word.charCodeAt(k)) return false;
  }
  return true;
}

/**
 * Parses `text[start, end)` as a non-negative decimal integer within int64 (the text format's
 * millisecond timestamps: Prometheus lexes them as digits only); `undefined` otherwise.
 */
export function parseIntegerToken(text: string, start: number, end: number): number | undefined {
  if (start >= end) return undefined;
  let value = 0;
  for (let i = start; i < end; i++) {
    const d = text.charCodeAt(i);
    if (d < C_0 || d > C_9) return undefined;
    value = value * 10 + (d - C_0);
  }
  if (end - start > MAX_EXACT_DIGITS) {
    // Past 2^53 the running sum may round at each step; let Number round once.
    value = Number(text.slice(start, end));
    if (value >= INT64_LIMIT) return undefined;
  }
  return value;
}

/**
 * Converts OpenMetrics float seconds to integer milliseconds the way Prometheus does
 * (`int64(seconds * 1000)`: multiply, then truncate toward zero); `undefined` for NaN, infinities
 * and anything outside int64.
 */
export function secondsToMs(seconds: number): number | undefined {
  const ms = Math.trunc(seconds * 1000);
  if (!(ms > -INT64_LIMIT && ms < INT64_LIMIT)) return undefined;
  return ms === 0 ? 0 : ms;
}
