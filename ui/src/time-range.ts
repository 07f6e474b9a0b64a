/**
 * The global time range, kept as the user wrote it ("now-1h", "now", or an absolute
 * "2024-05-01 10:00:00") so a link reopens the same relative window later. Pure: no DOM.
 */
export interface TimeRange {
  readonly from: string;
  readonly to: string;
}

export interface ResolvedRange {
  readonly startMs: number;
  readonly endMs: number;
}

export const DEFAULT_RANGE: TimeRange = { from: 'now-1h', to: 'now' };

/** The quick picks of the picker, shortest first. */
export const QUICK_RANGES: readonly { readonly from: string; readonly label: string }[] = [
  { from: 'now-5m', label: 'Last 5 minutes' },
  { from: 'now-15m', label: 'Last 15 minutes' },
  { from: 'now-30m', label: 'Last 30 minutes' },
  { from: 'now-1h', label: 'Last 1 hour' },
  { from: 'now-3h', label: 'Last 3 hours' },
  { from: 'now-6h', label: 'Last 6 hours' },
  { from: 'now-12h', label: 'Last 12 hours' },
  { from: 'now-24h', label: 'Last 24 hours' },
  { from: 'now-2d', label: 'Last 2 days' },
  { from: 'now-7d', label: 'Last 7 days' },
];

const UNIT_MS: Readonly<Record<string, number>> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/** "15m" -> 900000; "1h30m" -> 5400000; null when it is not a duration. */
export function parseDurationMs(text: string): number | null {
  const re = /(\d+)([smhdw])/gy;
  let total = 0;
  let matched = 0;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    total += Number(m[1]) * (UNIT_MS[m[2] as string] as number);
    matched += m[0].length;
  }
  return matched === text.length && matched > 0 ? total : null;
}

const ABSOLUTE = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2}))?)?$/;

/**
 * A time expression to epoch milliseconds: "now", "now-<duration>", "YYYY-MM-DD[ HH:mm[:ss]]"
 * (local time), an ISO timestamp with zone, or epoch milliseconds. Null when unreadable.
 */
export function parseTimeExpr(text: string, nowMs: number): number | null {
  const t = text.trim();
  if (t === 'now') return nowMs;
  if (t.startsWith('now-')) {
    const d = parseDurationMs(t.slice(4));
    return d === null ? null : nowMs - d;
  }
  if (/^\d{10,14}$/.test(t)) return Number(t);
  const m = ABSOLUTE.exec(t);
  if (m !== null) {
    const [, y, mo, d, h, mi, s] = m;
    const ms = new Date(Number(y), Number(mo) - 1, Number(d), Number(h ?? 0), Number(mi ?? 0), Number(s ?? 0)).getTime();
    return Number.isNaN(ms) ? null : ms;
  }
  if (/^\d{4}-\d{2}-\d{2}T.*(Z|[+-]\d{2}:?\d{2})$/.test(t)) {
    const ms = Date.parse(t);
    return Number.isNaN(ms) ? null : ms;
  }
  return null;
}

/** Both ends to milliseconds, or the reason the range cannot be used. */
export function resolveRange(range: TimeRange, nowMs: number): ResolvedRange | { readonly error: string } {
  const startMs = parseTimeExpr(range.from, nowMs);
  if (startMs === null) return { error: `"${range.from}" is not a time: use now-1h, or 2024-05-01 10:00:00` };
  const endMs = parseTimeExpr(range.to, nowMs);
  if (endMs === null) return { error: `"${range.to}" is not a time: use now, or 2024-05-01 11:00:00` };
  if (startMs >= endMs) return { error: 'the start of the range must be before its end' };
  return { startMs, endMs };
}

const pad = (n: number): string => String(n).padStart(2, '0');

/** Epoch milliseconds as "YYYY-MM-DD HH:mm:ss" in local time, the form the picker accepts. */
export function formatAbsolute(ms: number): string {
  const d = new Date(ms);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

/** What the picker's button says: "Last 1 hour", or "2024-05-01 10:00:00 to now". */
export function describeRange(range: TimeRange): string {
  if (range.to === 'now') {
    const quick = QUICK_RANGES.find((q) => q.from === range.from);
    if (quick !== undefined) return quick.label;
    if (range.from.startsWith('now-')) return `Last ${range.from.slice(4)}`;
  }
  return `${range.from} to ${range.to}`;
}

/** A query step in seconds giving about `points` points over the range, at least 1 s, rounded to a readable value. */
export function stepSecondsFor(range: ResolvedRange, points = 250): number {
  const raw = (range.endMs - range.startMs) / 1000 / points;
  const nice = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 21600, 43200, 86400];
  return nice.find((s) => s >= raw) ?? Math.ceil(raw / 86400) * 86400;
}
