import { NANOS_PER_MILLI } from '../../model/index.js';

export const MS_PER_DAY = 86_400_000;
const NANOS_PER_DAY = BigInt(MS_PER_DAY) * NANOS_PER_MILLI;

/** The UTC day number (days since the Unix epoch) of a millisecond timestamp. */
export function utcDayOfMs(timeMs: number): number {
  return Math.floor(timeMs / MS_PER_DAY);
}

/** The UTC day number of a nanosecond timestamp (floor division, also before 1970). */
export function utcDayOfNanos(timeUnixNano: bigint): number {
  const q = timeUnixNano / NANOS_PER_DAY;
  return Number(timeUnixNano < 0n && q * NANOS_PER_DAY !== timeUnixNano ? q - 1n : q);
}

/** The oldest millisecond timestamp still inside a retention window ending now. */
export function cutoffMs(nowMs: number, retentionMs: number): number {
  return nowMs - retentionMs;
}

/** The oldest nanosecond timestamp still inside a retention window ending now. */
export function cutoffNanos(nowMs: number, retentionMs: number): bigint {
  return BigInt(Math.floor(nowMs - retentionMs)) * NANOS_PER_MILLI;
}
