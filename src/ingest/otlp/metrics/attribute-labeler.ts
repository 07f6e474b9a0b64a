import type { Label, Labels } from '../../../model/index.js';
import { sanitizeLabelName } from './prom-naming.js';

/** Above this many attributes a point's pairs are ordered with Array#sort instead of insertion sort. */
const INSERTION_SORT_MAX = 24;

/**
 * Whether this translation may add a label of this name itself (`__name__`, `le`, `quantile`,
 * `job`, `instance`, `otel_scope_*`). Series identity is cheap only when attributes use none.
 */
export function isGeneratedLabelName(name: string): boolean {
  switch (name) {
    case '__name__':
    case 'le':
    case 'quantile':
    case 'job':
    case 'instance':
      return true;
    default:
      return name.startsWith('otel_scope_');
  }
}

/**
 * Turns OTLP attribute key/value pairs (values already rendered as text) into a sorted
 * Prometheus label set: keys sanitized by `sanitizeLabelName` (cached per instance), pairs with
 * an empty value or an unusable key dropped, and keys that sanitize to the same name joined into
 * one label whose values are separated by `;` in the order of the original keys, as the
 * specification requires (`a.b=1`, `a_b=2` -> `a_b="1;2"`, since "a.b" < "a_b").
 *
 * `prepare` leaves the result in scratch arrays, so a caller can get its identity (`key()`)
 * and build Label objects (`toLabels()`) only for label sets it has not seen. One instance per
 * decode call: the scratch state makes it non-re-entrant.
 */
export class AttributeLabeler {
  private readonly nameCache = new Map<string, string | null>();
  private readonly names: string[] = [];
  private readonly values: string[] = [];
  private readonly order: number[] = [];
  private count = 0;
  /** True when the prepared set has a name this translation also generates (isGeneratedLabelName). */
  hasGeneratedName = false;

  /** The label name for an attribute key, or null when the key cannot be a label name. */
  labelName(key: string): string | null {
    let name = this.nameCache.get(key);
    if (name === undefined) {
      name = sanitizeLabelName(key) ?? null;
      this.nameCache.set(key, name);
    }
    return name;
  }

  /**
   * Prepares the labels for pairs `[0, n)` of `keys`/`values`; `prefix` is put before each key
   * before sanitizing (`otel_scope_` for scope attributes). Returns the number of labels.
   */
  prepare(keys: readonly string[], values: readonly string[], n: number, prefix = ''): number {
    const names = this.names;
    const order = this.order;
    let m = 0;
    for (let i = 0; i < n; i++) {
      if (values[i] === '') continue;
      const key = keys[i] as string;
      const name = this.labelName(prefix === '' ? key : prefix + key);
      if (name === null) continue;
      names[m] = name;
      order[m] = i;
      m++;
    }
    if (m > INSERTION_SORT_MAX) this.sortLarge(keys, m);
    else {
      for (let i = 1; i < m; i++) {
        const name = names[i] as string;
        const at = order[i] as number;
        let j = i - 1;
        while (j >= 0 && comparePair(names[j] as string, keys[order[j] as number] as string, name, keys[at] as string) > 0) {
          names[j + 1] = names[j] as string;
          order[j + 1] = order[j] as number;
          j--;
        }
        names[j + 1] = name;
        order[j + 1] = at;
      }
    }
    // Collapse equal names into `;`-joined values.
    const out = this.values;
    let count = 0;
    let generated = false;
    for (let k = 0; k < m; k++) {
      const name = names[k] as string;
      const value = values[order[k] as number] as string;
      if (count > 0 && names[count - 1] === name) {
        out[count - 1] = `${out[count - 1] as string};${value}`;
        continue;
      }
      names[count] = name;
      out[count] = value;
      count++;
      if (!generated && isGeneratedLabelName(name)) generated = true;
    }
    this.count = count;
    this.hasGeneratedName = generated;
    return count;
  }

  /** A string equal for equal prepared label sets and different otherwise; must match model labelsKey. */
  key(): string {
    let key = '';
    for (let i = 0; i < this.count; i++) {
      const name = this.names[i] as string;
      const value = this.values[i] as string;
      key += `${name.length}:${name}${value.length}:${value}`;
    }
    return key;
  }

  /** The prepared labels as a new sorted array. */
  toLabels(): Label[] {
    const out: Label[] = [];
    for (let i = 0; i < this.count; i++) out.push({ name: this.names[i] as string, value: this.values[i] as string });
    return out;
  }

  /** `prepare` then `toLabels`. */
  labels(keys: readonly string[], values: readonly string[], n: number, prefix = ''): Label[] {
    this.prepare(keys, values, n, prefix);
    return this.toLabels();
  }

  private sortLarge(keys: readonly string[], m: number): void {
    const perm: number[] = [];
    for (let k = 0; k < m; k++) perm.push(k);
    const names = this.names.slice(0, m);
    const order = this.order.slice(0, m);
    perm.sort((x, y) =>
      comparePair(names[x] as string, keys[order[x] as number] as string, names[y] as string, keys[order[y] as number] as string),
    );
    for (let k = 0; k < m; k++) {
      this.names[k] = names[perm[k] as number] as string;
      this.order[k] = order[perm[k] as number] as number;
    }
  }
}

function comparePair(nameA: string, keyA: string, nameB: string, keyB: string): number {
  if (nameA !== nameB) return nameA < nameB ? -1 : 1;
  return keyA < keyB ? -1 : keyA > keyB ? 1 : 0;
}

/**
 * Merges two sorted label sets into a new sorted one. On equal names the `generated` label wins:
 * labels this translation adds (`__name__`, `le`, `quantile`, `job`, `instance`, `otel_scope_*`)
 * override attributes that sanitize to the same name, as Prometheus's OTLP receiver does.
 */
export function mergeLabels(attrs: Labels, generated: Labels): Label[] {
  const out: Label[] = [];
  let i = 0;
  let j = 0;
  while (i < attrs.length && j < generated.length) {
    const a = attrs[i] as Label;
    const g = generated[j] as Label;
    if (a.name < g.name) {
      out.push(a);
      i++;
    } else {
      out.push(g);
      j++;
      if (a.name === g.name) i++;
    }
  }
  while (i < attrs.length) out.push(attrs[i++] as Label);
  while (j < generated.length) out.push(generated[j++] as Label);
  return out;
}

/** A copy of sorted `labels` with `label` put in its place (replacing one of the same name). */
export function withLabel(labels: Labels, label: Label): Label[] {
  return mergeLabels(labels, [label]);
}
