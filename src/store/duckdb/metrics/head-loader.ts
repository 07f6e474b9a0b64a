import type { DuckDBConnection } from '@duckdb/node-api';
import { int32Column } from '../db/column-arrays.js';
import type { PartitionRegistry } from '../partitions.js';
import { dayTableSql } from '../partitions.js';
import { dayOfMs } from '../time-units.js';
import type { HeadSamples } from './head-samples.js';
import { streamSampleRows } from './sample-rows.js';
import { SeriesSamples } from './chunks/series-samples.js';

/**
 * Fills the head with the stored samples of its window: each series' chunks, then its rows not
 * yet compacted in write order (so a rewritten timestamp ends with its last value). Runs at
 * open, before the store takes writes.
 */
export async function loadHeadSamples(conn: DuckDBConnection, partitions: PartitionRegistry, head: HeadSamples, nowMs: number): Promise<number> {
  const from = Math.ceil(head.coverageStartMs);
  const days = partitions.overlapping('metrics', dayOfMs(from), dayOfMs(Math.max(from, nowMs) + 86_400_000));
  let loaded = 0;
  for (const day of days) {
    loaded += await loadChunks(conn, day, from, head);
    loaded += await streamSampleRows(
      conn,
      `SELECT tenant_id, series_id, ts_ms::DOUBLE AS ts, value FROM ${dayTableSql('samples', day)} WHERE ts_ms >= ${from} ORDER BY rowid`,
      (tenantId, seriesId, ts, value) => head.append(tenantId, seriesId, ts, value),
    );
  }
  return loaded;
}

/** Appends a day's chunks overlapping [from, ∞) to the head, each series' chunks in time order. */
async function loadChunks(conn: DuckDBConnection, day: number, from: number, head: HeadSamples): Promise<number> {
  const result = await conn.stream(
    `SELECT tenant_id, series_id, data FROM ${dayTableSql('sample_chunks', day)} WHERE max_ts >= ${from} ORDER BY tenant_id, series_id, min_ts`,
  );
  const samples = new SeriesSamples();
  let loaded = 0;
  for (;;) {
    const chunk = await result.fetchChunk();
    if (chunk === null || chunk.rowCount === 0) break;
    const tenants = int32Column(chunk, 0);
    const ids = int32Column(chunk, 1);
    const blobs = chunk.getColumnVector(2);
    for (let i = 0; i < chunk.rowCount; i++) {
      const blob = blobs.getItem(i) as { bytes: Uint8Array } | null;
      if (blob === null) continue;
      samples.reset();
      samples.addChunk(blob.bytes, from, Infinity);
      const { ts, values } = samples.merged();
      const tenant = tenants[i] as number;
      const id = ids[i] as number;
      for (let k = 0; k < ts.length; k++) head.append(tenant, id, ts[k] as number, values[k] as number);
      loaded += ts.length;
    }
  }
  return loaded;
}
