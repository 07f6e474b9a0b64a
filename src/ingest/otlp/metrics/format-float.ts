/**
 * Formats a float the way Prometheus's OTLP receiver writes `le` and `quantile` label values
 * (Go's `strconv.FormatFloat(v, 'f', -1, 64)`): the shortest digits that round-trip, always in
 * plain decimal notation (`0.005`, `1000000`, `0.0000001`, never `1e+06`), and `+Inf`/`-Inf`/`NaN`.
 */
export function formatPromFloat(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return '+Inf';
  if (v === -Infinity) return '-Inf';
  if (v === 0) return Object.is(v, -0) ? '-0' : '0';
  const abs = Math.abs(v);
  // JS already prints plain shortest digits in this range.
  if (abs >= 1e-6 && abs < 1e21) return String(v);
  const exp = abs.toExponential(); // shortest round-trip digits: "1.5e-7", "2.5e+21"
  const e = exp.indexOf('e');
  const digits = exp.slice(0, e).replace('.', '');
  const exponent = Number(exp.slice(e + 1));
  const sign = v < 0 ? '-' : '';
  if (exponent < 0) return `${sign}0.${'0'.repeat(-exponent - 1)}${digits}`;
  return `${sign}${digits}${'0'.repeat(exponent + 1 - digits.length)}`;
}
