/**
 * OTLP (UCUM) units to the unit words Prometheus puts in metric names, as the OpenTelemetry
 * "Prometheus and OpenMetrics Compatibility" specification lists them
 * (https://opentelemetry.io/docs/specs/otel/compatibility/prometheus_and_openmetrics/#metric-metadata).
 * `KBy` is accepted beside UCUM's `kBy` because SDKs send both.
 */
const MAIN_UNITS: ReadonlyMap<string, string> = new Map([
  ['d', 'days'],
  ['h', 'hours'],
  ['min', 'minutes'],
  ['s', 'seconds'],
  ['ms', 'milliseconds'],
  ['us', 'microseconds'],
  ['ns', 'nanoseconds'],
  ['By', 'bytes'],
  ['KiBy', 'kibibytes'],
  ['MiBy', 'mebibytes'],
  ['GiBy', 'gibibytes'],
  ['TiBy', 'tebibytes'],
  ['kBy', 'kilobytes'],
  ['KBy', 'kilobytes'],
  ['MBy', 'megabytes'],
  ['GBy', 'gigabytes'],
  ['TBy', 'terabytes'],
  ['m', 'meters'],
  ['V', 'volts'],
  ['A', 'amperes'],
  ['J', 'joules'],
  ['W', 'watts'],
  ['g', 'grams'],
  ['Cel', 'celsius'],
  ['Hz', 'hertz'],
  ['%', 'percent'],
]);

/** The denominator of a rate unit (`By/s` -> `bytes_per_second`); `m` is a minute here. */
const PER_UNITS: ReadonlyMap<string, string> = new Map([
  ['s', 'second'],
  ['m', 'minute'],
  ['h', 'hour'],
  ['d', 'day'],
  ['w', 'week'],
  ['mo', 'month'],
  ['y', 'year'],
]);

/**
 * Splits `text` on every character outside [a-zA-Z0-9:] (when `allowColon`) or [a-zA-Z0-9],
 * dropping empty pieces. This both replaces invalid characters with `_` and collapses and trims
 * underscores once the pieces are joined with `_`.
 */
export function nameTokens(text: string, allowColon: boolean): string[] {
  const out: string[] = [];
  let start = -1;
  for (let i = 0; i <= text.length; i++) {
    const c = i < text.length ? text.charCodeAt(i) : 0;
    const ok =
      (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39) || (allowColon && c === 0x3a);
    if (ok) {
      if (start < 0) start = i;
    } else if (start >= 0) {
      out.push(text.slice(start, i));
      start = -1;
    }
  }
  return out;
}

/** Removes every `{...}` annotation (UCUM curly-brace text, "a count of foo") and trims. */
function dropAnnotations(unit: string): string {
  if (!unit.includes('{')) return unit.trim();
  return unit.replace(/\{[^}]*\}?/g, '').trim();
}

/**
 * The Prometheus unit word for an OTLP unit, without any metric-type special case:
 * `ms` -> `milliseconds`, `By/s` -> `bytes_per_second`, `1/s` -> `per_second`,
 * `{request}` -> '', `1` -> '', an unknown `packets` -> `packets` (sanitized: `a.b@c` -> `a_b_c`).
 * The `1` -> `ratio` rule depends on the metric type and lives in `buildMetricName`.
 */
export function promUnitWord(unit: string): string {
  const clean = dropAnnotations(unit);
  if (clean === '' || clean === '1') return '';
  const slash = clean.indexOf('/');
  const main = (slash < 0 ? clean : clean.slice(0, slash)).trim();
  const per = slash < 0 ? '' : clean.slice(slash + 1).trim();
  const mainWord = main === '1' ? '' : (MAIN_UNITS.get(main) ?? nameTokens(main, false).join('_'));
  const perWord = per === '' ? '' : (PER_UNITS.get(per) ?? nameTokens(per, false).join('_'));
  if (perWord === '') return mainWord;
  return mainWord === '' ? `per_${perWord}` : `${mainWord}_per_${perWord}`;
}
