/** Time units. Milliseconds are exact in a double up to 2^53; nanoseconds need bigint. */
export const NANOS_PER_MILLI = 1_000_000n;
export const NANOS_PER_SECOND = 1_000_000_000n;

export function nanosToMillis(ns: bigint): number {
  return Number(ns / NANOS_PER_MILLI);
}

/** A closed time range in Unix nanoseconds. */
export interface NanoRange {
  readonly startUnixNano: bigint;
  readonly endUnixNano: bigint;
}

/** A closed time range in Unix milliseconds. */
export interface MilliRange {
  readonly startMs: number;
  readonly endMs: number;
}

/** An injectable clock, so that tests never sleep. */
export type Clock = () => number;
export const systemClock: Clock = () => Date.now();
