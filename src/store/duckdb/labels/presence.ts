import type { DuckDBConnection } from '@duckdb/node-api';
import type { ChunkAppender } from '../db/chunk-appender.js';
import type { WriterSession } from '../db/write-queue.js';
import { quoteIdent } from '../db/sql-params.js';
import { dayTable, dayTableSql } from '../partitions.js';
import { DAY_TABLES, columnTypes } from '../schema.js';

/** Days whose presence bits stay cached; older days are reloaded when written again. */
const CACHED_DAYS = 4;

/**
 * Which ids (series or streams) have data in which hour, so that label and series look-ups never
 * scan samples or log lines beyond partial hours at the edges of a range. The day partition
 * table `<kind>_<day>` gets one row per (id, hour) the first time the id writes in that hour;
 * a bit per hour and id is cached for recently written days to know which rows exist.
 */
export class PresenceTracker {
  private readonly days = new Map<number, Int32Array>();

  constructor(
    private readonly kind: 'series_presence' | 'stream_presence',
    private readonly idColumn: 'series_id' | 'stream_id',
  ) {}

  /** Loads the bits of a day before a write group uses it (write loop only). */
  async prepare(conn: DuckDBConnection, day: number): Promise<void> {
    const cached = this.days.get(day);
    if (cached !== undefined) {
      this.days.delete(day);
      this.days.set(day, cached);
      return;
    }
    let bits: Int32Array = new Int32Array(1024);
    const r = await conn.runAndReadAll(`SELECT ${quoteIdent(this.idColumn)}, hour FROM ${dayTableSql(this.kind, day)}`);
    for (const [id, hour] of r.getRows()) {
      const i = Number(id);
      if (i >= bits.length) bits = grow(bits, i);
      bits[i] = (bits[i] as number) | (1 << (Number(hour) - day * 24));
    }
    this.days.set(day, bits);
    while (this.days.size > CACHED_DAYS) this.days.delete(this.days.keys().next().value as number);
  }

  /** Forgets a dropped day. */
  forget(day: number): void {
    this.days.delete(day);
  }

  /** A marker for one write job; `mark` is synchronous. */
  writer(session: WriterSession): PresenceWriter {
    return new PresenceWriter(this, session);
  }

  /** @internal Sets the bit; true when it was not set (or the day is not cached). */
  set(day: number, id: number, hourOfDay: number): boolean {
    let bits = this.days.get(day);
    if (bits === undefined) return true;
    if (id >= bits.length) {
      bits = grow(bits, id);
      this.days.set(day, bits);
    }
    const bit = 1 << hourOfDay;
    if (((bits[id] as number) & bit) !== 0) return false;
    bits[id] = (bits[id] as number) | bit;
    return true;
  }

  /** @internal */
  clear(day: number, id: number, hourOfDay: number): void {
    const bits = this.days.get(day);
    if (bits !== undefined && id < bits.length) bits[id] = (bits[id] as number) & ~(1 << hourOfDay);
  }

  /** @internal */
  tableName(day: number): string {
    return dayTable(this.kind, day);
  }

  /** @internal */
  get tableKind(): 'series_presence' | 'stream_presence' {
    return this.kind;
  }
}

export class PresenceWriter {
  private readonly appenders = new Map<number, ChunkAppender>();
  private readonly undo: number[] = [];

  constructor(
    private readonly tracker: PresenceTracker,
    private readonly session: WriterSession,
  ) {
    session.onRollback(() => {
      for (let i = 0; i < this.undo.length; i += 3) {
        this.tracker.clear(this.undo[i] as number, this.undo[i + 1] as number, this.undo[i + 2] as number);
      }
    });
  }

  /** Opens the appender of a day's presence table (call once per day before `mark`). */
  async openDay(day: number): Promise<void> {
    if (this.appenders.has(day)) return;
    const a = await this.session.appender(this.tracker.tableName(day), columnTypes(DAY_TABLES[this.tracker.tableKind]));
    this.appenders.set(day, a);
  }

  /** Records that `id` has data in absolute hour `hour` (of day `day`). */
  mark(tenantId: number, id: number, day: number, hour: number): void {
    const hourOfDay = hour - day * 24;
    if (!this.tracker.set(day, id, hourOfDay)) return;
    this.undo.push(day, id, hourOfDay);
    const a = this.appenders.get(day) as ChunkAppender;
    a.num(0, tenantId);
    a.num(1, id);
    a.num(2, hour);
    a.endRow();
  }
}

function grow(bits: Int32Array, index: number): Int32Array {
  let n = bits.length;
  while (n <= index) n *= 2;
  const next = new Int32Array(n);
  next.set(bits);
  return next;
}
