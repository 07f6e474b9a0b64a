/**
 * Go's strconv.FormatFloat for the two forms PromQL output uses: 'f' with precision -1 (the
 * shortest decimal that round-trips, never an exponent; count_values labels) and 'g' with -1
 * (exponent for large and small magnitudes; error and annotation texts). Infinities are
 * `+Inf`/`-Inf`, as Go prints them.
 */
export function formatGoFloat(v: number, form: 'f' | 'g'): string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return '+Inf';
  if (v === -Infinity) return '-Inf';
  if (Object.is(v, -0)) return '-0';
  const shortest = String(v);
  const m = /^(-?)(\d+)(?:\.(\d+))?e([+-]\d+)$/.exec(shortest);
  if (form === 'f') {
    if (m === null) return shortest;
    const [, sign, intPart, frac = '', expText] = m as unknown as [string, string, string, string | undefined, string];
    const digits = intPart + frac;
    const point = intPart.length + Number(expText);
    if (point <= 0) return `${sign}0.${'0'.repeat(-point)}${digits}`;
    if (point >= digits.length) return sign + digits + '0'.repeat(point - digits.length);
    return `${sign}${digits.slice(0, point)}.${digits.slice(point)}`;
  }
  // 'g' with shortest precision: Go switches to an exponent when exp < -4 or exp >= 6.
  const exp = v === 0 ? 0 : Math.floor(Math.log10(Math.abs(v)));
  if (m === null && exp >= -4 && exp < 6) return shortest;
  const [mant, e] = v.toExponential().split('e') as [string, string];
  const sign = e.startsWith('-') ? '-' : '+';
  const digits = e.replace(/^[+-]/, '');
  return `${mant}e${sign}${digits.length < 2 ? '0' + digits : digits}`;
}
