import type { Label, Labels } from '../../../model/index.js';
import { sortLabels } from '../../../model/index.js';

interface MutableLabel {
  name: string;
  value: string;
}

/**
 * Edits over a base label set, kept the way Prometheus's labels.Builder keeps them: the base,
 * labels set since (in the order first set) and names deleted since. The order matters for
 * labelmap, which visits base labels before set ones, so two names mapping to one target
 * resolve as in Prometheus. Nothing is allocated until the first real change, and `labels()`
 * returns the base itself when nothing changed: the usual case for metric relabeling.
 *
 * One difference: setting a label to the value it already has is skipped rather than moving
 * it to the "set" group. That only changes which value labelmap keeps when two labels map to
 * the same name, and saves an allocation per sample in rules that rewrite a value unchanged.
 */
export class LabelsBuilder {
  private readonly base: Labels;
  private added: MutableLabel[] | undefined = undefined;
  private deleted: string[] | undefined = undefined;

  constructor(base: Labels) {
    this.base = base;
  }

  /** The current value, "" when absent. */
  get(name: string): string {
    const added = this.added;
    if (added !== undefined) {
      for (let i = 0; i < added.length; i++) if ((added[i] as MutableLabel).name === name) return (added[i] as MutableLabel).value;
    }
    if (this.deleted !== undefined && this.deleted.includes(name)) return '';
    const base = this.base;
    for (let i = 0; i < base.length; i++) if ((base[i] as Label).name === name) return (base[i] as Label).value;
    return '';
  }

  /** Sets a label; an empty value deletes it (empty means absent). */
  set(name: string, value: string): void {
    if (value === '') {
      this.delete(name);
      return;
    }
    if (this.get(name) === value) return;
    const added = (this.added ??= []);
    for (let i = 0; i < added.length; i++) {
      const label = added[i] as MutableLabel;
      if (label.name === name) {
        label.value = value;
        return;
      }
    }
    added.push({ name, value });
  }

  delete(name: string): void {
    if (this.get(name) === '') return;
    const added = this.added;
    if (added !== undefined) {
      const at = added.findIndex((l) => l.name === name);
      if (at >= 0) added.splice(at, 1);
    }
    (this.deleted ??= []).push(name);
  }

  /**
   * Calls `visit` for each current label: base labels not replaced or deleted, in name order,
   * then set ones in the order they were set. It walks a snapshot, so `visit` may set and delete.
   */
  forEach(visit: (name: string, value: string) => void): void {
    const added = this.added === undefined || this.added.length === 0 ? undefined : this.added.map((l) => ({ name: l.name, value: l.value }));
    const deleted = this.deleted === undefined || this.deleted.length === 0 ? undefined : [...this.deleted];
    const base = this.base;
    for (let i = 0; i < base.length; i++) {
      const { name, value } = base[i] as Label;
      if (deleted !== undefined && deleted.includes(name)) continue;
      if (added !== undefined && added.some((l) => l.name === name)) continue;
      visit(name, value);
    }
    if (added !== undefined) for (const l of added) visit(l.name, l.value);
  }

  /**
   * Deletes each current label whose name matches `regex` (or, with `deleteMatching` false,
   * does not match): labeldrop and labelkeep, without a callback per label.
   */
  deleteByName(regex: RegExp, deleteMatching: boolean): void {
    if (this.added === undefined && this.deleted === undefined) {
      // Common case (no earlier edits): scan the base, allocate only on the first delete.
      const base = this.base;
      for (let i = 0; i < base.length; i++) {
        const name = (base[i] as Label).name;
        if (regex.test(name) === deleteMatching) this.delete(name);
      }
      return;
    }
    const names: string[] = [];
    this.forEach((name) => {
      if (regex.test(name) === deleteMatching) names.push(name);
    });
    for (const name of names) this.delete(name);
  }

  /** The result, sorted by name: the base itself when nothing changed. */
  labels(): Labels {
    const added = this.added;
    const deleted = this.deleted;
    if ((added === undefined || added.length === 0) && (deleted === undefined || deleted.length === 0)) return this.base;
    const out: Label[] = [];
    for (const label of this.base) {
      if (deleted !== undefined && deleted.includes(label.name)) continue;
      if (added !== undefined && added.some((l) => l.name === label.name)) continue;
      out.push(label);
    }
    if (added !== undefined) for (const l of added) out.push({ name: l.name, value: l.value });
    return sortLabels(out);
  }
}
