import type { DuckDBConnection } from '@duckdb/node-api';
import type { LogBatch } from '../../../model/index.js';
import { LogBatchBuilder, decodeAttributes } from '../../../model/index.js';
import type { LineFilter, LogLabelQuery, LogSelection } from '../../contract.js';
import { streamChunks } from '../db/read-pool.js';
import { SqlParams } from '../db/sql-params.js';
import type { DimensionRow } from '../labels/dimension-reads.js';
import { STREAMS_SOURCE, readDimensionRows, readLabelStrings } from '../labels/dimension-reads.js';
import type { SqlMatcher } from '../labels/matchers-sql.js';
import { prepareMatchers } from '../labels/matchers-sql.js';
import { dayTableSql } from '../partitions.js';
import type { StoreContext } from '../store-context.js';
import { clampNsRange, dayOfNs } from '../time-units.js';

const RECORDS_PER_BATCH = 1000;

/**
 * Records of matching streams in [start, end), ordered by (time, stream label set, write order)
 * ascending for 'forward'; 'backward' is the exact reverse. At most `limit` in total. Line
 * filters are applied exactly in SQL: `|=`/`!=` substring, `|~`/`!~` unanchored RE2.
 */
export async function* selectLogs(ctx: StoreContext, q: LogSelection, signal: AbortSignal): AsyncGenerator<LogBatch> {
  const tenantId = ctx.tenants.lookup(q.tenant);
  const range = q.endUnixNano > q.startUnixNano ? clampNsRange(q.startUnixNano, q.endUnixNano - 1n) : null;
  const conn = await ctx.pool.acquire(signal);
  try {
    const matchers = await prepareMatchers(conn, ctx.regex, q.matchers);
    const filters = q.lineFilters ?? [];
    for (const f of filters) if (f.type === '|~' || f.type === '!~') await ctx.regex.checkLinePattern(conn, f.value);
    if (tenantId === undefined || range === null || q.limit <= 0) return;
    const streams = await readDimensionRows(ctx, conn, STREAMS_SOURCE, tenantId, [matchers], { start: range.startNs, end: range.endNs }, false, signal);
    if (streams.length === 0) return;
    const dir = q.direction === 'backward' ? 'DESC' : 'ASC';
    const plan = (): { sql: string; params: SqlParams } | null => {
      const days = ctx.partitions.overlapping('logs', dayOfNs(range.startNs), dayOfNs(range.endNs));
      if (days.length === 0) return null;
      const p = new SqlParams();
      const t = p.int(tenantId);
      const s = p.bigint(range.startNs);
      const e = p.bigint(range.endNs);
      const lf = lineFilterSql(filters, p);
      const ids = p.intList(streams.map((r) => r.id));
      const ords = p.intList(streams.map((_, i) => i));
      const parts = days.map(
        (d) => `SELECT *, rowid AS rid FROM ${dayTableSql('logs', d)} WHERE tenant_id = ${t} AND time_ns BETWEEN ${s} AND ${e}${lf}`,
      );
      const sql =
        `WITH sel AS (SELECT unnest(${ids}) AS stream_id, unnest(${ords}) AS ord) ` +
        `SELECT sel.ord, l.time_ns, l.observed_ns, l.severity_number, l.severity_text, l.line, l.metadata, l.trace_id, l.span_id, l.flags ` +
        `FROM (${parts.join(' UNION ALL ')}) l JOIN sel USING (stream_id) ` +
        `ORDER BY l.time_ns ${dir}, sel.ord ${dir}, l.rid ${dir} LIMIT ${p.bigint(BigInt(Math.floor(q.limit)))}`;
      return { sql, params: p };
    };
    let builder = new LogBatchBuilder(q.tenant);
    const streamIndex = new Map<number, number>();
    for await (const chunk of streamChunks(conn, plan, signal, 'selecting logs')) {
      const cols = Array.from({ length: 10 }, (_, c) => chunk.getColumnVector(c));
      const col = (c: number, i: number): unknown => (cols[c] as (typeof cols)[number]).getItem(i);
      for (let i = 0; i < chunk.rowCount; i++) {
        const ord = col(0, i) as number;
        let si = streamIndex.get(ord);
        if (si === undefined) {
          si = builder.stream((streams[ord] as DimensionRow).labels);
          streamIndex.set(ord, si);
        }
        builder.record(si, {
          timeUnixNano: col(1, i) as bigint,
          observedTimeUnixNano: col(2, i) as bigint,
          severityNumber: col(3, i) as number,
          severityText: col(4, i) as string,
          line: col(5, i) as string,
          metadata: decodeAttributes(col(6, i) as string),
          traceId: col(7, i) as string,
          spanId: col(8, i) as string,
          flags: col(9, i) as number,
        });
        if (builder.length >= RECORDS_PER_BATCH) {
          yield builder.build();
          builder = new LogBatchBuilder(q.tenant);
          streamIndex.clear();
        }
      }
    }
    if (builder.length > 0) yield builder.build();
  } finally {
    ctx.pool.release(conn);
  }
}

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

function lineFilterSql(filters: readonly LineFilter[], p: SqlParams): string {
  let sql = '';
  for (const f of filters) {
    const v = p.text(f.value);
    switch (f.type) {
      case '|=':
        sql += ` AND contains(line, ${v})`;
        break;
      case '!=':
        sql += ` AND NOT contains(line, ${v})`;
        break;
      case '|~':
        sql += ` AND regexp_matches(line, ${v})`;
        break;
      case '!~':
        sql += ` AND NOT regexp_matches(line, ${v})`;
        break;
    }
  }
  return sql;
}
