import type { DuckDBConnection } from '@duckdb/node-api';
import type { PartitionRegistry } from '../partitions.js';
import { dayTable, dayTableSql } from '../partitions.js';
import { quoteIdent } from '../db/sql-params.js';
import { MS_PER_DAY, MS_PER_HOUR } from '../time-units.js';

/**
 * Rewrites closed days of samples in (tenant, series, time) order. Writes arrive in time order,
 * so a fresh day table interleaves every series; once sorted, DuckDB's per-row-group min/max
 * of `series_id` lets a read of a few series skip the rest of the day (and the join filter
 * DuckDB pushes down from the id list prunes the same way). Rowid is part of the order, so a
 * timestamp written twice keeps "last write wins".
 *
 * A day is sorted once, an hour after it ended; which days are sorted is remembered in
 * `omniscope_meta` (`sorted:<table>`). Runs on its own connection: a late write into that day
 * while it is rewritten fails its commit (the client retries), which only very late data meets.
 */
export async function sortClosedSampleDays(conn: DuckDBConnection, partitions: PartitionRegistry, nowMs: number): Promise<number> {
  const sorted = new Set(
    (await conn.runAndReadAll(`SELECT key FROM omniscope_meta WHERE key LIKE 'sorted:%'`)).getRows().map(([k]) => String(k)),
  );
  let done = 0;
  for (const day of partitions.all('metrics')) {
    const table = dayTable('samples', day);
    if ((day + 1) * MS_PER_DAY + MS_PER_HOUR > nowMs || sorted.has(`sorted:${table}`)) continue;
    const tmp = quoteIdent(`${table}__sorting`);
    await conn.run('BEGIN TRANSACTION');
    try {
      await conn.run(`CREATE TABLE ${tmp} AS SELECT * FROM ${dayTableSql('samples', day)} ORDER BY tenant_id, series_id, ts_ms, rowid`);
      await conn.run(`DROP TABLE ${dayTableSql('samples', day)}`);
      await conn.run(`ALTER TABLE ${tmp} RENAME TO ${quoteIdent(table)}`);
      await conn.run(`INSERT INTO omniscope_meta VALUES ($1, 'true')`, [`sorted:${table}`]);
      await conn.run('COMMIT');
      done++;
    } catch (e) {
      await conn.run('ROLLBACK');
      throw e;
    }
  }
  return done;
}
