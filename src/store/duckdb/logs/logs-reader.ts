import type { DuckDBConnection } from '@duckdb/node-api';
import type { LogLabelQuery } from '../../contract.js';
import type { DimensionRow } from '../labels/dimension-reads.js';
import { STREAMS_SOURCE, readDimensionRows, readLabelStrings } from '../labels/dimension-reads.js';
import type { SqlMatcher } from '../labels/matchers-sql.js';
import { prepareMatchers } from '../labels/matchers-sql.js';
import type { StoreContext } from '../store-context.js';
import { clampNsRange } from '../time-units.js';

/** Sorted distinct label names (`name` null) or values of label `name`, of streams with records in range. */
export async function logLabelStrings(ctx: StoreContext, q: LogLabelQuery, name: string | null, signal: AbortSignal): Promise<string[]> {
  const tenantId = ctx.tenants.lookup(q.tenant);
  const range = clampNsRange(q.startUnixNano, q.endUnixNano);
  return ctx.pool.use(signal, async (conn) => {
    const sets = await prepareSets(ctx, conn, q);
    if (tenantId === undefined || range === null) return [];
    return readLabelStrings(ctx, conn, STREAMS_SOURCE, tenantId, sets, { start: range.startNs, end: range.endNs }, name, undefined, signal);
  });
}

/** Stream label sets matching any set with records in the closed range, sorted. */
export async function logStreams(ctx: StoreContext, q: LogLabelQuery, signal: AbortSignal): Promise<DimensionRow[]> {
  const tenantId = ctx.tenants.lookup(q.tenant);
  const range = clampNsRange(q.startUnixNano, q.endUnixNano);
  return ctx.pool.use(signal, async (conn) => {
    const sets = await prepareSets(ctx, conn, q);
    if (tenantId === undefined || range === null) return [];
    return readDimensionRows(ctx, conn, STREAMS_SOURCE, tenantId, sets, { start: range.startNs, end: range.endNs }, true, signal);
  });
}

async function prepareSets(ctx: StoreContext, conn: DuckDBConnection, q: LogLabelQuery): Promise<SqlMatcher[][]> {
  const sets: SqlMatcher[][] = [];
  for (const s of q.matcherSets) sets.push(await prepareMatchers(conn, ctx.regex, s));
  return sets;
}
