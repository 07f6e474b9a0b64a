import type { Label, Labels } from '../../model/index.js';

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

/** Sorted (code point order), distinct copy of the given strings. */
export function sortedDistinct(values: Iterable<string>): string[] {
  return [...new Set(values)].sort(compareStrings);
}

/**
 * The stored form of a written label set: a sorted, frozen copy without empty values (Prometheus
 * and Loki treat an empty value as an absent label), safe to hand to readers. Returns null when
 * the set is unusable: empty after dropping empty values, an empty name, or a name given twice.
 */
export function normalizeLabels(labels: Labels): Labels | null {
  const out: Label[] = [];
  for (const l of labels) {
    if (l.name === '') return null;
    if (l.value !== '') out.push(Object.freeze({ name: l.name, value: l.value }));
  }
  if (out.length === 0) return null;
  out.sort((x, y) => compareStrings(x.name, y.name));
  for (let i = 1; i < out.length; i++) {
    if ((out[i] as Label).name === (out[i - 1] as Label).name) return null;
  }
  return Object.freeze(out);
}
