import { parseRfc3339Nanos } from '../shared/index.js';
import { invalidParam } from './errors.js';

/** The earliest and latest times a Prometheus request can name, in ms (JavaScript Date's range). */
export const MIN_TIME_MS = -8_640_000_000_000_000;
export const MAX_TIME_MS = 8_640_000_000_000_000;

/** Go's rendering of Prometheus's MinTime/MaxTime, which client_golang sends for open ranges. */
const PROMETHEUS_MIN_TIME = '-292273086-05-16T16:47:06Z';
const PROMETHEUS_MAX_TIME = '292277025-08-18T07:12:54.999999999Z';

const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/**
 * Parses a Prometheus time parameter to Unix ms: seconds with an optional fraction (rounded to
 * the millisecond, as Prometheus does) or RFC 3339. Values beyond the supported range are
 * clamped to it. Returns undefined when the text is neither.
 */
export function parsePrometheusTimeMs(text: string): number | undefined {
  if (DECIMAL.test(text)) {
    const seconds = Number(text);
    if (!Number.isFinite(seconds)) return undefined;
    const whole = Math.trunc(seconds);
    const fraction = seconds - whole;
    // Go's math.Round: halves away from zero.
    const fractionMs = Math.sign(fraction) * Math.round(Math.abs(fraction) * 1000);
    return clamp(whole * 1000 + fractionMs);
  }
  if (text === PROMETHEUS_MIN_TIME) return MIN_TIME_MS;
  if (text === PROMETHEUS_MAX_TIME) return MAX_TIME_MS;
  const ns = parseRfc3339Nanos(text);
  if (ns === undefined) return undefined;
  // Floor division: Go's time keeps nanoseconds in [0, 1e9) even before 1970.
  const ms = ns / 1_000_000n - (ns % 1_000_000n < 0n ? 1n : 0n);
  return clamp(Number(ms));
}

/** Reads an optional time parameter; absent or empty gives `fallback`. Throws bad_data otherwise. */
export function timeParam(name: string, text: string | undefined, fallback: number): number {
  if (text === undefined || text === '') return fallback;
  const ms = parsePrometheusTimeMs(text);
  if (ms === undefined) {
    throw invalidParam(name, `invalid time value for '${name}': cannot parse ${JSON.stringify(text)} to a valid timestamp`);
  }
  return ms;
}

function clamp(ms: number): number {
  return Math.min(MAX_TIME_MS, Math.max(MIN_TIME_MS, ms));
}
