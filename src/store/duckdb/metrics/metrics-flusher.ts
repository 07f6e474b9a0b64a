import type { DuckDBConnection } from '@duckdb/node-api';
import { isStaleNaN } from '../../../model/index.js';
import type { ChunkAppender } from '../db/chunk-appender.js';
import type { WriteJob, WriterSession } from '../db/write-queue.js';
import type { LabelDimension } from '../labels/label-dimension.js';
import type { PresenceTracker } from '../labels/presence.js';
import { encodeLabelSet } from '../labels/label-sets.js';
import { dayTable } from '../partitions.js';
import { DAY_TABLES, columnTypes } from '../schema.js';
import type { StoreContext } from '../store-context.js';
import { MS_PER_DAY, MS_PER_HOUR } from '../time-units.js';
import type { MetricsEntry } from './journal-entry.js';
import type { MetadataCache } from './metadata.js';

/** The `omniscope_meta` key holding the sequence number of the last journal entry in DuckDB. */
export const APPLIED_SEQ_KEY = 'metrics_journal_applied_seq';

export interface MetricsFlusherDeps {
  readonly ctx: StoreContext;
  readonly series: LabelDimension;
  readonly presence: PresenceTracker;
  readonly metadata: MetadataCache;
  /** Called after a flush committed everything through `seq`: the journal may drop it. */
  readonly onApplied: (seq: number) => void;
}

export interface MetricsFlusherOptions {
  /** How long acknowledged entries may wait to be batched into one DuckDB transaction. */
  readonly intervalMs: number;
  /** A flush starts at once when this many rows wait; also the most rows one flush takes. */
  readonly flushRows: number;
}

/**
 * Moves acknowledged metrics entries (durable in the ingest journal, visible in the head) into
 * DuckDB in large transactions. A DuckDB commit has a fixed cost of a few milliseconds (the
 * appender flush and COMMIT with its WAL sync), so batching a quarter second of writes into one
 * makes it a fraction of a microsecond per sample instead of one to two (measured).
 *
 * The transaction also records the last entry's sequence number (`APPLIED_SEQ_KEY`), so replay
 * after a crash re-applies exactly the entries DuckDB lacks. A failed flush keeps its entries
 * and is retried; reads that need DuckDB call `settle` to wait until what was acknowledged
 * before them is there.
 */
export class MetricsFlusher {
  private pending: MetricsEntry[] = [];
  private rows = 0;
  private running: Promise<void> | null = null;
  private timer: NodeJS.Timeout | null = null;
  private lastAddedSeq: number;
  private lastError: unknown = null;
  /** Set by the store's close: appends are refused from then on. */
  closed = false;

  constructor(
    private readonly deps: MetricsFlusherDeps,
    private readonly options: MetricsFlusherOptions,
    /** Sequence number of the last entry DuckDB has. */
    public appliedSeq: number,
  ) {
    this.lastAddedSeq = appliedSeq;
  }

  /** Rows acknowledged and not yet in DuckDB. */
  get pendingRows(): number {
    return this.rows;
  }

  /** Takes an acknowledged entry; entries must come in sequence order. */
  add(entry: MetricsEntry): void {
    this.pending.push(entry);
    this.rows += entryRows(entry);
    this.lastAddedSeq = entry.seq;
    if (this.rows >= this.options.flushRows) this.kick();
    else if (this.timer === null && this.running === null) this.timer = setTimeout(() => this.kick(), this.options.intervalMs);
  }

  /**
   * Resolves once every entry added before the call is in DuckDB, flushing now instead of at
   * the next interval. Rejects with the flush's error when it fails, or when `signal` aborts.
   */
  async settle(signal?: AbortSignal): Promise<void> {
    const target = this.lastAddedSeq;
    while (this.appliedSeq < target) {
      signal?.throwIfAborted();
      this.kick();
      if (this.running === null) return;
      await this.running;
      if (this.appliedSeq < target && this.lastError !== null) throw this.lastError;
    }
  }

  private kick(): void {
    if (this.timer !== null) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    if (this.running !== null || this.pending.length === 0) return;
    this.running = this.flushOnce().finally(() => {
      this.running = null;
      if (this.pending.length === 0) return;
      // A failed flush retries after a pause; a backlog larger than one flush continues at once.
      const delay = this.lastError !== null ? 1000 : this.rows >= this.options.flushRows ? 0 : this.options.intervalMs;
      this.timer = setTimeout(() => this.kick(), delay);
    });
  }

  private async flushOnce(): Promise<void> {
    let n = 0;
    let rows = 0;
    while (n < this.pending.length && (n === 0 || rows < this.options.flushRows)) rows += entryRows(this.pending[n++] as MetricsEntry);
    const entries = this.pending.slice(0, n);
    try {
      await this.deps.ctx.queue.submit(new MetricsFlushJob(this.deps, entries, rows));
    } catch (e) {
      this.lastError = e;
      return;
    }
    this.lastError = null;
    this.pending = this.pending.slice(n);
    this.rows -= rows;
    this.appliedSeq = (entries[entries.length - 1] as MetricsEntry).seq;
    this.deps.onApplied(this.appliedSeq);
  }
}

function entryRows(e: MetricsEntry): number {
  return e.ids.length + e.exemplars.length + e.metadata.length + e.newSeries.length;
}

/** One DuckDB transaction for a run of entries: new series, samples, presence, exemplars, metadata and the applied sequence number. */
class MetricsFlushJob implements WriteJob {
  readonly signal = 'metrics';

  constructor(
    private readonly deps: MetricsFlusherDeps,
    private readonly entries: readonly MetricsEntry[],
    readonly rows: number,
  ) {}

  private days(): number[] {
    const days = new Set<number>();
    for (const e of this.entries) {
      let last = NaN;
      for (let i = 0; i < e.timestampsMs.length; i++) {
        const d = Math.floor((e.timestampsMs[i] as number) / MS_PER_DAY);
        if (d !== last) days.add((last = d));
      }
      for (const x of e.exemplars) days.add(Math.floor(x.timestampMs / MS_PER_DAY));
    }
    return [...days];
  }

  async prepare(session: WriterSession): Promise<void> {
    for (const day of this.days()) {
      await this.deps.ctx.partitions.ensure(session.conn, 'metrics', day);
      await this.deps.presence.prepare(session.conn, day);
    }
  }

  async write(session: WriterSession): Promise<void> {
    const dims = await this.deps.series.rowWriter(session);
    const presence = this.deps.presence.writer(session);
    const samples = new Map<number, ChunkAppender>();
    for (const day of this.days()) {
      await presence.openDay(day);
      samples.set(day, await session.appender(dayTable('samples', day), columnTypes(DAY_TABLES.samples)));
    }
    for (const e of this.entries) {
      const tenantId = e.tenantId;
      for (const s of e.newSeries) dims.write(tenantId, s.id, s.labels);
      const { ids, timestampsMs, values } = e;
      let day = NaN;
      let out: ChunkAppender | undefined;
      for (let i = 0; i < ids.length; i++) {
        const id = ids[i] as number;
        const ts = timestampsMs[i] as number;
        const v = values[i] as number;
        const d = Math.floor(ts / MS_PER_DAY);
        if (d !== day) {
          day = d;
          out = samples.get(d);
        }
        presence.mark(tenantId, id, d, Math.floor(ts / MS_PER_HOUR));
        const a = out as ChunkAppender;
        a.num(0, tenantId);
        a.num(1, id);
        a.bigFromNumber(2, ts);
        if (Number.isNaN(v) && isStaleNaN(v)) a.nul(3);
        else a.num(3, v);
        a.endRow();
      }
      for (const x of e.exemplars) {
        const a = await session.appender(dayTable('exemplars', Math.floor(x.timestampMs / MS_PER_DAY)), columnTypes(DAY_TABLES.exemplars));
        a.num(0, tenantId);
        a.num(1, x.seriesId);
        a.bigFromNumber(2, x.timestampMs);
        a.num(3, x.value);
        a.str(4, encodeLabelSet(x.labels));
        a.endRow();
      }
      await this.deps.metadata.write(session, tenantId, e.metadata);
    }
  }

  async beforeCommit(conn: DuckDBConnection): Promise<void> {
    const seq = (this.entries[this.entries.length - 1] as MetricsEntry).seq;
    await conn.run(`DELETE FROM omniscope_meta WHERE key = '${APPLIED_SEQ_KEY}'`);
    await conn.run(`INSERT INTO omniscope_meta VALUES ('${APPLIED_SEQ_KEY}', '${seq}')`);
  }
}
