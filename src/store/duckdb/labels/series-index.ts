import type { LabelMatcher, Labels } from '../../../model/index.js';
import { CompiledMatcher, compareLabels } from '../../../model/index.js';
import type { DimensionRow } from './dimension-reads.js';

/**
 * One label matcher as the index applies it. Regex matchers are resolved by the caller (with
 * RE2, in linear time) into the set of accepted values: a JavaScript RegExp could backtrack for
 * minutes on a hostile pattern.
 */
export interface IndexMatcher {
  readonly name: string;
  /** Whether a series without the label (value "") passes. */
  readonly acceptsEmpty: boolean;
  /** Whether a present, non-empty value passes. */
  accepts(value: string): boolean;
  /** For `=`: the one accepted value, read straight from the postings. */
  readonly equals?: string;
}

/** An `=` or `!=` matcher as an IndexMatcher (regexes need resolving first, see IndexMatcher). */
export function plainIndexMatcher(m: LabelMatcher): IndexMatcher {
  const compiled = new CompiledMatcher(m);
  const base = { name: m.name, acceptsEmpty: compiled.matchesEmpty(), accepts: (v: string) => compiled.matches(v) };
  return m.type === '=' ? { ...base, equals: m.value } : base;
}

/**
 * An in-memory inverted index of label sets (Prometheus's postings): label name -> value ->
 * ids. Queries find their series here instead of with SQL over the label tables. It holds
 * every series the dimension knows, also ones without recent data: readers drop series that
 * have no samples in their range.
 */
export class SeriesIndex {
  private readonly tenants = new Map<number, TenantPostings>();

  add(tenantId: number, id: number, labels: Labels): void {
    let t = this.tenants.get(tenantId);
    if (t === undefined) {
      t = new TenantPostings();
      this.tenants.set(tenantId, t);
    }
    t.add(id, labels);
  }

  remove(tenantId: number, id: number): void {
    this.tenants.get(tenantId)?.remove(id);
  }

  /** Series of the tenant matching every matcher, sorted by label set. */
  select(tenantId: number, matchers: readonly IndexMatcher[]): DimensionRow[] {
    const t = this.tenants.get(tenantId);
    if (t === undefined) return [];
    return t.select(matchers);
  }
}

class TenantPostings {
  private readonly labelsById = new Map<number, Labels>();
  private readonly postings = new Map<string, Map<string, Set<number>>>();
  /** Rank of each id in label-set order; rebuilt lazily after additions. */
  private rank = new Map<number, number>();
  private rankStale = true;

  add(id: number, labels: Labels): void {
    this.labelsById.set(id, labels);
    for (const l of labels) {
      let values = this.postings.get(l.name);
      if (values === undefined) {
        values = new Map();
        this.postings.set(l.name, values);
      }
      let ids = values.get(l.value);
      if (ids === undefined) {
        ids = new Set();
        values.set(l.value, ids);
      }
      ids.add(id);
    }
    this.rankStale = true;
  }

  remove(id: number): void {
    const labels = this.labelsById.get(id);
    if (labels === undefined) return;
    this.labelsById.delete(id);
    for (const l of labels) this.postings.get(l.name)?.get(l.value)?.delete(id);
    this.rankStale = true;
  }

  select(matchers: readonly IndexMatcher[]): DimensionRow[] {
    // Matchers that reject "" need the label: their postings bound the candidates. The others
    // (and any extra positive ones) are checked on each candidate's labels.
    let candidates: Set<number> | null = null;
    const checks: IndexMatcher[] = [];
    for (const m of matchers) {
      if (m.acceptsEmpty) {
        checks.push(m);
        continue;
      }
      const ids = this.idsMatching(m);
      if (candidates === null) candidates = ids;
      else candidates = ids.size < candidates.size ? intersect(ids, candidates) : intersect(candidates, ids);
      if (candidates.size === 0) return [];
    }
    const pool: Iterable<number> = candidates ?? this.labelsById.keys();
    const rows: DimensionRow[] = [];
    for (const id of pool) {
      const labels = this.labelsById.get(id);
      if (labels === undefined) continue;
      if (checks.every((m) => accepted(m, valueOf(labels, m.name)))) rows.push({ id, labels });
    }
    // After new series the global rank is stale: rebuilding it sorts every series, which only
    // pays off for large selections; small ones are sorted on their own.
    if (this.rankStale && rows.length * 8 < this.labelsById.size) return rows.sort((a, b) => compareLabels(a.labels, b.labels));
    const rank = this.ranks();
    return rows.sort((a, b) => (rank.get(a.id) as number) - (rank.get(b.id) as number));
  }

  /** Ids with a value of the matcher's label that it accepts (the label must be present). */
  private idsMatching(m: IndexMatcher): Set<number> {
    const values = this.postings.get(m.name);
    if (values === undefined) return new Set();
    if (m.equals !== undefined) return new Set(values.get(m.equals) ?? []);
    const out = new Set<number>();
    for (const [value, ids] of values) {
      if (value === '' || !m.accepts(value)) continue;
      for (const id of ids) out.add(id);
    }
    return out;
  }

  private ranks(): Map<number, number> {
    if (!this.rankStale) return this.rank;
    const ids = [...this.labelsById.keys()];
    ids.sort((a, b) => compareLabels(this.labelsById.get(a) as Labels, this.labelsById.get(b) as Labels));
    this.rank = new Map(ids.map((id, i) => [id, i]));
    this.rankStale = false;
    return this.rank;
  }
}

function intersect(small: Set<number>, large: Set<number>): Set<number> {
  const out = new Set<number>();
  for (const id of small) if (large.has(id)) out.add(id);
  return out;
}

function accepted(m: IndexMatcher, value: string): boolean {
  return value === '' ? m.acceptsEmpty : m.accepts(value);
}

function valueOf(labels: Labels, name: string): string {
  for (const l of labels) if (l.name === name) return l.value;
  return '';
}
