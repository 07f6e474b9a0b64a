import { NANOS_PER_SECOND, badInput } from '../../model/index.js';

/**
 * Entry timestamps as exact Unix nanoseconds (bigint; a double would round them). A timestamp
 * that cannot be read makes the whole request a 400, as in Loki, where it fails to unmarshal.
 * One that reads but lies outside what the store keeps (before 1970, after 9999) is left to
 * the store, which counts it as `invalid`.
 */

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const DECIMAL = /^-?\d{1,19}$/;

function checkInt64(ns: bigint, what: () => string): bigint {
  if (ns < INT64_MIN || ns > INT64_MAX) throw badInput(`invalid timestamp ${what()}: outside the int64 nanosecond range`);
  return ns;
}

/**
 * A google.protobuf.Timestamp: `nanos` must be in [0, 1e9), as the protobuf definition (and
 * gogo's decoding in Loki) requires.
 */
export function timestampFromProto(seconds: bigint, nanos: number, where: () => string): bigint {
  if (nanos < 0 || nanos >= 1e9) throw badInput(`invalid timestamp in ${where()}: nanos ${nanos} not in range [0, 1e9)`);
  return checkInt64(seconds * NANOS_PER_SECOND + BigInt(nanos), () => `in ${where()} (seconds ${seconds})`);
}

/** The JSON push form: a string of decimal Unix nanoseconds (`"1700000000000000001"`). */
export function timestampFromNanosText(value: unknown, path: string): bigint {
  if (typeof value !== 'string' || !DECIMAL.test(value)) {
    const shown = typeof value === 'string' ? JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}...` : value) : String(value);
    throw badInput(`invalid timestamp ${shown} at ${path}: expected a string of Unix epoch nanoseconds, like "1700000000000000000"`);
  }
  return checkInt64(BigInt(value), () => `${value} at ${path}`);
}
