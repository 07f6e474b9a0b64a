import type { DuckDBDataChunk } from '@duckdb/node-api';
import type { Labels } from '../../../model/index.js';
import { CompiledLabelFilters, GrowableFloat64, GrowableInt32, decodeAttributes, entryLabelValue, labelsKey, metricSeriesLabels, structuredMetadataLabels } from '../../../model/index.js';
import type { LineFilter, LogCountBatch, LogCountQuery } from '../../contract.js';
import { float64Column, int32Column } from '../db/column-arrays.js';
import { streamChunks } from '../db/read-pool.js';
import type { BoundSql } from '../db/sql-params.js';
import { SqlParams } from '../db/sql-params.js';
import type { DimensionRow } from '../labels/dimension-reads.js';
import { STREAMS_SOURCE, readDimensionRows } from '../labels/dimension-reads.js';
import { prepareMatchers } from '../labels/matchers-sql.js';
import { dayTableSql } from '../partitions.js';
import type { StoreContext } from '../store-context.js';
import { clampNsRange, dayOfNs } from '../time-units.js';
import { groupingNeeds } from './count-series.js';
import type { LabelFilterPlan } from './label-filter-plan.js';
import { planLabelFilters, planSql } from './label-filter-plan.js';
import { lineFilterSql } from './line-filter-sql.js';

/** Rows per yielded batch. */
const ROWS_PER_BATCH = 16_384;
const EMPTY: Labels = [];

/** A stream taking part: its position in `rows`, label filter group, and what SQL must group its records by. */
interface CountedStream {
  readonly row: DimensionRow;
  readonly ord: number;
  readonly group: number;
  readonly metadata: boolean;
  readonly ids: boolean;
}

/**
 * `countLogs` in SQL: one GROUP BY over the day partitions in range, by (stream, bucket), and by
 * the stored structured metadata and trace/span ids only for streams whose series labels or
 * remaining label filter depend on them (see groupingNeeds). Line filters and the label filter
 * pre-filter run in SQL as in selectLogs; the exact label filter check and the label sets are
 * computed here once per distinct (stream, metadata, ids) group, never per record.
 */
export async function* countLogs(ctx: StoreContext, q: LogCountQuery, signal: AbortSignal): AsyncGenerator<LogCountBatch> {
  const tenantId = ctx.tenants.lookup(q.tenant);
  const firstNs = q.startUnixNano + 1n;
  const range = clampNsRange(firstNs, q.startUnixNano + BigInt(q.bucketCount) * q.bucketNanos);
  const conn = await ctx.pool.acquire(signal);
  try {
    const matchers = await prepareMatchers(conn, ctx.regex, q.matchers);
    const lineFilters = q.lineFilters ?? [];
    for (const f of lineFilters) if (f.type === '|~' || f.type === '!~') await ctx.regex.checkLinePattern(conn, f.value);
    const filters = new CompiledLabelFilters(q.labelFilters ?? []);
    if (tenantId === undefined || range === null) return;
    const rows = await readDimensionRows(ctx, conn, STREAMS_SOURCE, tenantId, [matchers], { start: range.startNs, end: range.endNs }, false, signal);
    const plan = planLabelFilters(filters, rows.map((r) => r.labels));
    const kept: CountedStream[] = [];
    rows.forEach((row, ord) => {
      const group = plan.group[ord] as number;
      if (group < 0) return;
      const needs = groupingNeeds(row.labels, q.grouping, group > 0 ? (plan.residuals[group - 1] ?? null) : null);
      kept.push({ row, ord, group, ...needs });
    });
    if (kept.length === 0) return;

    const series = new SeriesResolver(q, rows, plan);
    let out = new BatchBuilder();
    const sql = (): BoundSql | null => countSql(ctx, { tenantId, range, firstNs, bucketNanos: q.bucketNanos, lineFilters, kept, plan });
    for await (const chunk of streamChunks(conn, sql, signal, 'counting logs')) {
      readChunk(chunk, series, out);
      if (out.length >= ROWS_PER_BATCH) {
        yield out.build();
        out = new BatchBuilder();
      }
    }
    if (out.length > 0) yield out.build();
  } finally {
    ctx.pool.release(conn);
  }
}

/** Columns: 0 ord, 1 bucket, 2 lines, 3 bytes, 4 metadata, 5 trace id, 6 span id, 7 needs the JS label work (0/1). */
function readChunk(chunk: DuckDBDataChunk, series: SeriesResolver, out: BatchBuilder): void {
  const ords = int32Column(chunk, 0);
  const buckets = float64Column(chunk, 1).values;
  const lines = float64Column(chunk, 2).values;
  const bytes = float64Column(chunk, 3).values;
  const detailed = int32Column(chunk, 7);
  const md = chunk.getColumnVector(4);
  const tid = chunk.getColumnVector(5);
  const sid = chunk.getColumnVector(6);
  for (let i = 0; i < chunk.rowCount; i++) {
    const ord = ords[i] as number;
    const s =
      detailed[i] === 1
        ? series.ofRecord(ord, (md.getItem(i) as string | null) ?? '', (tid.getItem(i) as string | null) ?? '', (sid.getItem(i) as string | null) ?? '')
        : series.ofStream(ord);
    if (s >= 0) out.push(s, buckets[i] as number, lines[i] as number, bytes[i] as number, series.labels);
  }
}

/** Series index of each (stream, metadata, ids) group, computed once; -1 when the label filters reject it. */
class SeriesResolver {
  readonly labels: Labels[] = [];
  private readonly byKey = new Map<string, number>();
  private readonly byStream = new Map<number, number>();
  private readonly byRecordGroup = new Map<string, number>();
  private readonly filters: CompiledLabelFilters[];

  constructor(
    private readonly q: LogCountQuery,
    private readonly rows: readonly DimensionRow[],
    private readonly plan: LabelFilterPlan,
  ) {
    this.filters = plan.residuals.map((r) => new CompiledLabelFilters([r]));
  }

  /** A stream whose series labels and filters do not depend on its records. */
  ofStream(ord: number): number {
    let s = this.byStream.get(ord);
    if (s === undefined) {
      s = this.intern(metricSeriesLabels((this.rows[ord] as DimensionRow).labels, EMPTY, this.q.grouping));
      this.byStream.set(ord, s);
    }
    return s;
  }

  ofRecord(ord: number, metadataText: string, traceId: string, spanId: string): number {
    const key = `${ord}\u0000${metadataText}\u0000${traceId}\u0000${spanId}`;
    let s = this.byRecordGroup.get(key);
    if (s === undefined) {
      const stream = (this.rows[ord] as DimensionRow).labels;
      const metadata = structuredMetadataLabels(stream, decodeAttributes(metadataText), traceId, spanId);
      const filter = this.filters[(this.plan.group[ord] as number) - 1];
      const passes = filter === undefined || filter.matches((name) => entryLabelValue(stream, metadata, name));
      s = passes ? this.intern(metricSeriesLabels(stream, metadata, this.q.grouping)) : -1;
      this.byRecordGroup.set(key, s);
    }
    return s;
  }

  private intern(labels: Labels): number {
    const key = labelsKey(labels);
    let s = this.byKey.get(key);
    if (s === undefined) {
      s = this.labels.length;
      this.labels.push(labels);
      this.byKey.set(key, s);
    }
    return s;
  }
}

/** Rows of one batch, with its series renumbered to the label sets it uses. */
class BatchBuilder {
  private readonly local = new Map<number, number>();
  private readonly labels: Labels[] = [];
  private readonly series = new GrowableInt32(1024);
  private readonly bucket = new GrowableFloat64(1024);
  private readonly lines = new GrowableFloat64(1024);
  private readonly bytes = new GrowableFloat64(1024);

  get length(): number {
    return this.series.length;
  }

  push(globalSeries: number, bucket: number, lines: number, bytes: number, table: readonly Labels[]): void {
    let s = this.local.get(globalSeries);
    if (s === undefined) {
      s = this.labels.length;
      this.labels.push(table[globalSeries] as Labels);
      this.local.set(globalSeries, s);
    }
    this.series.push(s);
    this.bucket.push(bucket);
    this.lines.push(lines);
    this.bytes.push(bytes);
  }

  build(): LogCountBatch {
    return {
      length: this.series.length,
      labels: this.labels,
      series: this.series.view().slice(),
      bucket: this.bucket.view().slice(),
      lines: this.lines.view().slice(),
      bytes: this.bytes.view().slice(),
    };
  }
}

interface CountPlan {
  readonly tenantId: number;
  readonly range: { readonly startNs: bigint; readonly endNs: bigint };
  readonly firstNs: bigint;
  readonly bucketNanos: bigint;
  readonly lineFilters: readonly LineFilter[];
  readonly kept: readonly CountedStream[];
  readonly plan: LabelFilterPlan;
}

/** The GROUP BY over the day partitions overlapping the range; null when none does. */
function countSql(ctx: StoreContext, c: CountPlan): BoundSql | null {
  const days = ctx.partitions.overlapping('logs', dayOfNs(c.range.startNs), dayOfNs(c.range.endNs));
  if (days.length === 0) return null;
  const p = new SqlParams();
  const t = p.int(c.tenantId);
  const s = p.bigint(c.range.startNs);
  const e = p.bigint(c.range.endNs);
  const lf = lineFilterSql(c.lineFilters, p);
  const parts = days.map(
    (d) => `SELECT stream_id, time_ns, line, metadata, trace_id, span_id FROM ${dayTableSql('logs', d)} WHERE tenant_id = ${t} AND time_ns BETWEEN ${s} AND ${e}${lf}`,
  );
  const sel =
    `SELECT unnest(${p.intList(c.kept.map((k) => k.row.id))}) AS stream_id, unnest(${p.intList(c.kept.map((k) => k.ord))}) AS ord, ` +
    `unnest(${p.intList(c.kept.map((k) => k.group))}) AS grp, unnest(${p.intList(c.kept.map((k) => (k.metadata ? 1 : 0)))}) AS meta, ` +
    `unnest(${p.intList(c.kept.map((k) => (k.ids ? 1 : 0)))}) AS ids`;
  const where = c.plan.residuals.length > 0 ? ` WHERE ${planSql(c.plan, 'sel.grp', p)}` : '';
  const sql =
    `WITH sel AS (${sel}) ` +
    `SELECT sel.ord, CAST((l.time_ns - ${p.bigint(c.firstNs)}) // ${p.bigint(c.bucketNanos)} AS DOUBLE) AS bucket, ` +
    `CAST(count(*) AS DOUBLE) AS lines, CAST(sum(strlen(l.line)) AS DOUBLE) AS bytes, ` +
    `CASE WHEN sel.meta = 1 THEN l.metadata ELSE '' END AS md, CASE WHEN sel.ids = 1 THEN l.trace_id ELSE '' END AS tid, ` +
    `CASE WHEN sel.ids = 1 THEN l.span_id ELSE '' END AS sid, CAST(sel.meta AS INTEGER) AS detailed ` +
    `FROM (${parts.join(' UNION ALL ')}) l JOIN sel USING (stream_id)${where} ` +
    `GROUP BY ALL`;
  return { sql, params: p };
}
