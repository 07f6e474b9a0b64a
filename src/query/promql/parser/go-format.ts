/**
 * The few Go formatting routines the PromQL printer and error messages need, so that output
 * matches Prometheus byte for byte.
 */

/** Go's `strconv.FormatFloat(v, 'f', -1, 64)`: shortest round-trip digits, never an exponent. */
export function formatFloatF(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return '+Inf';
  if (v === -Infinity) return '-Inf';
  if (Object.is(v, -0)) return '-0';
  const s = String(v);
  const e = s.indexOf('e');
  if (e < 0) return s;
  return expandExponent(s.slice(0, e), Number(s.slice(e + 1)));
}

/** Go's `%v` / `strconv.FormatFloat(v, 'g', -1, 64)`: exponent form below 1e-4 and from 1e6. */
export function formatFloatG(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return '+Inf';
  if (v === -Infinity) return '-Inf';
  if (v === 0) return Object.is(v, -0) ? '-0' : '0';
  const [mantissa = '', exp = '0'] = v.toExponential().split('e');
  const x = Number(exp);
  if (x < -4 || x >= 6) return `${mantissa}e${x < 0 ? '-' : '+'}${String(Math.abs(x)).padStart(2, '0')}`;
  return formatFloatF(v);
}

/** Go's `%f` (six decimals, ties to even on the exact binary value, `+Inf`, `-0.000000`): error texts. */
export function formatFloatFixed6(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return '+Inf';
  if (v === -Infinity) return '-Inf';
  const abs = Math.abs(v);
  const sign = v < 0 || Object.is(v, -0) ? '-' : '';
  if (abs >= 1e21) {
    // toFixed switches to exponent notation here; such doubles are integers, BigInt prints them whole.
    return `${sign}${BigInt(abs).toString()}.000000`;
  }
  // toFixed breaks exact ties away from zero; Go rounds them to even. A tie at the sixth
  // decimal needs abs to be an odd multiple of 2^-7 (1e6 / 128 = 7812.5); below 2^40 the
  // scaled value is still an exact integer.
  const times128 = abs * 128;
  if (abs < 2 ** 40 && Number.isInteger(times128) && times128 % 2 === 1) {
    const scaled = abs * 1e6;
    const lower = Math.floor(scaled);
    const even = lower % 2 === 0 ? lower : lower + 1;
    return sign + formatMicros(even);
  }
  return sign + abs.toFixed(6);
}

function formatMicros(micros: number): string {
  const whole = Math.floor(micros / 1e6);
  const frac = String(micros - whole * 1e6).padStart(6, '0');
  return `${whole}.${frac}`;
}

function expandExponent(mantissa: string, exp: number): string {
  const negative = mantissa.startsWith('-');
  const digits = (negative ? mantissa.slice(1) : mantissa).replace('.', '');
  const dot = (negative ? mantissa.slice(1) : mantissa).indexOf('.');
  const intLen = (dot < 0 ? digits.length : dot) + exp;
  let out: string;
  if (intLen <= 0) out = `0.${'0'.repeat(-intLen)}${digits}`;
  else if (intLen >= digits.length) out = digits + '0'.repeat(intLen - digits.length);
  else out = `${digits.slice(0, intLen)}.${digits.slice(intLen)}`;
  return negative ? `-${out}` : out;
}

/** Go's `strconv.Quote`: double quotes, printable Unicode kept, everything else escaped. */
export function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const cp = ch.codePointAt(0) ?? 0;
    const named = NAMED_ESCAPES[ch];
    if (named !== undefined) out += named;
    else if (cp >= 0x20 && cp < 0x7f) out += ch;
    else if (cp >= 0x80 && PRINTABLE.test(ch)) out += ch;
    else if (cp < 0x100) out += `\\x${cp.toString(16).padStart(2, '0')}`;
    else if (cp < 0x10000) out += `\\u${cp.toString(16).padStart(4, '0')}`;
    else out += `\\U${cp.toString(16).padStart(8, '0')}`;
  }
  return `${out}"`;
}

const PRINTABLE = /^[\p{L}\p{M}\p{N}\p{P}\p{S}]$/u;

const NAMED_ESCAPES: Readonly<Record<string, string>> = {
  '\x07': '\\a',
  '\b': '\\b',
  '\f': '\\f',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '\v': '\\v',
  '\\': '\\\\',
  '"': '\\"',
};

/** Prometheus's `model.Duration.String()`; see the model. */
export { formatPrometheusDuration as formatDurationMs } from '../../../model/index.js';

const DURATION_UNITS: Readonly<Record<string, readonly [pos: number, ms: number]>> = {
  y: [1, 365 * 86_400_000],
  w: [2, 7 * 86_400_000],
  d: [3, 86_400_000],
  h: [4, 3_600_000],
  m: [5, 60_000],
  s: [6, 1000],
  ms: [7, 1],
};

/**
 * Prometheus's `model.ParseDuration` to milliseconds. Returns the error text Prometheus
 * would report instead of a number when the string is not a valid duration.
 */
export function parseDurationMs(text: string): number | string {
  if (text === '0') return 0;
  if (text === '') return 'empty duration string';
  const invalid = `not a valid duration string: ${goQuote(text)}`;
  let ms = 0;
  let lastUnit = 0;
  let i = 0;
  while (i < text.length) {
    let j = i;
    while (j < text.length && isDigit(text.charCodeAt(j))) j++;
    if (j === i) return invalid;
    const v = Number(text.slice(i, j));
    let k = j;
    while (k < text.length && !isDigit(text.charCodeAt(k))) k++;
    if (k === j) return invalid;
    const unitText = text.slice(j, k);
    const unit = DURATION_UNITS[unitText];
    if (unit === undefined) return `unknown unit ${goQuote(unitText)} in duration ${goQuote(text)}`;
    if (unit[0] <= lastUnit) return invalid;
    lastUnit = unit[0];
    ms += v * unit[1];
    // time.Duration is int64 nanoseconds.
    if (ms * 1e6 > 2 ** 63 - 1) return 'duration out of range';
    i = k;
  }
  return ms;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}
