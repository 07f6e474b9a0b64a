import type { DuckDBConnection } from '@duckdb/node-api';
import type { LabelMatcher } from '../../../model/index.js';
import type { SqlParams } from '../db/sql-params.js';
import { quoteIdent } from '../db/sql-params.js';
import type { DimensionSpec } from './label-dimension.js';
import type { RegexChecker } from './regex-check.js';

/** A label matcher with the one fact SQL generation needs: does it accept an absent label? */
export interface SqlMatcher extends LabelMatcher {
  readonly acceptsEmpty: boolean;
}

/** Validates regexes (bad_input when invalid) and decides empty-value semantics per matcher. */
export async function prepareMatchers(
  conn: DuckDBConnection,
  regex: RegexChecker,
  matchers: readonly LabelMatcher[],
): Promise<SqlMatcher[]> {
  const out: SqlMatcher[] = [];
  for (const m of matchers) {
    let acceptsEmpty: boolean;
    switch (m.type) {
      case '=':
        acceptsEmpty = m.value === '';
        break;
      case '!=':
        acceptsEmpty = m.value !== '';
        break;
      case '=~':
        acceptsEmpty = await regex.labelPatternMatchesEmpty(conn, m.value);
        break;
      case '!~':
        acceptsEmpty = !(await regex.labelPatternMatchesEmpty(conn, m.value));
        break;
    }
    out.push({ name: m.name, type: m.type, value: m.value, acceptsEmpty });
  }
  return out;
}

/**
 * A SQL condition on `idExpr` (a series or stream id) that holds when every matcher holds on
 * the label set of that id. A matcher that accepts "" also accepts label sets lacking the label,
 * so it becomes "no label of that name with a value it rejects"; any other matcher becomes
 * "some label of that name with a value it accepts". Regexes are RE2, fully anchored, with `.`
 * matching newlines, as in Prometheus.
 */
export function matcherSetSql(
  spec: DimensionSpec,
  matchers: readonly SqlMatcher[],
  idExpr: string,
  tenantPh: string,
  p: SqlParams,
): string {
  if (matchers.length === 0) return 'TRUE';
  const id = quoteIdent(spec.idColumn);
  const table = quoteIdent(spec.labels);
  return matchers
    .map((m) => {
      const accept = valueAccepted(m, p);
      const sub = (cond: string): string => `SELECT ${id} FROM ${table} WHERE tenant_id = ${tenantPh} AND name = ${p.text(m.name)} AND ${cond}`;
      return m.acceptsEmpty ? `${idExpr} NOT IN (${sub(`NOT (${accept})`)})` : `${idExpr} IN (${sub(accept)})`;
    })
    .join(' AND ');
}

/** Union of matcher sets (label queries): an empty list means every id of the tenant. */
export function matcherSetsSql(
  spec: DimensionSpec,
  sets: readonly (readonly SqlMatcher[])[],
  idExpr: string,
  tenantPh: string,
  p: SqlParams,
): string {
  if (sets.length === 0) return 'TRUE';
  return sets.map((s) => `(${matcherSetSql(spec, s, idExpr, tenantPh, p)})`).join(' OR ');
}

function valueAccepted(m: LabelMatcher, p: SqlParams): string {
  switch (m.type) {
    case '=':
      return `value = ${p.text(m.value)}`;
    case '!=':
      return `value <> ${p.text(m.value)}`;
    case '=~':
      return `regexp_full_match(value, ${p.text(m.value)}, 's')`;
    case '!~':
      return `NOT regexp_full_match(value, ${p.text(m.value)}, 's')`;
  }
}
