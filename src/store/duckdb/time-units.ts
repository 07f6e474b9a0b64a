/**
 * Day and hour arithmetic for partitions (UTC days) and presence buckets (hours), plus the
 * clamping of query ranges to the timestamps the store accepts.
 */
export const MS_PER_HOUR = 3_600_000;
export const MS_PER_DAY = 86_400_000;
export const NS_PER_MS = 1_000_000n;
export const NS_PER_HOUR = 3_600_000_000_000n;
export const NS_PER_DAY = 86_400_000_000_000n;

/** Timestamps the store accepts: from the epoch to the end of year 9999 (8-digit day names). */
export const MIN_MS = 0;
export const MAX_MS = 253_402_300_799_999;
export const MIN_NS = 0n;
export const MAX_NS = BigInt(MAX_MS) * NS_PER_MS + 999_999n;

export function dayOfMs(ms: number): number {
  return Math.floor(ms / MS_PER_DAY);
}

/** Floor division for non-negative nanosecond times. */
export function dayOfNs(ns: bigint): number {
  return Number(ns / NS_PER_DAY);
}

export function hourOfNs(ns: bigint): number {
  return Number(ns / NS_PER_HOUR);
}

/** `yyyymmdd` of a UTC day number, used in partition table names. */
export function dayName(day: number): string {
  const d = new Date(day * MS_PER_DAY);
  const y = String(d.getUTCFullYear()).padStart(4, '0');
  const m = String(d.getUTCMonth() + 1).padStart(2, '0');
  const dd = String(d.getUTCDate()).padStart(2, '0');
  return `${y}${m}${dd}`;
}

/** The UTC day number of a `yyyymmdd` string, or null when it is not a valid date. */
export function parseDayName(name: string): number | null {
  const m = /^(\d{4})(\d{2})(\d{2})$/.exec(name);
  if (m === null) return null;
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  const day = ms / MS_PER_DAY;
  return dayName(day) === name ? day : null;
}

/**
 * A closed millisecond query range reduced to the integer timestamps it can contain and clamped
 * to what the store holds; null when it is empty.
 */
export function clampMsRange(startMs: number, endMs: number): { startMs: number; endMs: number } | null {
  if (Number.isNaN(startMs) || Number.isNaN(endMs)) return null;
  const s = Math.max(MIN_MS, Math.ceil(startMs));
  const e = Math.min(MAX_MS, Math.floor(endMs));
  return s <= e ? { startMs: s, endMs: e } : null;
}

/** A closed nanosecond range clamped to what the store holds; null when it is empty. */
export function clampNsRange(startNs: bigint, endNs: bigint): { startNs: bigint; endNs: bigint } | null {
  const s = startNs < MIN_NS ? MIN_NS : startNs;
  const e = endNs > MAX_NS ? MAX_NS : endNs;
  return s <= e ? { startNs: s, endNs: e } : null;
}

/** Days d with start <= d <= end, ascending. */
export function dayRange(startDay: number, endDay: number): number[] {
  const out: number[] = [];
  for (let d = startDay; d <= endDay; d++) out.push(d);
  return out;
}
