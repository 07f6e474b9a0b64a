import type { DuckDBConnection } from '@duckdb/node-api';
import type { SignalName } from './db/write-queue.js';
import { quoteIdent } from './db/sql-params.js';
import type { DayTableKind } from './schema.js';
import { DAY_TABLES, createTableSql } from './schema.js';
import { MS_PER_DAY, dayName, parseDayName } from './time-units.js';

/** The tables making up one day partition of each signal; the first one names the partition. */
export const SIGNAL_TABLES: Readonly<Record<SignalName, readonly DayTableKind[]>> = {
  metrics: ['samples', 'sample_chunks', 'series_presence', 'exemplars'],
  logs: ['logs', 'stream_presence'],
  traces: ['spans', 'trace_index'],
};

/** Unquoted name of a day table, e.g. `samples_20261124`. */
export function dayTable(kind: DayTableKind, day: number): string {
  return `${kind}_${dayName(day)}`;
}

/** Quoted name of a day table, for SQL text. */
export function dayTableSql(kind: DayTableKind, day: number): string {
  return quoteIdent(dayTable(kind, day));
}

/**
 * Which UTC day partitions exist, per signal. Discovered from the catalog at open; created on
 * demand by the write loop (all tables of a day in one transaction); dropped by retention.
 * Readers ask for the days overlapping their range and touch only those tables.
 */
export class PartitionRegistry {
  private readonly days: Record<SignalName, Set<number>> = { metrics: new Set(), logs: new Set(), traces: new Set() };

  /** Reads existing day tables from the catalog and completes partially created days. */
  async load(conn: DuckDBConnection): Promise<void> {
    const r = await conn.runAndReadAll(`SELECT table_name FROM duckdb_tables() WHERE schema_name = 'main'`);
    const existing = new Set(r.getRows().map(([name]) => String(name)));
    for (const name of existing) {
      const m = /^([a-z_]+)_(\d{8})$/.exec(name);
      if (m === null) continue;
      const day = parseDayName(m[2] as string);
      if (day === null) continue;
      for (const signal of Object.keys(SIGNAL_TABLES) as SignalName[]) {
        if ((SIGNAL_TABLES[signal] as readonly string[]).includes(m[1] as string)) this.days[signal].add(day);
      }
    }
    for (const signal of Object.keys(SIGNAL_TABLES) as SignalName[]) {
      for (const day of this.days[signal]) {
        if (SIGNAL_TABLES[signal].some((kind) => !existing.has(dayTable(kind, day)))) await this.createTables(conn, signal, day);
      }
    }
  }

  has(signal: SignalName, day: number): boolean {
    return this.days[signal].has(day);
  }

  /** Creates the day's tables when missing. Call from the write loop only. */
  async ensure(conn: DuckDBConnection, signal: SignalName, day: number): Promise<void> {
    if (this.days[signal].has(day)) return;
    await this.createTables(conn, signal, day);
    this.days[signal].add(day);
  }

  /** Existing days in [startDay, endDay], ascending. */
  overlapping(signal: SignalName, startDay: number, endDay: number): number[] {
    const out: number[] = [];
    for (const d of this.days[signal]) if (d >= startDay && d <= endDay) out.push(d);
    return out.sort((a, b) => a - b);
  }

  /** Every existing day of a signal, ascending. */
  all(signal: SignalName): number[] {
    return [...this.days[signal]].sort((a, b) => a - b);
  }

  /** Days whose whole time span is before `cutoffMs`. */
  expired(signal: SignalName, cutoffMs: number): number[] {
    return this.all(signal).filter((d) => (d + 1) * MS_PER_DAY <= cutoffMs);
  }

  /** Drops every table of a day partition in one transaction. Call from the write loop only. */
  async drop(conn: DuckDBConnection, signal: SignalName, day: number): Promise<void> {
    await inTransaction(conn, async () => {
      for (const kind of SIGNAL_TABLES[signal]) await conn.run(`DROP TABLE IF EXISTS ${dayTableSql(kind, day)}`);
    });
    this.days[signal].delete(day);
  }

  private async createTables(conn: DuckDBConnection, signal: SignalName, day: number): Promise<void> {
    await inTransaction(conn, async () => {
      for (const kind of SIGNAL_TABLES[signal]) await conn.run(createTableSql(dayTable(kind, day), DAY_TABLES[kind]));
    });
  }
}

async function inTransaction(conn: DuckDBConnection, fn: () => Promise<void>): Promise<void> {
  await conn.run('BEGIN TRANSACTION');
  try {
    await fn();
    await conn.run('COMMIT');
  } catch (e) {
    await conn.run('ROLLBACK');
    throw e;
  }
}
