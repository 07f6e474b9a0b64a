/**
 * Go's parsers for the values Jaeger's query service reads, with Go's error texts, since
 * Jaeger returns those texts to the client (`unable to parse param 'limit': ...`). Each throws
 * a plain Error whose message is Go's; callers wrap it into a `badInput` with their context.
 */

const MAX_INT64 = (1n << 63n) - 1n;
const MIN_INT64 = -(1n << 63n);

/** `strconv.ParseInt(s, 10, 64)`. */
export function goParseInt64(text: string): bigint {
  if (!/^[+-]?\d+$/.test(text)) throw new Error(`strconv.ParseInt: parsing ${goQuote(text)}: invalid syntax`);
  const v = BigInt(text);
  if (v > MAX_INT64 || v < MIN_INT64) throw new Error(`strconv.ParseInt: parsing ${goQuote(text)}: value out of range`);
  return v;
}

/** `strconv.ParseInt(s, 10, 32)`. */
export function goParseInt32(text: string): number {
  if (!/^[+-]?\d+$/.test(text)) throw new Error(`strconv.ParseInt: parsing ${goQuote(text)}: invalid syntax`);
  const v = BigInt(text);
  if (v > 2_147_483_647n || v < -2_147_483_648n) throw new Error(`strconv.ParseInt: parsing ${goQuote(text)}: value out of range`);
  return Number(v);
}

const UNIT_NANOS: Readonly<Record<string, bigint>> = {
  ns: 1n,
  us: 1_000n,
  'µs': 1_000n, // U+00B5 micro sign
  'μs': 1_000n, // U+03BC Greek small letter mu
  ms: 1_000_000n,
  s: 1_000_000_000n,
  m: 60_000_000_000n,
  h: 3_600_000_000_000n,
};

/**
 * `time.ParseDuration` to nanoseconds: a signed sequence of decimal numbers with optional
 * fraction and a unit each (`1.5h`, `2h45m`, `300ms`, `-1.2us`); units ns, us (µs, μs), ms, s,
 * m, h; a bare `0` is allowed. Fractions are truncated to whole nanoseconds.
 */
export function goParseDurationNanos(text: string): bigint {
  const invalid = (): Error => new Error(`time: invalid duration ${goQuote(text)}`);
  let s = text;
  let negative = false;
  if (s.startsWith('-') || s.startsWith('+')) {
    negative = s.startsWith('-');
    s = s.slice(1);
  }
  if (s === '0') return 0n;
  if (s === '') throw invalid();
  let total = 0n;
  while (s !== '') {
    const number = /^(\d*)(?:\.(\d*))?/.exec(s);
    const whole = number?.[1] ?? '';
    const fraction = number?.[2];
    if (whole === '' && (fraction === undefined || fraction === '')) throw invalid();
    s = s.slice(number?.[0].length ?? 0);
    const unitMatch = /^[^\d.]*/.exec(s);
    const unit = unitMatch?.[0] ?? '';
    if (unit === '') throw new Error(`time: missing unit in duration ${goQuote(text)}`);
    s = s.slice(unit.length);
    const unitNanos = UNIT_NANOS[unit];
    if (unitNanos === undefined) throw new Error(`time: unknown unit ${goQuote(unit)} in duration ${goQuote(text)}`);
    let v = BigInt(whole === '' ? '0' : whole) * unitNanos;
    if (fraction !== undefined && fraction !== '') v += (BigInt(fraction) * unitNanos) / 10n ** BigInt(fraction.length);
    total += v;
    if (total > MAX_INT64 + 1n) throw invalid();
  }
  if (negative) return -total;
  if (total > MAX_INT64) throw invalid();
  return total;
}

/** Go's `%q` for the printable ASCII texts we quote (JSON's escaping is the same there). */
export function goQuote(text: string): string {
  return JSON.stringify(text);
}
