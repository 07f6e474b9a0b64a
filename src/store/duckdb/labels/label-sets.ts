import type { Label, Labels } from '../../../model/index.js';

/**
 * Orders strings by Unicode code point, i.e. by the bytes of their UTF-8 encoding, as
 * Prometheus and DuckDB do. (JS `<` compares UTF-16 units, which differs for astral characters.)
 */
export function compareCodePoints(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    if (a.charCodeAt(i) !== b.charCodeAt(i)) {
      // Equal prefixes keep both strings aligned on the same code point boundary.
      return (a.codePointAt(i) as number) < (b.codePointAt(i) as number) ? -1 : 1;
    }
  }
  return a.length < b.length ? -1 : 1;
}

/** Prometheus' label set order: pair by pair, name then value; a prefix sorts first. */
export function compareLabelSets(a: Labels, b: Labels): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a[i] as Label;
    const y = b[i] as Label;
    const c = compareCodePoints(x.name, y.name) || compareCodePoints(x.value, y.value);
    if (c !== 0) return c;
  }
  return a.length - b.length;
}

/**
 * Label-set objects already found normalized, for producers that hand the same object for the
 * same series batch after batch (`remember`), so the check runs once per object. Weak, and
 * sound because label sets are immutable once built.
 */
const knownNormalized = new WeakSet<Labels>();

/**
 * The stored form of a written label set: sorted by name, without empty values (Prometheus and
 * Loki treat them as absent). Null when unusable: an empty name, a name twice, or nothing left.
 */
export function normalizeLabelSet(labels: Labels, remember = false): Labels | null {
  if (!remember) return normalizeUncached(labels);
  if (knownNormalized.has(labels)) return labels;
  const result = normalizeUncached(labels);
  if (result === labels) knownNormalized.add(labels);
  return result;
}

function normalizeUncached(labels: Labels): Labels | null {
  let clean = true;
  for (let i = 0; i < labels.length; i++) {
    const l = labels[i] as Label;
    if (l.name === '') return null;
    if (l.value === '' || (i > 0 && compareCodePoints((labels[i - 1] as Label).name, l.name) >= 0)) clean = false;
  }
  if (clean) return labels.length === 0 ? null : labels;
  const out = labels.filter((l) => l.value !== '').sort((x, y) => compareCodePoints(x.name, y.name));
  for (let i = 1; i < out.length; i++) if ((out[i] as Label).name === (out[i - 1] as Label).name) return null;
  return out.length === 0 ? null : out;
}

/**
 * An identity key for a normalized label set within a tenant: each string preceded by its length
 * as one UTF-16 unit (three units beyond 65534), which cannot be ambiguous. About twice as fast
 * to build and look up as the JSON text.
 */
export function labelSetKey(tenantId: number, labels: Labels): string {
  let key = `${tenantId}|`;
  for (let i = 0; i < labels.length; i++) {
    const l = labels[i] as Label;
    key += lengthPrefix(l.name.length) + l.name + lengthPrefix(l.value.length) + l.value;
  }
  return key;
}

function lengthPrefix(n: number): string {
  return n < 0xffff ? String.fromCharCode(n) : String.fromCharCode(0xffff, n >>> 16, n & 0xffff);
}

/** The stored text of a normalized label set: JSON `[[name, value], ...]`. */
export function encodeLabelSet(labels: Labels): string {
  const pairs: string[][] = new Array<string[]>(labels.length);
  for (let i = 0; i < labels.length; i++) {
    const l = labels[i] as Label;
    pairs[i] = [l.name, l.value];
  }
  return JSON.stringify(pairs);
}

export function decodeLabelSet(text: string): Labels {
  const pairs = JSON.parse(text) as [string, string][];
  return pairs.map(([name, value]) => ({ name, value }));
}
