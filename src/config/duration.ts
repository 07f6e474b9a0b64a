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

/** Durations in messages read as Prometheus prints them ("15d", "1h30m"). */
export { formatPrometheusDuration as formatDurationMs } from '../model/index.js';
