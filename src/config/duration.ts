/**
 * Prometheus-style durations ("15d", "1h30m", "500ms", "2w", "1y") to milliseconds.
 * Units: y (365d), w, d, h, m, s, ms. Units must appear largest first, each at most once.
 */
const UNIT_MS: Record<string, number> = {
  y: 365 * 86_400_000,
  w: 7 * 86_400_000,
  d: 86_400_000,
  h: 3_600_000,
  m: 60_000,
  s: 1_000,
  ms: 1,
};
const ORDER = ['y', 'w', 'd', 'h', 'm', 's', 'ms'];

export function parseDurationMs(text: string): number {
  const s = text.trim();
  if (s === '0') return 0;
  const re = /(\d+)(ms|y|w|d|h|m|s)/gy;
  let total = 0;
  let lastUnitIndex = -1;
  let matched = 0;
  for (let m = re.exec(s); m !== null; m = re.exec(s)) {
    const unit = m[2] as string;
    const idx = ORDER.indexOf(unit);
    if (idx <= lastUnitIndex) throw new Error(`invalid duration "${text}": units must go from largest to smallest`);
    lastUnitIndex = idx;
    total += Number(m[1]) * (UNIT_MS[unit] as number);
    matched = re.lastIndex;
  }
  if (matched === 0 || matched !== s.length) {
    throw new Error(`invalid duration "${text}": expected a number with a unit, like 15d, 6h, 30s or 500ms`);
  }
  return total;
}

export function formatDurationMs(ms: number): string {
  if (ms === 0) return '0s';
  let rest = ms;
  let out = '';
  for (const unit of ['d', 'h', 'm', 's', 'ms']) {
    const size = UNIT_MS[unit] as number;
    const n = Math.floor(rest / size);
    if (n > 0) {
      out += `${n}${unit}`;
      rest -= n * size;
    }
  }
  return out;
}
