/**
 * A label set: pairs sorted by name, names unique. This is the identity of a metric series
 * (including `__name__`) and of a log stream. Treat as immutable once built.
 */
export interface Label {
  readonly name: string;
  readonly value: string;
}

export type Labels = readonly Label[];

export const METRIC_NAME_LABEL = '__name__';

/** Builds a sorted label set from a record, dropping empty values (Prometheus treats them as absent). */
export function labelsFromRecord(record: Readonly<Record<string, string>>): Labels {
  const out: Label[] = [];
  for (const name of Object.keys(record)) {
    const value = record[name];
    if (value !== undefined && value !== '') out.push({ name, value });
  }
  return sortLabels(out);
}

/** Sorts in place by name (byte order, as Prometheus does) and returns the same array. */
export function sortLabels(labels: Label[]): Label[] {
  return labels.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

export function labelsToRecord(labels: Labels): Record<string, string> {
  const out: Record<string, string> = {};
  for (const l of labels) out[l.name] = l.value;
  return out;
}

export function getLabel(labels: Labels, name: string): string {
  for (const l of labels) if (l.name === name) return l.value;
  return '';
}

/**
 * A string that is equal for equal label sets and different otherwise; used as a map key to
 * resolve series identity once. Each name and value is length-prefixed, so no content of a
 * label can imitate a separator.
 */
export function labelsKey(labels: Labels): string {
  let key = '';
  for (const l of labels) key += `${l.name.length}:${l.name}${l.value.length}:${l.value}`;
  return key;
}

/**
 * Orders strings by Unicode code point, which is the byte order of their UTF-8 encoding (how
 * Prometheus, DuckDB and ClickHouse compare strings). Plain `<` compares UTF-16 code units and
 * differs only when a surrogate pair meets a character in U+E000..U+FFFF.
 */
export function compareStrings(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) return codeUnitRank(x) < codeUnitRank(y) ? -1 : 1;
  }
  return a.length < b.length ? -1 : 1;
}

/** Moves surrogates above U+E000..U+FFFF so code-unit comparison becomes code-point order. */
function codeUnitRank(c: number): number {
  if (c >= 0xe000) return c - 0x800;
  if (c >= 0xd800) return c + 0x2000;
  return c;
}

/**
 * Orders label sets as Prometheus does (`labels.Compare`): pair by pair, name first, then value;
 * a set that is a prefix of another sorts first.
 */
export function compareLabels(a: Labels, b: Labels): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const la = a[i] as Label;
    const lb = b[i] as Label;
    const byName = compareStrings(la.name, lb.name);
    if (byName !== 0) return byName;
    const byValue = compareStrings(la.value, lb.value);
    if (byValue !== 0) return byValue;
  }
  return a.length - b.length;
}
