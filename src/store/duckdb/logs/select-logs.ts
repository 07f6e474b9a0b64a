import type { Attributes, Labels, LogBatch } from '../../../model/index.js';
import { CompiledLabelFilters, LogBatchBuilder, decodeAttributes, entryLabelValue, structuredMetadataLabels } from '../../../model/index.js';
import type { LineFilter, LogSelection } from '../../contract.js';
import { streamChunks } from '../db/read-pool.js';
import type { BoundSql } from '../db/sql-params.js';
import { SqlParams } from '../db/sql-params.js';
import type { DimensionRow } from '../labels/dimension-reads.js';
import { STREAMS_SOURCE, readDimensionRows } from '../labels/dimension-reads.js';
import { prepareMatchers } from '../labels/matchers-sql.js';
import { dayTableSql } from '../partitions.js';
import type { StoreContext } from '../store-context.js';
import { clampNsRange, dayOfNs } from '../time-units.js';
import type { LabelFilterPlan } from './label-filter-plan.js';
import { planLabelFilters, planSql } from './label-filter-plan.js';
import { lineFilterSql } from './line-filter-sql.js';

const RECORDS_PER_BATCH = 1000;
/** First page when records are checked in JS (at least `limit` rows); each next page is 4× larger. */
const FIRST_CHECKED_PAGE = 1000;
/** A page that would be larger reads the rest of the range in one ordered query, without LIMIT. */
const MAX_LIMITED_PAGE = 64_000;

/** Where the previous page ended, in (time, stream order, write order). */
interface Cursor {
  readonly timeNs: bigint;
  readonly ord: number;
  readonly rid: bigint;
}

/**
 * Records of matching streams in [start, end), ordered by (time, stream label set, write order)
 * ascending for 'forward'; 'backward' is the exact reverse. At most `limit` in total. Line
 * filters are applied exactly in SQL: `|=`/`!=` substring, `|~`/`!~` unanchored RE2.
 *
 * Label filters are settled per stream where stream labels decide them (label-filter-plan.ts);
 * what depends on structured metadata is pre-filtered in SQL and checked exactly here. Such
 * records are read in pages (top-N queries resuming after the last row, growing from 1,000 to
 * 64,000 rows, then the rest of the range at once) until `limit` records passed, so the limit
 * counts filtered records without sorting the whole range when matches are frequent.
 */
export async function* selectLogs(ctx: StoreContext, q: LogSelection, signal: AbortSignal): AsyncGenerator<LogBatch> {
  const tenantId = ctx.tenants.lookup(q.tenant);
  const range = q.endUnixNano > q.startUnixNano ? clampNsRange(q.startUnixNano, q.endUnixNano - 1n) : null;
  const conn = await ctx.pool.acquire(signal);
  try {
    const matchers = await prepareMatchers(conn, ctx.regex, q.matchers);
    const lineFilters = q.lineFilters ?? [];
    for (const f of lineFilters) if (f.type === '|~' || f.type === '!~') await ctx.regex.checkLinePattern(conn, f.value);
    const labelFilters = new CompiledLabelFilters(q.labelFilters ?? []);
    if (tenantId === undefined || range === null || q.limit <= 0) return;
    const rows = await readDimensionRows(ctx, conn, STREAMS_SOURCE, tenantId, [matchers], { start: range.startNs, end: range.endNs }, false, signal);
    const plan = planLabelFilters(labelFilters, rows.map((r) => r.labels));
    const kept = rows.flatMap((row, ord) => ((plan.group[ord] as number) >= 0 ? [{ row, ord, group: plan.group[ord] as number }] : []));
    if (kept.length === 0) return;

    let builder = new LogBatchBuilder(q.tenant);
    const streamIndex = new Map<number, number>();
    let emitted = 0;
    let cursor: Cursor | null = null;
    let page: number | null = plan.residuals.length > 0 ? Math.max(q.limit, FIRST_CHECKED_PAGE) : q.limit;
    pages: for (;;) {
      let read = 0;
      const pageQuery: PageQuery = { tenantId, range, direction: q.direction, lineFilters, kept, plan, cursor, page };
      for await (const chunk of streamChunks(conn, () => pageSql(ctx, pageQuery), signal, 'selecting logs')) {
        const cols = Array.from({ length: 12 }, (_, c) => chunk.getColumnVector(c));
        const col = (c: number, i: number): unknown => (cols[c] as (typeof cols)[number]).getItem(i);
        for (let i = 0; i < chunk.rowCount; i++) {
          read++;
          const ord = col(0, i) as number;
          const timeUnixNano = col(1, i) as bigint;
          cursor = { timeNs: timeUnixNano, ord, rid: col(11, i) as bigint };
          const labels = (rows[ord] as DimensionRow).labels;
          const metadata = decodeAttributes(col(6, i) as string);
          const traceId = col(7, i) as string;
          const spanId = col(8, i) as string;
          if ((col(10, i) as number) > 0 && !passes(labelFilters, labels, metadata, traceId, spanId)) continue;
          let si = streamIndex.get(ord);
          if (si === undefined) {
            si = builder.stream(labels);
            streamIndex.set(ord, si);
          }
          builder.record(si, {
            timeUnixNano,
            observedTimeUnixNano: col(2, i) as bigint,
            severityNumber: col(3, i) as number,
            severityText: col(4, i) as string,
            line: col(5, i) as string,
            metadata,
            traceId,
            spanId,
            flags: col(9, i) as number,
          });
          if (builder.length >= RECORDS_PER_BATCH) {
            yield builder.build();
            builder = new LogBatchBuilder(q.tenant);
            streamIndex.clear();
          }
          if (++emitted >= q.limit) break pages;
        }
      }
      if (page === null || read < page) break;
      page = page * 4 > MAX_LIMITED_PAGE ? null : page * 4;
    }
    if (builder.length > 0) yield builder.build();
  } finally {
    ctx.pool.release(conn);
  }
}

/** One page's query: the selection, the streams kept with their filter group, where to resume, how many rows. */
interface PageQuery {
  readonly tenantId: number;
  readonly range: { readonly startNs: bigint; readonly endNs: bigint };
  readonly direction: LogSelection['direction'];
  readonly lineFilters: readonly LineFilter[];
  readonly kept: readonly { readonly row: DimensionRow; readonly ord: number; readonly group: number }[];
  readonly plan: LabelFilterPlan;
  readonly cursor: Cursor | null;
  /** Rows to read, or null for the rest of the range. */
  readonly page: number | null;
}

/** The ordered query of one page, or null when no partition overlaps what is left of the range. */
function pageSql(ctx: StoreContext, q: PageQuery): BoundSql | null {
  const range = narrowed(q.range, q.cursor, q.direction);
  const days = ctx.partitions.overlapping('logs', dayOfNs(range.startNs), dayOfNs(range.endNs));
  if (days.length === 0) return null;
  const p = new SqlParams();
  const t = p.int(q.tenantId);
  const s = p.bigint(range.startNs);
  const e = p.bigint(range.endNs);
  const lf = lineFilterSql(q.lineFilters, p);
  const parts = days.map((d) => `SELECT *, rowid AS rid FROM ${dayTableSql('logs', d)} WHERE tenant_id = ${t} AND time_ns BETWEEN ${s} AND ${e}${lf}`);
  const where = [afterCursorSql(q.cursor, q.direction, p), q.plan.residuals.length > 0 ? planSql(q.plan, 'sel.grp', p) : null].filter((c) => c !== null);
  const dir = q.direction === 'backward' ? 'DESC' : 'ASC';
  const sel =
    `SELECT unnest(${p.intList(q.kept.map((k) => k.row.id))}) AS stream_id, unnest(${p.intList(q.kept.map((k) => k.ord))}) AS ord, ` +
    `unnest(${p.intList(q.kept.map((k) => k.group))}) AS grp`;
  const sql =
    `WITH sel AS (${sel}) ` +
    `SELECT sel.ord, l.time_ns, l.observed_ns, l.severity_number, l.severity_text, l.line, l.metadata, l.trace_id, l.span_id, l.flags, sel.grp, l.rid ` +
    `FROM (${parts.join(' UNION ALL ')}) l JOIN sel USING (stream_id)${where.length > 0 ? ` WHERE ${where.join(' AND ')}` : ''} ` +
    `ORDER BY l.time_ns ${dir}, sel.ord ${dir}, l.rid ${dir}${q.page === null ? '' : ` LIMIT ${p.bigint(BigInt(q.page))}`}`;
  return { sql, params: p };
}

function passes(filters: CompiledLabelFilters, stream: Labels, metadata: Attributes, traceId: string, spanId: string): boolean {
  const shown = structuredMetadataLabels(stream, metadata, traceId, spanId);
  return filters.matches((name) => entryLabelValue(stream, shown, name));
}

/** The range still to read after `cursor`: rows at the cursor's time are sorted out by afterCursorSql. */
function narrowed(range: { startNs: bigint; endNs: bigint }, cursor: Cursor | null, direction: LogSelection['direction']): { startNs: bigint; endNs: bigint } {
  if (cursor === null) return range;
  return direction === 'forward' ? { startNs: cursor.timeNs, endNs: range.endNs } : { startNs: range.startNs, endNs: cursor.timeNs };
}

/** Rows after the cursor in the read order, given the range is already narrowed to its time. */
function afterCursorSql(cursor: Cursor | null, direction: LogSelection['direction'], p: SqlParams): string | null {
  if (cursor === null) return null;
  const cmp = direction === 'forward' ? '>' : '<';
  const o = p.int(cursor.ord);
  return `(l.time_ns ${cmp} ${p.bigint(cursor.timeNs)} OR sel.ord ${cmp} ${o} OR (sel.ord = ${o} AND l.rid ${cmp} ${p.bigint(cursor.rid)}))`;
}
