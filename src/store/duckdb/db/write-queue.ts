import type { DuckDBConnection, DuckDBType } from '@duckdb/node-api';
import { OmniscopeError, unavailable } from '../../../model/index.js';
import type { StoreObserver } from '../../contract.js';
import { ChunkAppender } from './chunk-appender.js';
import { toStoreError } from './errors.js';

export type SignalName = 'metrics' | 'logs' | 'traces';

/**
 * One write call's work. `prepare` runs in the write loop before the group's transaction (DDL
 * such as creating a day partition, cache loads); `write` runs inside it and appends rows
 * through the session. Both run strictly one job at a time.
 */
export interface WriteJob {
  readonly signal: SignalName;
  /** Rows this job writes, for back-pressure and the flush observer. */
  readonly rows: number;
  prepare(session: WriterSession): Promise<void>;
  write(session: WriterSession): Promise<void>;
  /** Runs in the transaction after every appender of the group is closed: plain SQL statements. */
  beforeCommit?(conn: DuckDBConnection): Promise<void>;
  /** Called after the COMMIT that made the job durable, before its promise resolves (caches). */
  committed?(): void;
}

/**
 * The writer connection as seen by the jobs of one group: appenders per table, shared by all
 * jobs of the group, and undo hooks for in-memory caches that must forget what a failed group
 * added.
 */
export class WriterSession {
  private readonly appenders = new Map<string, ChunkAppender>();
  private readonly undo: (() => void)[] = [];

  constructor(readonly conn: DuckDBConnection) {}

  /** The group's appender for `table` (unquoted name), created on first use. */
  async appender(table: string, types: readonly DuckDBType[]): Promise<ChunkAppender> {
    let a = this.appenders.get(table);
    if (a === undefined) {
      a = new ChunkAppender(await this.conn.createAppender(table), types);
      this.appenders.set(table, a);
    }
    return a;
  }

  /** Registers a function that reverts an in-memory change if the group does not commit. */
  onRollback(fn: () => void): void {
    this.undo.push(fn);
  }

  /** @internal */
  closeAppenders(): void {
    for (const a of this.appenders.values()) a.close();
    this.appenders.clear();
  }

  /** @internal */
  abort(): void {
    for (const a of this.appenders.values()) a.discard();
    this.appenders.clear();
    for (let i = this.undo.length - 1; i >= 0; i--) (this.undo[i] as () => void)();
    this.undo.length = 0;
  }
}

interface Pending {
  readonly job: WriteJob;
  resolve(): void;
  reject(e: unknown): void;
}

interface Exclusive {
  run(conn: DuckDBConnection): Promise<void>;
}

export interface WriteQueueOptions {
  readonly maxPendingRows: number;
  readonly observer: StoreObserver | undefined;
}

/**
 * The single serialized write loop with group commit. Jobs submitted while a commit runs wait
 * and are then written together in one transaction (BEGIN, appenders, COMMIT); every job's
 * promise settles only after that COMMIT returned, when DuckDB has synced its WAL. A failed
 * group is rolled back and all its promises reject. Exclusive tasks (DDL such as dropping
 * partitions) run alone between groups.
 */
export class WriteQueue {
  private readonly queue: (Pending | Exclusive)[] = [];
  private pending = 0;
  private running: Promise<void> | null = null;
  private closed = false;

  constructor(
    private readonly conn: DuckDBConnection,
    private readonly options: WriteQueueOptions,
  ) {}

  /** Rows submitted and not yet committed or failed. */
  get pendingRows(): number {
    return this.pending;
  }

  /**
   * Queues a job; resolves once it is durable. Rejects with `unavailable` (retry later) when the
   * rows waiting would exceed `maxPendingRows`, or when the queue is closed.
   */
  submit(job: WriteJob): Promise<void> {
    if (this.closed) return Promise.reject(unavailable('the DuckDB store is closed'));
    if (this.pending > 0 && this.pending + job.rows > this.options.maxPendingRows) {
      return Promise.reject(
        unavailable(`write queue full: ${this.pending} rows pending, limit ${this.options.maxPendingRows}; retry later`, 1),
      );
    }
    this.pending += job.rows;
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ job, resolve, reject });
      this.kick();
    });
  }

  /** Runs `fn` on the writer connection with no group in flight. */
  exclusive<T>(fn: (conn: DuckDBConnection) => Promise<T>): Promise<T> {
    if (this.closed) return Promise.reject(unavailable('the DuckDB store is closed'));
    return new Promise<T>((resolve, reject) => {
      this.queue.push({
        run: async (conn) => {
          try {
            resolve(await fn(conn));
          } catch (e) {
            reject(e);
          }
        },
      });
      this.kick();
    });
  }

  /** Refuses new work and waits until everything queued has settled. */
  async close(): Promise<void> {
    this.closed = true;
    while (this.running !== null) await this.running;
  }

  private kick(): void {
    if (this.running !== null) return;
    this.running = this.loop().finally(() => {
      this.running = null;
      if (this.queue.length > 0) this.kick();
    });
  }

  private async loop(): Promise<void> {
    while (this.queue.length > 0) {
      const head = this.queue[0] as Pending | Exclusive;
      if ('run' in head) {
        this.queue.shift();
        await head.run(this.conn);
        continue;
      }
      let n = 0;
      while (n < this.queue.length && !('run' in (this.queue[n] as Pending | Exclusive))) n++;
      await this.commitGroup(this.queue.splice(0, n) as Pending[]);
    }
  }

  private async commitGroup(group: Pending[]): Promise<void> {
    const startMs = performance.now();
    const session = new WriterSession(this.conn);
    let rows = 0;
    for (const p of group) rows += p.job.rows;
    let inTransaction = false;
    try {
      for (const p of group) await p.job.prepare(session);
      await this.conn.run('BEGIN TRANSACTION');
      inTransaction = true;
      for (const p of group) await p.job.write(session);
      session.closeAppenders();
      for (const p of group) await p.job.beforeCommit?.(this.conn);
      await this.conn.run('COMMIT');
    } catch (e) {
      session.abort();
      if (inTransaction) {
        try {
          await this.conn.run('ROLLBACK');
        } catch {
          // DuckDB already ended the failed transaction; nothing is left to undo.
        }
      }
      this.pending -= rows;
      const cause = toStoreError(e, `committing ${rows} rows`);
      const err =
        cause.kind === 'internal'
          ? new OmniscopeError('unavailable', `write of ${rows} rows failed and was rolled back: ${cause.message}`, {
              cause,
              retryAfterSeconds: 1,
            })
          : cause;
      for (const p of group) p.reject(err);
      return;
    }
    this.pending -= rows;
    const durationMs = performance.now() - startMs;
    const bySignal = new Map<SignalName, number>();
    for (const p of group) bySignal.set(p.job.signal, (bySignal.get(p.job.signal) ?? 0) + p.job.rows);
    for (const [signal, n] of bySignal) this.options.observer?.onFlush(signal, n, durationMs);
    for (const p of group) p.job.committed?.();
    for (const p of group) p.resolve();
  }
}
