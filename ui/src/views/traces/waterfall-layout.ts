/** The waterfall's arithmetic: which rows show, where bars go, the time axis, service colours. Pure: no DOM. */
import type { SpanRow } from './span-tree';

/** Row indexes shown when the subtrees under `collapsed` rows are hidden (the collapsed row itself shows). */
export function visibleRows(rows: readonly SpanRow[], collapsed: ReadonlySet<number>): number[] {
  const out: number[] = [];
  let i = 0;
  while (i < rows.length) {
    out.push(i);
    i = collapsed.has(i) ? (rows[i] as SpanRow).subtreeEnd : i + 1;
  }
  return out;
}

/** `collapsed` without the ancestors of `index`, so that row shows; the same set when nothing changes. */
export function expandToShow(rows: readonly SpanRow[], collapsed: ReadonlySet<number>, index: number): ReadonlySet<number> {
  let next: Set<number> | null = null;
  for (let p = rows[index]?.parent ?? -1; p >= 0; p = (rows[p] as SpanRow).parent) {
    if (collapsed.has(p)) {
      next ??= new Set(collapsed);
      next.delete(p);
    }
  }
  return next ?? collapsed;
}

/** Rows to collapse so that only rows shallower than `depth` keep their children open. */
export function collapseBelow(rows: readonly SpanRow[], depth: number): Set<number> {
  const out = new Set<number>();
  for (const r of rows) if (r.depth >= depth && r.childCount > 0) out.add(r.index);
  return out;
}

export interface Bar {
  /** Percent of the timeline. */
  readonly left: number;
  readonly width: number;
  /** Where the duration label goes: after the bar; before it when the bar reaches the right edge; inside when neither side has room. */
  readonly label: 'right' | 'left' | 'inside';
}

export function barFor(offsetUs: number, durationUs: number, traceDurationUs: number): Bar {
  const total = traceDurationUs > 0 ? traceDurationUs : 1;
  const left = Math.min(100, Math.max(0, (offsetUs / total) * 100));
  const width = Math.min(100 - left, Math.max(0, (durationUs / total) * 100));
  return { left, width, label: left + width <= 70 ? 'right' : left >= 12 ? 'left' : 'inside' };
}

/** Microseconds as a short readable duration: 850µs, 12.3ms, 1.25s, 2m 5s. */
export function formatDurationUs(us: number): string {
  if (!Number.isFinite(us)) return '–';
  const a = Math.abs(us);
  const trim = (n: number): string => String(Number(n.toPrecision(3)));
  if (a < 1000) return `${trim(us)}µs`;
  if (a < 1_000_000) return `${trim(us / 1000)}ms`;
  if (a < 60_000_000) return `${trim(us / 1_000_000)}s`;
  const totalS = Math.round(us / 1_000_000);
  const m = Math.floor(totalS / 60);
  if (m < 60) return `${m}m ${totalS % 60}s`;
  return `${Math.floor(m / 60)}h ${m % 60}m`;
}

/** `count` + 1 evenly spaced ticks from 0 to the trace duration. */
export function timeTicks(durationUs: number, count = 4): { readonly pct: number; readonly label: string }[] {
  const out = [];
  for (let i = 0; i <= count; i++) out.push({ pct: (i / count) * 100, label: formatDurationUs((durationUs * i) / count) });
  return out;
}

/** Hues that read on both themes; no pure red, which marks errors. */
export const SERVICE_PALETTE: readonly string[] = [
  '#3b82f6', '#f59e0b', '#10b981', '#a855f7', '#64748b', '#06b6d4', '#84cc16', '#a16207', '#f97316', '#6366f1', '#14b8a6', '#db2777',
];

function hash(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 16777619);
  }
  return h >>> 0;
}

/**
 * A colour per service: the palette slot its name hashes to, so a service keeps its colour from
 * trace to trace; when two services of one trace hash to the same slot, the later one (by name)
 * takes the next free slot.
 */
export function serviceColors(services: readonly string[]): Map<string, string> {
  const out = new Map<string, string>();
  const used = new Set<number>();
  const n = SERVICE_PALETTE.length;
  for (const s of [...new Set(services)].sort()) {
    let slot = hash(s) % n;
    for (let tries = 0; tries < n && used.has(slot); tries++) slot = (slot + 1) % n;
    used.add(slot);
    out.set(s, SERVICE_PALETTE[slot] as string);
  }
  return out;
}
