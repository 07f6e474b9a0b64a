import { goQuote } from './go-format.js';

const INT64_MAX = 2n ** 63n - 1n;

/**
 * The value of a NUMBER token the way Prometheus computes it: Go's `strconv.ParseInt(s, 0, 64)`
 * first (so `0x1f` is 31 and, as in Go, a leading zero means octal: `010` is 8), then
 * `strconv.ParseFloat`. `Inf` and `NaN` in any case. Returns the error text instead of a
 * number when Go would fail.
 */
export function parseNumber(text: string): number | string {
  const lower = text.toLowerCase();
  if (lower === 'inf') return Infinity;
  if (lower === 'nan') return NaN;
  const s = text.replaceAll('_', '');
  const asInt = parseGoInt(s);
  if (asInt !== undefined) return asInt;
  if (/^0x/i.test(s)) return `error parsing number: strconv.ParseFloat: parsing ${goQuote(text)}: invalid syntax`;
  const v = Number(s);
  if (Number.isNaN(v)) return `error parsing number: strconv.ParseFloat: parsing ${goQuote(text)}: invalid syntax`;
  if (!Number.isFinite(v)) return `error parsing number: strconv.ParseFloat: parsing ${goQuote(text)}: value out of range`;
  return v;
}

function parseGoInt(s: string): number | undefined {
  let big: bigint;
  if (/^0x[0-9a-f]+$/i.test(s)) big = BigInt(s);
  else if (/^0[0-7]+$/.test(s)) big = BigInt(`0o${s.slice(1)}`);
  else if (/^[0-9]+$/.test(s) && !/^0[0-9]/.test(s)) big = BigInt(s);
  else return undefined;
  return big > INT64_MAX ? undefined : Number(big);
}
