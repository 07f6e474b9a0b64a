const DURATION = /^(?:(\d+)y)?(?:(\d+)w)?(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?(?:(\d+)ms)?$/;
const UNIT_MS = [365 * 86_400_000, 7 * 86_400_000, 86_400_000, 3_600_000, 60_000, 1000, 1];

/**
 * Parses a Prometheus duration (`1h30m`, `5m`, `2d`, `1w`, `1y` = 365d, `500ms`, or `0`) to
 * milliseconds: units in descending order, each at most once, no sign. Returns undefined for
 * anything else (including an empty string).
 */
export function parsePrometheusDurationMs(text: string): number | undefined {
  if (text === '0') return 0;
  if (text === '') return undefined;
  const m = DURATION.exec(text);
  if (m === null) return undefined;
  let ms = 0;
  for (let i = 0; i < UNIT_MS.length; i++) {
    const part = m[i + 1];
    if (part !== undefined) ms += Number(part) * (UNIT_MS[i] as number);
  }
  return Number.isSafeInteger(ms) ? ms : undefined;
}

const UNIT_NAMES = ['y', 'w', 'd', 'h', 'm', 's', 'ms'];

/**
 * Prometheus's `model.Duration.String()`: `1h30m`, `15s`, `90d`, `0s`; years and weeks only when
 * they divide the whole duration ("90d" reads better than "12w6d"). Target labels
 * (`__scrape_interval__`), the targets API and PromQL's printer show durations this way.
 */
export function formatPrometheusDuration(ms: number): string {
  if (ms === 0) return '0s';
  let rest = Math.abs(Math.trunc(ms));
  let out = ms < 0 ? '-' : '';
  for (let i = 0; i < UNIT_MS.length; i++) {
    const size = UNIT_MS[i] as number;
    if (i < 2 && rest % size !== 0) continue;
    const n = Math.floor(rest / size);
    if (n > 0) {
      out += `${n}${UNIT_NAMES[i] as string}`;
      rest -= n * size;
    }
  }
  return out;
}
