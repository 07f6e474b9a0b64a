import { parsePrometheusDurationMs } from '../../../model/index.js';

const NS_PER_MS = 1_000_000n;

/**
 * The duration inside `[...]` of a log range, read as Loki reads it: Prometheus's duration
 * syntax (`5m`, `1h30m`, `2d`, `1w`, `1y`, `500ms`, `0`), the text taken exactly as written (no
 * spaces). Returns nanoseconds, or the reason in Prometheus's words.
 */
export function parseRangeNanos(text: string): bigint | { readonly error: string } {
  if (text === '') return { error: 'empty duration string' };
  const ms = parsePrometheusDurationMs(text);
  if (ms === undefined) return { error: `not a valid duration string: ${JSON.stringify(text)}` };
  return BigInt(ms) * NS_PER_MS;
}

const GO_UNIT_NS: Readonly<Record<string, number>> = { ns: 1, us: 1e3, µs: 1e3, μs: 1e3, ms: 1e6, s: 1e9, m: 60e9, h: 3600e9 };
const GO_PART = /^(\d*\.?\d*)(ns|us|µs|μs|ms|s|m|h)/;

/**
 * The duration after `offset`, as Loki's lexer reads it: Prometheus's syntax first, else Go's
 * `time.ParseDuration` (`1.5h`, `90s`, `250us`, a leading sign). Returns nanoseconds, or
 * undefined when neither reads it.
 */
export function parseOffsetNanos(text: string): bigint | undefined {
  const negative = text.startsWith('-');
  const body = negative || text.startsWith('+') ? text.slice(1) : text;
  const prometheus = parsePrometheusDurationMs(body);
  let ns: bigint | undefined = prometheus === undefined ? undefined : BigInt(prometheus) * NS_PER_MS;
  if (ns === undefined) ns = parseGoDuration(body);
  if (ns === undefined) return undefined;
  return negative ? -ns : ns;
}

function parseGoDuration(text: string): bigint | undefined {
  if (text === '0') return 0n;
  if (text === '') return undefined;
  let rest = text;
  let total = 0;
  while (rest !== '') {
    const m = GO_PART.exec(rest);
    if (m === null) return undefined;
    const number = m[1] as string;
    if (number === '' || number === '.') return undefined;
    total += Number(number) * (GO_UNIT_NS[m[2] as string] as number);
    rest = rest.slice(m[0].length);
  }
  if (!Number.isFinite(total) || total > 2 ** 63) return undefined;
  return BigInt(Math.round(total));
}
