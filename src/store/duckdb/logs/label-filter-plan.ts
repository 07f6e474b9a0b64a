import type { CompiledLabelFilters, LabelFilterExpr, Labels } from '../../../model/index.js';
import { DUPLICATE_SUFFIX, formatLabelFilter } from '../../../model/index.js';
import type { SqlParams } from '../db/sql-params.js';

/**
 * What LogQL label filters leave to check, stream by stream. A filter on a name the stream has
 * as a label is decided by that label alone (structured metadata of that name is renamed
 * `<name>_extracted`), so it is settled here once per stream; what depends on structured
 * metadata is left as a residual expression, checked per record in JS after a SQL pre-filter.
 *
 * `group[i]` is -1 for stream i when its labels already reject every record, 0 when they
 * accept every record, and k > 0 when its records must pass `residuals[k - 1]`. Streams with
 * the same residual share a group, so the SQL stays one condition per distinct residual.
 */
export interface LabelFilterPlan {
  readonly group: readonly number[];
  readonly residuals: readonly LabelFilterExpr[];
}

export function planLabelFilters(filters: CompiledLabelFilters, streams: readonly Labels[]): LabelFilterPlan {
  const group: number[] = [];
  const residuals: LabelFilterExpr[] = [];
  const groupOf = new Map<string, number>();
  for (const labels of streams) {
    const folded = filters.fold((name) => decidedByStream(labels, name));
    if (typeof folded === 'boolean') {
      group.push(folded ? 0 : -1);
      continue;
    }
    const key = formatLabelFilter(folded);
    let g = groupOf.get(key);
    if (g === undefined) {
      residuals.push(folded);
      g = residuals.length;
      groupOf.set(key, g);
    }
    group.push(g);
  }
  return { group, residuals };
}

/** The stream label's value when no structured metadata can shadow it, else undefined. */
export function decidedByStream(labels: Labels, name: string): string | undefined {
  if (name.endsWith(DUPLICATE_SUFFIX)) return undefined;
  for (const l of labels) if (l.name === name) return l.value;
  return undefined;
}

/**
 * A SQL condition on the logs row `l` that every record passing `e` satisfies (a superset,
 * never exact), or null when SQL cannot narrow it. Only `name="value"` narrows: the value must
 * then appear in the stored metadata text (model's encodeAttributes writes a string as JSON, and
 * numbers, booleans and base64 bytes as text containing their display string), or be the
 * record's trace or span id. Display strings of arrays and maps (starting with `[` or `{`) have
 * another shape in storage, and a `<x>_extracted` name may be a stream label, so those do not
 * narrow.
 */
export function prefilterSql(e: LabelFilterExpr, p: SqlParams): string | null {
  if (e.op === 'match') {
    const { name, type, value } = e.matcher;
    if (type !== '=' || value === '' || value.startsWith('[') || value.startsWith('{') || name.endsWith(DUPLICATE_SUFFIX)) return null;
    const conds = [`contains(l.metadata, ${p.text(JSON.stringify(value).slice(1, -1))})`];
    if (name === 'trace_id') conds.push(`l.trace_id = ${p.text(value)}`);
    if (name === 'span_id') conds.push(`l.span_id = ${p.text(value)}`);
    return `(${conds.join(' OR ')})`;
  }
  const left = prefilterSql(e.left, p);
  const right = prefilterSql(e.right, p);
  if (e.op === 'and') return left === null ? right : right === null ? left : `(${left} AND ${right})`;
  return left === null || right === null ? null : `(${left} OR ${right})`;
}

/**
 * The condition keeping rows of group 0 and rows of residual groups that pass their pre-filter,
 * given the group as SQL expression `groupSql`; streams of group -1 are never selected.
 */
export function planSql(plan: LabelFilterPlan, groupSql: string, p: SqlParams): string {
  const parts = [`${groupSql} = 0`];
  plan.residuals.forEach((r, k) => {
    const pre = prefilterSql(r, p);
    parts.push(pre === null ? `${groupSql} = ${k + 1}` : `(${groupSql} = ${k + 1} AND ${pre})`);
  });
  return `(${parts.join(' OR ')})`;
}
