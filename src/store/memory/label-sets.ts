import type { Label, Labels } from '../../model/index.js';
import { compareStrings } from '../../model/index.js';

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
