import type { DuckDBConnection } from '@duckdb/node-api';
import { streamSampleRows } from '../sample-rows.js';
import type { PartitionRegistry } from '../../partitions.js';
import { dayTable, dayTableSql } from '../../partitions.js';
import { MS_PER_DAY, MS_PER_HOUR } from '../../time-units.js';
import { encodeSampleChunk } from './sample-chunk-codec.js';
import { SeriesSamples } from './series-samples.js';

/** What one compaction pass did. */
export interface CompactionResult {
  readonly hours: number;
  readonly chunks: number;
  readonly rows: number;
}

interface ChunkRow {
  readonly tenantId: number;
  readonly seriesId: number;
  readonly minTs: number;
  readonly maxTs: number;
  readonly data: Uint8Array;
}

/**
 * Moves sample rows into chunks (see sample-chunk-codec.ts): for every hour of every metrics
 * day that has rows and ends at or before `beforeMs`, each series' rows of that hour are merged
 * with the series' existing chunk of the hour, if any (rows are newer and win on a shared
 * timestamp), and written as one chunk; the rows are deleted. One transaction per hour and
 * range of series ids (`limits`), so a reader sees either a series' rows or its
 * chunk, never both or neither.
 *
 * Rows the flusher appends while an hour is compacted are outside this transaction's snapshot:
 * the DELETE only removes the rows that were read, and the next pass takes the others. Runs on
 * a read-pool connection, off the write path.
 */
export async function compactSampleHours(
  conn: DuckDBConnection,
  partitions: PartitionRegistry,
  beforeMs: number,
  signal: AbortSignal,
  limits: CompactionLimits = DEFAULT_COMPACTION_LIMITS,
): Promise<CompactionResult> {
  let hours = 0;
  let chunks = 0;
  let rows = 0;
  let deletedSinceCheckpoint = 0;
  for (const day of partitions.all('metrics')) {
    if (day * MS_PER_DAY >= beforeMs) continue;
    const pending = await conn.runAndReadAll(
      `SELECT DISTINCT ts_ms // ${MS_PER_HOUR} AS h FROM ${dayTableSql('samples', day)} WHERE ts_ms < ${Math.min(beforeMs, (day + 1) * MS_PER_DAY)} ORDER BY h`,
    );
    for (const [h] of pending.getRows()) {
      const hour = Number(h);
      if ((hour + 1) * MS_PER_HOUR > beforeMs) continue;
      for (const ids of await seriesSlices(conn, day, hour, limits.rowsPerTransaction)) {
        signal.throwIfAborted();
        const done = await compactHour(conn, day, hour, ids);
        chunks += done.chunks;
        rows += done.rows;
        deletedSinceCheckpoint += done.rows;
        if (deletedSinceCheckpoint >= limits.rowsPerCheckpoint) {
          await checkpoint(conn);
          deletedSinceCheckpoint = 0;
        }
      }
      hours++;
    }
  }
  return { hours, chunks, rows };
}

/** How much one compaction transaction, and the work between two checkpoints, may take on. */
export interface CompactionLimits {
  /**
   * Rows of one transaction, about: an hour of 100k series at 15 s is 24M rows, and sorting
   * and deleting them in one transaction ran out of DuckDB's 300MB memory limit.
   */
  readonly rowsPerTransaction: number;
  /**
   * Deleted rows between two checkpoints, about. Deleted rows cost DuckDB memory (their version
   * info) until a checkpoint folds them into the file: 24M rows deleted without one ran out of
   * the 300MB limit (measured with 100k series); 4M rows is about 2 s of compaction.
   */
  readonly rowsPerCheckpoint: number;
}

export const DEFAULT_COMPACTION_LIMITS: CompactionLimits = { rowsPerTransaction: 2_000_000, rowsPerCheckpoint: 4_000_000 };

/**
 * A checkpoint between compaction transactions. With DuckDB 1.5 a plain CHECKPOINT runs
 * alongside queries and open appends; it fails only while another transaction holds
 * uncommitted DDL (a day partition being created), so it is retried for about a second, then
 * FORCE CHECKPOINT waits for those write transactions. Running queries hold neither: pinned by
 * db/checkpoint-concurrency.test.ts, since DuckDB before 1.4 aborted them instead.
 */
async function checkpoint(conn: DuckDBConnection): Promise<void> {
  for (let attempt = 0; attempt < 10; attempt++) {
    try {
      await conn.run('CHECKPOINT');
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  await conn.run('FORCE CHECKPOINT');
}

/** Series id ranges [from, to] that split an hour's rows into transactions of a bounded size. */
async function seriesSlices(conn: DuckDBConnection, day: number, hour: number, rowsPerTransaction: number): Promise<[number, number][]> {
  const from = hour * MS_PER_HOUR;
  const r = await conn.runAndReadAll(
    `SELECT min(series_id), max(series_id), count(*) FROM ${dayTableSql('samples', day)} WHERE ts_ms BETWEEN ${from} AND ${from + MS_PER_HOUR - 1}`,
  );
  const [lo, hi, n] = (r.getRows()[0] ?? []).map((v) => (v === null ? NaN : Number(v)));
  if (!Number.isFinite(lo) || !Number.isFinite(hi) || !(Number(n) > 0)) return [];
  const slices = Math.ceil(Number(n) / rowsPerTransaction);
  const width = Math.ceil(((hi as number) - (lo as number) + 1) / slices);
  const out: [number, number][] = [];
  for (let a = lo as number; a <= (hi as number); a += width) out.push([a, Math.min(hi as number, a + width - 1)]);
  return out;
}

async function compactHour(conn: DuckDBConnection, day: number, hour: number, ids: [number, number]): Promise<{ chunks: number; rows: number }> {
  const from = hour * MS_PER_HOUR;
  const to = from + MS_PER_HOUR - 1;
  const samples = dayTableSql('samples', day);
  const chunkTable = dayTableSql('sample_chunks', day);
  const inSlice = `series_id BETWEEN ${ids[0]} AND ${ids[1]}`;
  const inHour = `ts_ms BETWEEN ${from} AND ${to} AND ${inSlice}`;
  await conn.run('BEGIN TRANSACTION');
  try {
    const existing = await readExistingChunks(conn, chunkTable, from, to, inSlice);
    const out: ChunkRow[] = [];
    const series = new SeriesSamples();
    let tenant = -1;
    let id = -1;
    const finish = (): void => {
      if (tenant < 0) return;
      const old = existing.get(key(tenant, id));
      if (old !== undefined) series.addChunk(old.data, from, to);
      const { ts, values } = series.merged();
      out.push({ tenantId: tenant, seriesId: id, minTs: ts[0] as number, maxTs: ts[ts.length - 1] as number, data: encodeSampleChunk(ts, values, 0, ts.length) });
      series.reset();
    };
    const rows = await streamSampleRows(
      conn,
      `SELECT tenant_id, series_id, ts_ms::DOUBLE, value FROM ${samples} WHERE ${inHour} ORDER BY tenant_id, series_id, ts_ms, rowid`,
      (t, s, ts, value) => {
        if (t !== tenant || s !== id) {
          finish();
          tenant = t;
          id = s;
        }
        series.addRow(ts, value);
      },
    );
    finish();
    if (out.length > 0) {
      // Chunks merged above are replaced; rowids are integers read in this transaction.
      const replaced = out.flatMap((c) => existing.get(key(c.tenantId, c.seriesId))?.rowid ?? []);
      for (let i = 0; i < replaced.length; i += 10_000) {
        await conn.run(`DELETE FROM ${chunkTable} WHERE rowid IN (${replaced.slice(i, i + 10_000).join(',')})`);
      }
      const appender = await conn.createAppender(dayTable('sample_chunks', day));
      for (const c of out) {
        appender.appendInteger(c.tenantId);
        appender.appendInteger(c.seriesId);
        appender.appendBigInt(BigInt(c.minTs));
        appender.appendBigInt(BigInt(c.maxTs));
        appender.appendBlob(c.data);
        appender.endRow();
      }
      appender.closeSync();
      await conn.run(`DELETE FROM ${samples} WHERE ${inHour}`);
    }
    await conn.run('COMMIT');
    return { chunks: out.length, rows };
  } catch (e) {
    await conn.run('ROLLBACK').catch(() => undefined);
    throw e;
  }
}

function key(tenantId: number, seriesId: number): number {
  return tenantId * 4294967296 + seriesId;
}

/** The hour's chunks, by (tenant, series); an hour holds at most one chunk per series. */
async function readExistingChunks(
  conn: DuckDBConnection,
  chunkTable: string,
  from: number,
  to: number,
  inSlice: string,
): Promise<Map<number, { rowid: number; data: Uint8Array }>> {
  const out = new Map<number, { rowid: number; data: Uint8Array }>();
  const r = await conn.runAndReadAll(`SELECT tenant_id, series_id, rowid, data FROM ${chunkTable} WHERE min_ts BETWEEN ${from} AND ${to} AND ${inSlice}`);
  for (const [t, s, rowid, data] of r.getRows()) {
    out.set(key(Number(t), Number(s)), { rowid: Number(rowid), data: (data as { bytes: Uint8Array }).bytes });
  }
  return out;
}
