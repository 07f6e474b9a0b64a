import { nameTokens, promUnitWord } from './prom-units.js';

/**
 * Metric and label names the way Prometheus's OTLP receiver builds them with its default
 * translation strategy (`UnderscoreEscapingWithSuffixes`), following the OpenTelemetry
 * "Prometheus and OpenMetrics Compatibility" specification:
 * https://opentelemetry.io/docs/specs/otel/compatibility/prometheus_and_openmetrics/#otlp-metric-points-to-prometheus
 */

/** How an OTLP metric is exposed, which decides its name suffixes. */
export const PromKind = {
  /** OTLP Gauge: unit `1` becomes the `_ratio` suffix. */
  GAUGE: 0,
  /** Non-monotonic cumulative Sum: a Prometheus gauge, but no `_ratio` (as Prometheus does). */
  NON_MONOTONIC_SUM: 1,
  /** Monotonic cumulative Sum: a counter, `_total` suffix. */
  COUNTER: 2,
  HISTOGRAM: 3,
  SUMMARY: 4,
} as const;
export type PromKind = (typeof PromKind)[keyof typeof PromKind];

export interface PromMetricName {
  /**
   * The Prometheus name: the `__name__` of gauge and counter samples and of summary quantiles,
   * and the stem of `_bucket`/`_sum`/`_count`. '' when the OTLP name has no valid character.
   */
  readonly name: string;
  /** The unit word for UNIT metadata ('' when none): `seconds`, `bytes_per_second`, `ratio`. */
  readonly unit: string;
}

/**
 * Builds the Prometheus metric name:
 * 1. every character outside [a-zA-Z0-9:] separates words; words are joined by one `_`
 *    (`http.server.request.duration` -> `http_server_request_duration`, `a__b` -> `a_b`);
 * 2. the unit word is appended unless the name already ends with it (`ms` -> `_milliseconds`,
 *    `By/s` -> `_bytes_per_second`, `{packet}` -> nothing); for an OTLP Gauge, unit `1` is
 *    `_ratio`;
 * 3. counters get `_total` (an existing trailing `_total` is moved after the unit, never doubled);
 * 4. a name starting with a digit gets a `_` prefix (`2xx` -> `_2xx`).
 */
export function buildMetricName(otlpName: string, otlpUnit: string, kind: PromKind): PromMetricName {
  const words = nameTokens(otlpName, true);
  if (kind === PromKind.COUNTER && words.length > 1 && words[words.length - 1] === 'total') words.pop();
  let name = words.join('_');
  const unitText = otlpUnit.trim();
  const unit = kind === PromKind.GAUGE && unitText === '1' ? 'ratio' : promUnitWord(unitText);
  if (unit !== '' && name !== unit && !name.endsWith(`_${unit}`)) name = name === '' ? unit : `${name}_${unit}`;
  if (kind === PromKind.COUNTER && name !== '') name += '_total';
  if (name !== '' && isDigit(name.charCodeAt(0))) name = `_${name}`;
  return { name, unit };
}

/**
 * A Prometheus label name for an attribute key, or undefined when the key cannot be one (empty,
 * or nothing but underscores once sanitized). Every character outside [a-zA-Z0-9_] becomes one
 * `_` (runs are kept, as Prometheus's default `label_name_preserve_multiple_underscores: true`);
 * a leading digit gets `key_` (`1a` -> `key_1a`); a single leading `_` gets `key`
 * (`_a` -> `key_a`, Prometheus's default `label_name_underscore_sanitization: true`); names
 * starting with `__` are left as they are, and the labels this translation adds itself
 * (`__name__`, `le`, `job`, ...) override them.
 */
export function sanitizeLabelName(key: string): string | undefined {
  let out = '';
  let changed = false;
  for (let i = 0; i < key.length; i++) {
    const c = key.charCodeAt(i);
    const ok = (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39) || c === 0x5f;
    if (ok) {
      if (changed) out += key[i];
      continue;
    }
    if (!changed) {
      out = key.slice(0, i);
      changed = true;
    }
    out += '_';
    // A surrogate pair is one character (one code point): one `_`.
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < key.length) {
      const next = key.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) i++;
    }
  }
  const name = changed ? out : key;
  if (name === '' || /^_+$/.test(name)) return undefined;
  const first = name.charCodeAt(0);
  if (isDigit(first)) return `key_${name}`;
  if (first === 0x5f && name.charCodeAt(1) !== 0x5f) return `key${name}`;
  return name;
}

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}
