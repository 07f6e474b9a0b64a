import type { DuckDBConnection } from '@duckdb/node-api';
import { float64Column, int32Column } from '../db/column-arrays.js';
import { STALE_NAN } from '../../../model/index.js';
import type { PartitionRegistry } from '../partitions.js';
import { dayTableSql } from '../partitions.js';
import { dayOfMs } from '../time-units.js';
import type { HeadSamples } from './head-samples.js';

/**
 * Fills the head with the committed samples of its window, in write order (so a rewritten
 * timestamp ends with its last value). Runs at open, before the store takes writes.
 */
export async function loadHeadSamples(conn: DuckDBConnection, partitions: PartitionRegistry, head: HeadSamples, nowMs: number): Promise<number> {
  const from = head.coverageStartMs;
  const days = partitions.overlapping('metrics', dayOfMs(from), dayOfMs(Math.max(from, nowMs) + 86_400_000));
  let loaded = 0;
  for (const day of days) {
    const result = await conn.stream(
      `SELECT tenant_id, series_id, ts_ms::DOUBLE AS ts, value FROM ${dayTableSql('samples', day)} WHERE ts_ms >= ${Math.ceil(from)} ORDER BY rowid`,
    );
    for (;;) {
      const chunk = await result.fetchChunk();
      if (chunk === null || chunk.rowCount === 0) break;
      const tenants = int32Column(chunk, 0);
      const ids = int32Column(chunk, 1);
      const ts = float64Column(chunk, 2).values;
      const values = float64Column(chunk, 3);
      for (let i = 0; i < chunk.rowCount; i++) {
        const v = values.valid(i) ? (values.values[i] as number) : STALE_NAN;
        head.append(tenants[i] as number, ids[i] as number, ts[i] as number, v);
      }
      loaded += chunk.rowCount;
    }
  }
  return loaded;
}
