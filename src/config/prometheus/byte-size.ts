/**
 * Prometheus's size syntax (`body_size_limit`), which is base 2 whatever the spelling: "10MB" and
 * "10MiB" are both 10485760 bytes. Units are case sensitive (B, KB/KiB, MB/MiB ... EB/EiB; not
 * "kB"), a unit is required except for a bare "0", decimals and sums ("1MB512KB") are allowed, and
 * one value uses either the KiB or the KB family. Returns undefined when the text is not a size.
 * (Omniscope's own config uses decimal units; this parser exists to read prometheus.yml as is.)
 */
export function parseBase2Bytes(text: string): number | undefined {
  return parseWithUnits(text, IEC_UNITS) ?? parseWithUnits(text, OLD_UNITS);
}

const IEC_UNITS = unitTable('iB');
const OLD_UNITS = unitTable('B');

function unitTable(suffix: string): ReadonlyMap<string, number> {
  const units = new Map<string, number>([['B', 1]]);
  ['K', 'M', 'G', 'T', 'P', 'E'].forEach((prefix, i) => units.set(prefix + suffix, 1024 ** (i + 1)));
  return units;
}

const SEGMENT = /^(\d*)(?:\.(\d*))?([^\d.]*)/;

function parseWithUnits(text: string, units: ReadonlyMap<string, number>): number | undefined {
  let rest = text;
  let sign = 1;
  if (rest.startsWith('-') || rest.startsWith('+')) {
    sign = rest.startsWith('-') ? -1 : 1;
    rest = rest.slice(1);
  }
  if (rest === '0') return 0;
  if (rest === '') return undefined;
  let total = 0;
  while (rest !== '') {
    const m = SEGMENT.exec(rest);
    const whole = m?.[1] ?? '';
    const fraction = m?.[2] ?? '';
    if (m === null || (whole === '' && fraction === '')) return undefined;
    const factor = units.get(m[3] ?? '');
    if (factor === undefined) return undefined;
    total += Number(`${whole || '0'}.${fraction || '0'}`) * factor;
    rest = rest.slice(m[0].length);
  }
  return Math.trunc(sign * total);
}
