import type { DuckDBConnection } from '@duckdb/node-api';
import type { Labels } from '../../../model/index.js';
import { readAll } from '../db/read-pool.js';
import { SqlParams, quoteIdent } from '../db/sql-params.js';
import type { PartitionRegistry } from '../partitions.js';
import type { StoreContext } from '../store-context.js';
import type { DimensionSpec } from './label-dimension.js';
import { SERIES, STREAMS } from './label-dimension.js';
import { compareCodePoints, compareLabelSets, decodeLabelSet } from './label-sets.js';
import type { SqlMatcher } from './matchers-sql.js';
import { matcherSetsSql } from './matchers-sql.js';
import type { PresenceSource } from './presence-sql.js';
import { coarseIdsSql, exactIdsSql } from './presence-sql.js';

/** A label dimension together with the presence rows and data that say when it had data. */
export interface DimensionSource {
  readonly spec: DimensionSpec;
  readonly presence: PresenceSource;
}

export const SERIES_SOURCE: DimensionSource = {
  spec: SERIES,
  presence: {
    signal: 'metrics',
    presenceKind: 'series_presence',
    dataKind: 'samples',
    chunkKind: 'sample_chunks',
    idColumn: 'series_id',
    timeColumn: 'ts_ms',
    unitsPerHour: 3_600_000n,
  },
};

export const STREAMS_SOURCE: DimensionSource = {
  spec: STREAMS,
  presence: {
    signal: 'logs',
    presenceKind: 'stream_presence',
    dataKind: 'logs',
    idColumn: 'stream_id',
    timeColumn: 'time_ns',
    unitsPerHour: 3_600_000_000_000n,
  },
};

export interface DimensionRow {
  readonly id: number;
  readonly labels: Labels;
}

/** A closed time range in the source's unit (ms for series, ns for streams). */
export interface UnitRange {
  readonly start: bigint;
  readonly end: bigint;
}

/**
 * SQL parts selecting ids of the tenant matching any of the matcher sets (`matchedCte`, to put
 * after WITH) with data in range (`inRange`, a subquery of ids): exact, or a coarse superset
 * from presence rows only. Null when no partition overlaps the range.
 */
export function dimensionInRangeSql(
  src: DimensionSource,
  partitions: PartitionRegistry,
  tenantPh: string,
  sets: readonly (readonly SqlMatcher[])[],
  range: UnitRange,
  exact: boolean,
  p: SqlParams,
): { readonly matchedCte: string; readonly inRange: string } | null {
  const id = quoteIdent(src.spec.idColumn);
  const matchedCte =
    `matched AS MATERIALIZED (SELECT ${id} FROM ${quoteIdent(src.spec.main)} ` +
    `WHERE tenant_id = ${tenantPh} AND (${matcherSetsSql(src.spec, sets, id, tenantPh, p)}))`;
  const filter = `${id} IN (SELECT ${id} FROM matched)`;
  const build = exact ? exactIdsSql : coarseIdsSql;
  const inRange = build(src.presence, partitions, tenantPh, range.start, range.end, filter, p);
  return inRange === null ? null : { matchedCte, inRange };
}

/** Ids and label sets matching any set with data in range, sorted by label set. */
export async function readDimensionRows(
  ctx: StoreContext,
  conn: DuckDBConnection,
  src: DimensionSource,
  tenantId: number,
  sets: readonly (readonly SqlMatcher[])[],
  range: UnitRange,
  exact: boolean,
  signal: AbortSignal,
): Promise<DimensionRow[]> {
  const r = await readAll(
    conn,
    () => {
      const p = new SqlParams();
      const t = p.int(tenantId);
      const sel = dimensionInRangeSql(src, ctx.partitions, t, sets, range, exact, p);
      if (sel === null) return null;
      const id = quoteIdent(src.spec.idColumn);
      const sql = `WITH ${sel.matchedCte} SELECT ${id}, labels FROM ${quoteIdent(src.spec.main)} WHERE tenant_id = ${t} AND ${id} IN (${sel.inRange})`;
      return { sql, params: p };
    },
    signal,
    `selecting ${src.spec.main}`,
  );
  const rows = (r?.getRows() ?? []).map(([id, labels]) => ({ id: Number(id), labels: decodeLabelSet(String(labels)) }));
  return rows.sort((a, b) => compareLabelSets(a.labels, b.labels));
}

/**
 * Sorted distinct label names (`name` null) or non-empty values of label `name`, over label
 * sets matching any set with data in the range (exact).
 */
export async function readLabelStrings(
  ctx: StoreContext,
  conn: DuckDBConnection,
  src: DimensionSource,
  tenantId: number,
  sets: readonly (readonly SqlMatcher[])[],
  range: UnitRange,
  name: string | null,
  limit: number | undefined,
  signal: AbortSignal,
): Promise<string[]> {
  const r = await readAll(
    conn,
    () => {
      const p = new SqlParams();
      const t = p.int(tenantId);
      const sel = dimensionInRangeSql(src, ctx.partitions, t, sets, range, true, p);
      if (sel === null) return null;
      const id = quoteIdent(src.spec.idColumn);
      const column = name === null ? 'name' : 'value';
      const byName = name === null ? '' : ` AND name = ${p.text(name)} AND value <> ''`;
      const lim = limit !== undefined && limit > 0 ? ` LIMIT ${p.int(limit)}` : '';
      const sql =
        `WITH ${sel.matchedCte} SELECT DISTINCT ${column} FROM ${quoteIdent(src.spec.labels)} ` +
        `WHERE tenant_id = ${t}${byName} AND ${id} IN (${sel.inRange}) ORDER BY ${column}${lim}`;
      return { sql, params: p };
    },
    signal,
    name === null ? `reading ${src.spec.labels} names` : `reading ${src.spec.labels} values`,
  );
  return (r?.getRows() ?? []).map((row) => String(row[0])).sort(compareCodePoints);
}
