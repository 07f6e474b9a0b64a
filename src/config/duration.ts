import { parsePrometheusDurationMs } from '../model/index.js';

/**
 * Prometheus-style durations ("15d", "1h30m", "500ms", "2w", "1y") to milliseconds, for the
 * config file: like the model's parser, but an invalid value throws a message saying what to write.
 */
export function parseDurationMs(text: string): number {
  const ms = parsePrometheusDurationMs(text.trim());
  if (ms === undefined) {
    throw new Error(`invalid duration "${text}": expected a number with a unit, largest unit first, like 15d, 1h30m, 30s or 500ms`);
  }
  return ms;
}

const UNIT_MS: Record<string, number> = { d: 86_400_000, h: 3_600_000, m: 60_000, s: 1_000, ms: 1 };

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
