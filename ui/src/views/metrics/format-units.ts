/** Axis and legend formatting: SI prefixes, bytes (binary), durations. Pure: no DOM. */
export type Unit = 'none' | 'bytes' | 'seconds';

/** The unit of a query's result, guessed from the metric names it uses (`_bytes`, `_seconds`). */
export function unitForQuery(query: string): Unit {
  const names = query.match(/[a-zA-Z_:][a-zA-Z0-9_:]*/g) ?? [];
  if (names.some((n) => /_bytes(_total|_sum|_bucket|_count)?$/.test(n) && !n.endsWith('_count'))) return 'bytes';
  if (names.some((n) => /_seconds(_total|_sum|_bucket)?$/.test(n))) return 'seconds';
  return 'none';
}

const trim = (v: number, digits = 3): string => {
  const s = v.toPrecision(digits);
  return s.includes('e') ? s : String(Number(s));
};

const SI: readonly [number, string][] = [
  [1e12, 'T'], [1e9, 'G'], [1e6, 'M'], [1e3, 'k'], [1, ''], [1e-3, 'm'], [1e-6, 'µ'], [1e-9, 'n'],
];

export function formatSI(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  if (v === 0) return '0';
  const abs = Math.abs(v);
  for (const [scale, prefix] of SI) {
    if (abs >= scale) return `${trim(v / scale)}${prefix}`;
  }
  return v.toExponential(2);
}

const BYTES: readonly string[] = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];

export function formatBytes(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  let i = 0;
  let x = Math.abs(v);
  while (x >= 1024 && i < BYTES.length - 1) {
    x /= 1024;
    i++;
  }
  return `${v < 0 ? '-' : ''}${trim(x)} ${BYTES[i] as string}`;
}

export function formatSeconds(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  const abs = Math.abs(v);
  if (abs === 0) return '0 s';
  if (abs < 1e-6) return `${trim(v * 1e9)} ns`;
  if (abs < 1e-3) return `${trim(v * 1e6)} µs`;
  if (abs < 1) return `${trim(v * 1e3)} ms`;
  if (abs < 60) return `${trim(v)} s`;
  if (abs < 3600) return `${trim(v / 60)} min`;
  if (abs < 86400) return `${trim(v / 3600)} h`;
  return `${trim(v / 86400)} d`;
}

export function formatValue(v: number | null | undefined, unit: Unit): string {
  if (v === null || v === undefined) return '–';
  if (unit === 'bytes') return formatBytes(v);
  if (unit === 'seconds') return formatSeconds(v);
  return formatSI(v);
}
