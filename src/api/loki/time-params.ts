import type { FastifyRequest } from 'fastify';
import { badInput } from '../../model/index.js';
import { parseDurationMs, parseRfc3339Nanos, readParam } from '../shared/index.js';

const DEFAULT_SINCE_MS = 3_600_000;
const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const INT64_MAX = 2n ** 63n - 1n;

/**
 * Parses a Loki time parameter to Unix nanoseconds, with Loki's rules: text with a '.' that is
 * a number is float seconds (rounded to the millisecond); an integer of at most 10 characters
 * is Unix seconds, a longer one Unix nanoseconds; otherwise RFC 3339. Returns undefined when
 * none applies.
 */
export function parseLokiTimeNanos(text: string): bigint | undefined {
  if (text.includes('.') && DECIMAL.test(text)) {
    const seconds = Number(text);
    if (!Number.isFinite(seconds)) return undefined;
    const whole = Math.trunc(seconds);
    const fraction = seconds - whole;
    const fractionMs = Math.sign(fraction) * Math.round(Math.abs(fraction) * 1000);
    return BigInt(whole) * 1_000_000_000n + BigInt(fractionMs) * 1_000_000n;
  }
  if (/^[+-]?\d+$/.test(text)) {
    const n = BigInt(text);
    if (n > INT64_MAX || n < -INT64_MAX - 1n) return undefined;
    return text.length <= 10 ? n * 1_000_000_000n : n;
  }
  return parseRfc3339Nanos(text);
}

/** Reads one time parameter; absent or empty gives `fallback`. */
export function readTimeParam(request: FastifyRequest, name: string, fallback: bigint): bigint {
  const text = readParam(request, name);
  if (text === undefined || text === '') return fallback;
  const ns = parseLokiTimeNanos(text);
  if (ns === undefined) {
    throw badInput(`could not parse '${name}' parameter: cannot parse ${JSON.stringify(text)} as Unix nanoseconds, Unix seconds or RFC3339`);
  }
  return ns;
}

/** A range in Unix nanoseconds: start inclusive, end exclusive (Loki's semantics). */
export interface NanoBounds {
  readonly startUnixNano: bigint;
  readonly endUnixNano: bigint;
}

/**
 * Loki's `start`/`end`/`since`: end defaults to now; start defaults to `since` (default 1h)
 * before end, or before now when end is in the future. Does not check their order.
 */
export function readBounds(request: FastifyRequest, nowMs: number): NanoBounds {
  const nowNs = BigInt(Math.trunc(nowMs)) * 1_000_000n;
  let sinceMs = DEFAULT_SINCE_MS;
  const sinceText = readParam(request, 'since');
  if (sinceText !== undefined && sinceText !== '') {
    const parsed = parseDurationMs(sinceText);
    if (parsed === undefined) throw badInput(`could not parse 'since' parameter: not a valid duration string: ${JSON.stringify(sinceText)}`);
    sinceMs = parsed;
  }
  const endUnixNano = readTimeParam(request, 'end', nowNs);
  const endOrNow = endUnixNano > nowNs ? nowNs : endUnixNano;
  const startUnixNano = readTimeParam(request, 'start', endOrNow - BigInt(sinceMs) * 1_000_000n);
  return { startUnixNano, endUnixNano };
}

/** `readBounds`, rejecting an end before the start as Loki does. */
export function readOrderedBounds(request: FastifyRequest, nowMs: number): NanoBounds {
  const bounds = readBounds(request, nowMs);
  if (bounds.endUnixNano < bounds.startUnixNano) throw badInput('end timestamp must not be before or equal to start time');
  return bounds;
}

/**
 * Loki's `step` for range queries, in nanoseconds: float seconds (truncated to the nanosecond,
 * as Go converts them) or a duration; absent or empty is Loki's default, range / 250 in whole
 * seconds and at least 1s. It must be positive and give at most 11,000 points over the range.
 */
export function readStepNanos(request: FastifyRequest, bounds: NanoBounds): bigint {
  const rangeNanos = bounds.endUnixNano - bounds.startUnixNano;
  const text = readParam(request, 'step');
  let stepNanos: bigint;
  if (text === undefined || text === '') {
    stepNanos = BigInt(Math.max(Math.floor(Number(rangeNanos) / 1e9 / 250), 1)) * 1_000_000_000n;
  } else {
    let nanos: number | undefined;
    if (DECIMAL.test(text)) nanos = Math.trunc(Number(text) * 1e9);
    else nanos = parseDurationMs(text) === undefined ? undefined : (parseDurationMs(text) as number) * 1e6;
    if (nanos === undefined || !Number.isFinite(nanos)) throw badInput(`cannot parse ${JSON.stringify(text)} to a valid duration`);
    if (Math.abs(nanos) >= 2 ** 63) throw badInput(`cannot parse ${JSON.stringify(text)} to a valid duration. It overflows int64`);
    stepNanos = BigInt(nanos);
  }
  if (stepNanos <= 0n) throw badInput('zero or negative query resolution step widths are not accepted. Try a positive integer');
  if (rangeNanos / stepNanos > 11_000n) {
    throw badInput('exceeded maximum resolution of 11,000 points per time series. Try increasing the value of the step parameter');
  }
  return stepNanos;
}
