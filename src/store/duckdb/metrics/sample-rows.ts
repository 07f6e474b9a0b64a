import type { DuckDBConnection } from '@duckdb/node-api';
import { STALE_NAN } from '../../../model/index.js';
import { float64Column, int32Column } from '../db/column-arrays.js';

/**
 * Streams a query whose columns are (tenant_id, series_id, ts_ms as DOUBLE, value) and calls
 * `onRow` for each row, a NULL value read as the stale marker (how `samples` stores it).
 * Returns the number of rows.
 */
export async function streamSampleRows(
  conn: DuckDBConnection,
  sql: string,
  onRow: (tenantId: number, seriesId: number, ts: number, value: number) => void,
): Promise<number> {
  const result = await conn.stream(sql);
  let rows = 0;
  for (;;) {
    const chunk = await result.fetchChunk();
    if (chunk === null || chunk.rowCount === 0) return rows;
    const tenants = int32Column(chunk, 0);
    const ids = int32Column(chunk, 1);
    const ts = float64Column(chunk, 2).values;
    const values = float64Column(chunk, 3);
    for (let i = 0; i < chunk.rowCount; i++) {
      onRow(tenants[i] as number, ids[i] as number, ts[i] as number, values.valid(i) ? (values.values[i] as number) : STALE_NAN);
    }
    rows += chunk.rowCount;
  }
}
