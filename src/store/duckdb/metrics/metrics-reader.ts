import type { DuckDBConnection } from '@duckdb/node-api';
import type { LabelMatcher, Labels, MetricMetadata, MetricType } from '../../../model/index.js';
import { GrowableFloat64, STALE_NAN } from '../../../model/index.js';
import type { LabelQuery, SampleBatch, SeriesSelection } from '../../contract.js';
import { readAll, streamChunks } from '../db/read-pool.js';
import { SqlParams } from '../db/sql-params.js';
import { float64Column, int32Column } from '../db/column-arrays.js';
import type { DimensionRow, UnitRange } from '../labels/dimension-reads.js';
import { SERIES_SOURCE, readDimensionRows, readLabelStrings } from '../labels/dimension-reads.js';
import type { SqlMatcher } from '../labels/matchers-sql.js';
import { prepareMatchers } from '../labels/matchers-sql.js';
import { dayTableSql } from '../partitions.js';
import type { StoreContext } from '../store-context.js';
import { clampMsRange, dayOfMs } from '../time-units.js';
import { metadataSql } from './metadata.js';
import { SeriesSamples } from './chunks/series-samples.js';
import type { HeadSamples } from './head-samples.js';
import type { IndexMatcher, SeriesIndex } from '../labels/series-index.js';
import { plainIndexMatcher } from '../labels/series-index.js';

/** Series per yielded batch, and samples after which a batch is cut at the next series. */
const SERIES_PER_BATCH = 2000;
const SAMPLES_PER_BATCH = 1_000_000;

/** Label sets of matching series with a sample in the closed range, sorted, at most `limit`. */
export async function* selectSeries(ctx: StoreContext, q: SeriesSelection, signal: AbortSignal): AsyncGenerator<readonly Labels[]> {
  const tenantId = ctx.tenants.lookup(q.tenant);
  const range = clampMsRange(q.startMs, q.endMs);
  const conn = await ctx.pool.acquire(signal);
  try {
    const matchers = await prepareMatchers(conn, ctx.regex, q.matchers);
    if (tenantId === undefined || range === null) return;
    const rows = await readDimensionRows(ctx, conn, SERIES_SOURCE, tenantId, [matchers], msRange(range), true, signal);
    const limit = q.limit !== undefined && q.limit > 0 ? Math.min(q.limit, rows.length) : rows.length;
    for (let i = 0; i < limit; i += SERIES_PER_BATCH) {
      yield rows.slice(i, Math.min(limit, i + SERIES_PER_BATCH)).map((r) => r.labels);
    }
  } finally {
    ctx.pool.release(conn);
  }
}

/**
 * Samples in the closed range of matching series, whole series per batch, sorted by label set
 * within a batch; duplicates of a timestamp resolve to the last write (highest rowid). The
 * part of the range the head covers comes from memory, the rest from the day tables.
 */
export async function* selectSamples(
  ctx: StoreContext,
  head: HeadSamples | null,
  index: SeriesIndex,
  q: SeriesSelection,
  signal: AbortSignal,
  settle: (signal: AbortSignal) => Promise<void>,
): AsyncGenerator<SampleBatch> {
  ctx.pool.ensureOpen();
  signal.throwIfAborted();
  const tenantId = ctx.tenants.lookup(q.tenant);
  const range = clampMsRange(q.startMs, q.endMs);
  if (tenantId === undefined || range === null) return;
  // Series come from the in-memory postings (every known series); those without samples in
  // the range are dropped below, as their reads come back empty.
  const regex = q.matchers.some((m) => m.type === '=~' || m.type === '!~');
  // Acknowledged writes reach DuckDB a little later; SQL must wait for them, the head need not.
  if (regex) await settle(signal);
  const series = index.select(tenantId, await indexMatchers(ctx, tenantId, q.matchers, signal));
  if (series.length === 0) return;
  const headFrom = head === null ? Infinity : Math.max(range.startMs, head.coverageStartMs);
  if (head !== null && headFrom === range.startMs) {
    // All in memory: no connection, no SQL.
    yield* headOnly(head, tenantId, series, range.startMs, range.endMs);
    return;
  }
  if (!regex) await settle(signal);
  const conn = await ctx.pool.acquire(signal);
  try {
    const b = new SampleBatchBuilder();
    if (head === null || headFrom > range.endMs) {
      // Nothing recent: stream straight from the day tables.
      for await (const ord of readStoredSamples(ctx, conn, tenantId, series, range.startMs, range.endMs, b, signal)) {
        if (ord < 0 && b.seriesCount > 0) yield b.take();
      }
      if (b.seriesCount > 0) yield b.take();
      return;
    }
    const stored = new SampleBatchBuilder();
    const storedOrds: number[] = [];
    for await (const ord of readStoredSamples(ctx, conn, tenantId, series, range.startMs, headFrom - 1, stored, signal, false)) {
      if (ord >= 0) storedOrds.push(ord);
    }
    const old = stored.take();
    let k = 0;
    for (let ord = 0; ord < series.length; ord++) {
      const row = series[ord] as DimensionRow;
      const hasOld = storedOrds[k] === ord;
      const recent = head.range(tenantId, row.id, headFrom, range.endMs);
      if (!hasOld && recent === null) continue;
      if (b.full()) yield b.take();
      b.startSeries(row.labels);
      if (hasOld) {
        b.pushAll(old.timestampsMs.subarray(old.offsets[k], old.offsets[k + 1]), old.values.subarray(old.offsets[k], old.offsets[k + 1]));
        k++;
      }
      // The head's arrays are only valid until the next write: copied here, synchronously.
      if (recent !== null) b.pushAll(recent.ts, recent.values);
    }
    if (b.seriesCount > 0) yield b.take();
  } finally {
    ctx.pool.release(conn);
  }
}

/**
 * The matchers as the series index applies them. Regex matchers are resolved here, with
 * DuckDB's RE2 (linear time, Prometheus's dialect), into the label values they accept; only
 * queries with a regex matcher touch the database for this.
 */
async function indexMatchers(ctx: StoreContext, tenantId: number, matchers: readonly LabelMatcher[], signal: AbortSignal): Promise<IndexMatcher[]> {
  if (!matchers.some((m) => m.type === '=~' || m.type === '!~')) return matchers.map(plainIndexMatcher);
  return ctx.pool.use(signal, async (conn) => {
    const prepared = await prepareMatchers(conn, ctx.regex, matchers);
    const out: IndexMatcher[] = [];
    for (const m of prepared) {
      if (m.type === '=' || m.type === '!=') {
        out.push(plainIndexMatcher(m));
        continue;
      }
      const r = await readAll(
        conn,
        () => {
          const p = new SqlParams();
          const sql =
            `SELECT DISTINCT value FROM series_labels WHERE tenant_id = ${p.int(tenantId)} AND name = ${p.text(m.name)} ` +
            `AND regexp_full_match(value, ${p.text(m.value)}, 's')`;
          return { sql, params: p };
        },
        signal,
        'matching label values',
      );
      const matching = new Set((r?.getRows() ?? []).map(([v]) => String(v)));
      const negated = m.type === '!~';
      out.push({ name: m.name, acceptsEmpty: m.acceptsEmpty, accepts: (v) => matching.has(v) !== negated });
    }
    return out;
  });
}

/**
 * A range the head covers entirely: batches of up to SERIES_PER_BATCH series, each copied once
 * into buffers sized exactly (the head's views are only valid until the next write).
 */
function* headOnly(head: HeadSamples, tenantId: number, series: readonly DimensionRow[], startMs: number, endMs: number): Generator<SampleBatch> {
  const picked: { labels: Labels; ts: Float64Array; values: Float64Array }[] = [];
  let total = 0;
  const emit = (): SampleBatch => {
    const offsets = new Int32Array(picked.length + 1);
    const timestampsMs = new Float64Array(total);
    const values = new Float64Array(total);
    let at = 0;
    picked.forEach((p, i) => {
      offsets[i] = at;
      timestampsMs.set(p.ts, at);
      values.set(p.values, at);
      at += p.ts.length;
    });
    offsets[picked.length] = at;
    const batch: SampleBatch = { series: picked.map((p) => p.labels), offsets, timestampsMs, values };
    picked.length = 0;
    total = 0;
    return batch;
  };
  for (const row of series) {
    const recent = head.range(tenantId, row.id, startMs, endMs);
    if (recent === null) continue;
    picked.push({ labels: row.labels, ts: recent.ts, values: recent.values });
    total += recent.ts.length;
    if (picked.length >= SERIES_PER_BATCH || total >= SAMPLES_PER_BATCH) yield emit();
  }
  if (picked.length > 0) yield emit();
}

/**
 * Reads the stored samples (chunks and rows not yet compacted) of `series` in [startMs, endMs]
 * into `b`, series by series in `series` order. Yields each series' ordinal once its samples
 * are in `b` and, with `cutBatches`, -1 when `b` is full before the next series starts (the
 * caller may take a batch then).
 */
async function* readStoredSamples(
  ctx: StoreContext,
  conn: DuckDBConnection,
  tenantId: number,
  series: readonly DimensionRow[],
  startMs: number,
  endMs: number,
  b: SampleBatchBuilder,
  signal: AbortSignal,
  cutBatches = true,
): AsyncGenerator<number> {
  const plan = (): { sql: string; params: SqlParams } | null => {
    const days = ctx.partitions.overlapping('metrics', dayOfMs(startMs), dayOfMs(endMs));
    if (days.length === 0) return null;
    const p = new SqlParams();
    const t = p.int(tenantId);
    const s = p.bigint(BigInt(startMs));
    const e = p.bigint(BigInt(endMs));
    const ids = p.intList(series.map((r) => r.id));
    const ords = p.intList(series.map((_, i) => i));
    // Chunks (src 0) come before rows (src 1) of a series: rows are the newer writes.
    const parts = days.flatMap((d) => [
      `SELECT series_id, 0 AS src, min_ts AS ts_ms, NULL::DOUBLE AS value, rowid AS rid, data FROM ${dayTableSql('sample_chunks', d)} ` +
        `WHERE tenant_id = ${t} AND max_ts >= ${s} AND min_ts <= ${e}`,
      `SELECT series_id, 1 AS src, ts_ms, value, rowid AS rid, NULL::BLOB AS data FROM ${dayTableSql('samples', d)} ` +
        `WHERE tenant_id = ${t} AND ts_ms BETWEEN ${s} AND ${e}`,
    ]);
    const sql =
      `WITH sel AS (SELECT unnest(${ids}) AS series_id, unnest(${ords}) AS ord) ` +
      `SELECT sel.ord::INTEGER, d.src::INTEGER, d.ts_ms::DOUBLE AS ts, d.value, d.data FROM (${parts.join(' UNION ALL ')}) d JOIN sel USING (series_id) ` +
      `ORDER BY sel.ord, d.src, d.ts_ms, d.rid`;
    return { sql, params: p };
  };
  const samples = new SeriesSamples();
  let ord = -1;
  function* finish(): Generator<number> {
    if (ord < 0 || samples.empty) return;
    const { ts, values } = samples.merged();
    if (ts.length > 0) {
      if (cutBatches && b.full()) yield -1;
      b.startSeries((series[ord] as DimensionRow).labels);
      b.pushAll(ts, values);
      yield ord;
    }
    samples.reset();
  }
  for await (const chunk of streamChunks(conn, plan, signal, 'selecting samples')) {
    const ordV = int32Column(chunk, 0);
    const srcV = int32Column(chunk, 1);
    const tsV = float64Column(chunk, 2).values;
    const valV = float64Column(chunk, 3);
    const blobs = chunk.getColumnVector(4);
    const n = chunk.rowCount;
    for (let i = 0; i < n; i++) {
      const o = ordV[i] as number;
      if (o !== ord) {
        yield* finish();
        ord = o;
      }
      if (srcV[i] === 0) {
        const blob = blobs.getItem(i) as { bytes: Uint8Array } | null;
        if (blob !== null) samples.addChunk(blob.bytes, startMs, endMs);
      } else {
        samples.addRow(tsV[i] as number, valV.valid(i) ? (valV.values[i] as number) : STALE_NAN);
      }
    }
  }
  yield* finish();
}

/** Sorted distinct label names of series matching any set, with samples in range. */
export function labelNames(ctx: StoreContext, q: LabelQuery, signal: AbortSignal): Promise<string[]> {
  return labelQuery(ctx, q, signal, null);
}

/** Sorted distinct non-empty values of `name` of series matching any set, with samples in range. */
export function labelValues(ctx: StoreContext, name: string, q: LabelQuery, signal: AbortSignal): Promise<string[]> {
  return labelQuery(ctx, q, signal, name);
}

export async function metadata(
  ctx: StoreContext,
  q: { readonly tenant: string; readonly metric?: string; readonly limit?: number },
  signal: AbortSignal,
): Promise<Map<string, MetricMetadata[]>> {
  ctx.pool.ensureOpen();
  signal.throwIfAborted();
  const out = new Map<string, MetricMetadata[]>();
  const tenantId = ctx.tenants.lookup(q.tenant);
  if (tenantId === undefined) return out;
  const r = await ctx.pool.use(signal, (conn) =>
    readAll(
      conn,
      () => {
        const p = new SqlParams();
        return { sql: metadataSql(p.int(tenantId), q.metric, p), params: p };
      },
      signal,
      'reading metadata',
    ),
  );
  const limit = q.limit !== undefined && q.limit > 0 ? q.limit : Infinity;
  for (const [family, type, help, unit] of r?.getRows() ?? []) {
    const f = String(family);
    let list = out.get(f);
    if (list === undefined) {
      if (out.size >= limit) break;
      list = [];
      out.set(f, list);
    }
    list.push({ metricFamilyName: f, type: String(type) as MetricType, help: String(help), unit: String(unit) });
  }
  return out;
}

async function labelQuery(ctx: StoreContext, q: LabelQuery, signal: AbortSignal, name: string | null): Promise<string[]> {
  const tenantId = ctx.tenants.lookup(q.tenant);
  const range = clampMsRange(q.startMs, q.endMs);
  return ctx.pool.use(signal, async (conn) => {
    const sets: SqlMatcher[][] = [];
    for (const s of q.matcherSets) sets.push(await prepareMatchers(conn, ctx.regex, s));
    if (tenantId === undefined || range === null) return [];
    return readLabelStrings(ctx, conn, SERIES_SOURCE, tenantId, sets, msRange(range), name, q.limit, signal);
  });
}

function msRange(r: { startMs: number; endMs: number }): UnitRange {
  return { start: BigInt(r.startMs), end: BigInt(r.endMs) };
}

/** Accumulates whole series into a SampleBatch whose buffers are handed to the caller. */
class SampleBatchBuilder {
  private series: Labels[] = [];
  private offsets: number[] = [0];
  private ts = new GrowableFloat64(4096);
  private values = new GrowableFloat64(4096);

  get seriesCount(): number {
    return this.series.length;
  }

  full(): boolean {
    return this.series.length >= SERIES_PER_BATCH || this.ts.length >= SAMPLES_PER_BATCH;
  }

  startSeries(labels: Labels): void {
    if (this.series.length > 0) this.offsets.push(this.ts.length);
    this.series.push(labels);
  }

  pushAll(ts: Float64Array, values: Float64Array): void {
    this.ts.pushAll(ts);
    this.values.pushAll(values);
  }

  take(): SampleBatch {
    this.offsets.push(this.ts.length);
    const batch: SampleBatch = {
      series: this.series,
      offsets: Int32Array.from(this.offsets),
      // The builder starts over with new buffers, so the views are the caller's alone.
      timestampsMs: this.ts.view(),
      values: this.values.view(),
    };
    this.series = [];
    this.offsets = [0];
    this.ts = new GrowableFloat64(4096);
    this.values = new GrowableFloat64(4096);
    return batch;
  }
}
