const UNITS: readonly (readonly [unit: string, ms: number, exact: boolean])[] = [
  // Years and weeks only when they divide the whole duration: "90d" reads better than "12w6d".
  ['y', 365 * 86_400_000, true],
  ['w', 7 * 86_400_000, true],
  ['d', 86_400_000, false],
  ['h', 3_600_000, false],
  ['m', 60_000, false],
  ['s', 1000, false],
  ['ms', 1, false],
];

/**
 * A duration as Prometheus prints it (`__scrape_interval__`, the config page): "15s", "1m30s",
 * "2w", "0s". Target labels carry this text, so relabel rules that match on it see what they
 * would see in Prometheus.
 */
export function formatPrometheusDuration(ms: number): string {
  if (ms === 0) return '0s';
  let rest = Math.abs(Math.trunc(ms));
  let out = ms < 0 ? '-' : '';
  for (const [unit, size, exact] of UNITS) {
    if (exact && rest % size !== 0) continue;
    const n = Math.floor(rest / size);
    if (n > 0) {
      out += `${n}${unit}`;
      rest -= n * size;
    }
  }
  return out;
}
