import type { SqlParams } from '../db/sql-params.js';
import { quoteIdent } from '../db/sql-params.js';
import type { SignalName } from '../db/write-queue.js';
import type { PartitionRegistry } from '../partitions.js';
import { dayTableSql } from '../partitions.js';

/** Where presence rows and the data they summarize live, and the time unit of both. */
export interface PresenceSource {
  readonly signal: SignalName;
  readonly presenceKind: 'series_presence' | 'stream_presence';
  readonly dataKind: 'samples' | 'logs';
  /**
   * Compacted data next to `dataKind`, with `min_ts`/`max_ts` per row. At a partial-hour edge a
   * chunk counts when its span overlaps the edge, which can include a series whose samples
   * straddle the edge without one inside it (still finer than Prometheus's block granularity).
   */
  readonly chunkKind?: 'sample_chunks';
  readonly idColumn: 'series_id' | 'stream_id';
  readonly timeColumn: 'ts_ms' | 'time_ns';
  /** Time units per hour: 3_600_000 for ms, 3.6e12 for ns. */
  readonly unitsPerHour: bigint;
}

/**
 * SQL yielding the ids that have presence in an hour overlapping the closed range: a superset of
 * the ids with data in range, found without reading data. `idFilter` is a condition on the id
 * column (e.g. label matchers). Null when no partition overlaps.
 */
export function coarseIdsSql(
  src: PresenceSource,
  partitions: PartitionRegistry,
  tenantPh: string,
  start: bigint,
  end: bigint,
  idFilter: string,
  p: SqlParams,
): string | null {
  const hs = Number(start / src.unitsPerHour);
  const he = Number(end / src.unitsPerHour);
  return presenceSql(src, partitions, tenantPh, hs, he, idFilter, p);
}

/**
 * SQL yielding exactly the ids with at least one row in the closed range [start, end]: hours
 * fully inside the range are answered by presence rows; only the partial hours at the two
 * edges read data. Null when no partition overlaps.
 */
export function exactIdsSql(
  src: PresenceSource,
  partitions: PartitionRegistry,
  tenantPh: string,
  start: bigint,
  end: bigint,
  idFilter: string,
  p: SqlParams,
): string | null {
  const h = src.unitsPerHour;
  const fullFrom = (start + h - 1n) / h;
  const fullTo = (end + 1n) / h - 1n;
  const parts: string[] = [];
  const edges: [bigint, bigint][] = [];
  if (fullFrom <= fullTo) {
    const full = presenceSql(src, partitions, tenantPh, Number(fullFrom), Number(fullTo), idFilter, p);
    if (full !== null) parts.push(full);
    if (start < fullFrom * h) edges.push([start, fullFrom * h - 1n]);
    if ((fullTo + 1n) * h <= end) edges.push([(fullTo + 1n) * h, end]);
  } else {
    edges.push([start, end]);
  }
  const id = quoteIdent(src.idColumn);
  const time = quoteIdent(src.timeColumn);
  const unitsPerDay = h * 24n;
  for (const [a, b] of edges) {
    const days = partitions.overlapping(src.signal, Number(a / unitsPerDay), Number(b / unitsPerDay));
    if (days.length === 0) continue;
    const pa = p.bigint(a);
    const pb = p.bigint(b);
    for (const d of days) {
      parts.push(
        `SELECT ${id} FROM ${dayTableSql(src.dataKind, d)} WHERE tenant_id = ${tenantPh} AND ${time} BETWEEN ${pa} AND ${pb} AND (${idFilter})`,
      );
      if (src.chunkKind !== undefined) {
        parts.push(
          `SELECT ${id} FROM ${dayTableSql(src.chunkKind, d)} WHERE tenant_id = ${tenantPh} AND max_ts >= ${pa} AND min_ts <= ${pb} AND (${idFilter})`,
        );
      }
    }
  }
  return parts.length === 0 ? null : `SELECT DISTINCT ${id} FROM (${parts.join(' UNION ALL ')})`;
}

function presenceSql(
  src: PresenceSource,
  partitions: PartitionRegistry,
  tenantPh: string,
  hourFrom: number,
  hourTo: number,
  idFilter: string,
  p: SqlParams,
): string | null {
  const days = partitions.overlapping(src.signal, Math.floor(hourFrom / 24), Math.floor(hourTo / 24));
  if (days.length === 0) return null;
  const id = quoteIdent(src.idColumn);
  const a = p.int(hourFrom);
  const b = p.int(hourTo);
  const parts = days.map(
    (d) => `SELECT ${id} FROM ${dayTableSql(src.presenceKind, d)} WHERE tenant_id = ${tenantPh} AND hour BETWEEN ${a} AND ${b} AND (${idFilter})`,
  );
  return `SELECT DISTINCT ${id} FROM (${parts.join(' UNION ALL ')})`;
}
