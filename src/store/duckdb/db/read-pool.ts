import type { DuckDBConnection, DuckDBDataChunk, DuckDBInstance, DuckDBResultReader } from '@duckdb/node-api';
import { unavailable } from '../../../model/index.js';
import type { BoundSql } from './sql-params.js';
import { toStoreError } from './errors.js';

/**
 * A small pool of read connections. A connection is used by one read at a time: DuckDB runs one
 * statement per connection, and starting a second statement silently ends a streaming result.
 * Reads see committed data only (the writer has its own connection).
 */
export class ReadPool {
  private readonly idle: DuckDBConnection[] = [];
  private readonly waiters: ((c: DuckDBConnection) => void)[] = [];
  private created = 0;
  private closed = false;

  constructor(
    private readonly instance: DuckDBInstance,
    private readonly maxConnections: number,
  ) {}

  /** Throws `unavailable` once the store is closed; reads that may skip the pool call it first. */
  ensureOpen(): void {
    if (this.closed) throw unavailable('the DuckDB store is closed');
  }

  /** Waits for a free connection; rejects with the signal's reason when it fires first. */
  async acquire(signal: AbortSignal): Promise<DuckDBConnection> {
    this.ensureOpen();
    signal.throwIfAborted();
    const conn = this.idle.pop();
    if (conn !== undefined) return conn;
    if (this.created < this.maxConnections) {
      this.created++;
      try {
        return await this.instance.connect();
      } catch (e) {
        this.created--;
        throw toStoreError(e, 'opening a read connection');
      }
    }
    return new Promise<DuckDBConnection>((resolve, reject) => {
      const onAbort = (): void => {
        const i = this.waiters.indexOf(give);
        if (i >= 0) this.waiters.splice(i, 1);
        reject(signal.reason);
      };
      const give = (c: DuckDBConnection): void => {
        signal.removeEventListener('abort', onAbort);
        resolve(c);
      };
      signal.addEventListener('abort', onAbort, { once: true });
      this.waiters.push(give);
    });
  }

  release(conn: DuckDBConnection): void {
    if (this.closed) {
      conn.closeSync();
      return;
    }
    const waiter = this.waiters.shift();
    if (waiter !== undefined) waiter(conn);
    else this.idle.push(conn);
  }

  /** Runs `fn` with a connection held exclusively, and gives it back afterwards. */
  async use<T>(signal: AbortSignal, fn: (conn: DuckDBConnection) => Promise<T>): Promise<T> {
    const conn = await this.acquire(signal);
    try {
      return await fn(conn);
    } finally {
      this.release(conn);
    }
  }

  /** Closes idle connections now and busy ones when they are released. */
  close(): void {
    this.closed = true;
    for (const c of this.idle.splice(0)) c.closeSync();
  }
}

const MISSING_TABLE = /Catalog Error: Table with name \S+ does not exist/;

/**
 * Runs a planned query to completion. `plan` is called again once when a partition table
 * vanished between planning and running (retention dropped it), so the retry no longer names
 * it. The query is interrupted when `signal` fires, and the promise rejects with its reason.
 */
export async function readAll(
  conn: DuckDBConnection,
  plan: () => BoundSql | null,
  signal: AbortSignal,
  what: string,
): Promise<DuckDBResultReader | null> {
  for (let attempt = 0; ; attempt++) {
    const bound = plan();
    if (bound === null) return null;
    try {
      return await interruptible(conn, signal, () => conn.runAndReadAll(bound.sql, bound.params.values, bound.params.types));
    } catch (e) {
      if (signal.aborted) throw signal.reason;
      if (attempt === 0 && e instanceof Error && MISSING_TABLE.test(e.message)) continue;
      throw toStoreError(e, what);
    }
  }
}

/**
 * Streams the chunks of a planned query (same retry and abort rules as `readAll`; the retry can
 * only happen before the first chunk). Closing the iterator early leaves the connection ready
 * for its next statement.
 */
export async function* streamChunks(
  conn: DuckDBConnection,
  plan: () => BoundSql | null,
  signal: AbortSignal,
  what: string,
): AsyncGenerator<DuckDBDataChunk> {
  let result;
  for (let attempt = 0; ; attempt++) {
    const bound = plan();
    if (bound === null) return;
    try {
      result = await interruptible(conn, signal, () => conn.stream(bound.sql, bound.params.values, bound.params.types));
      break;
    } catch (e) {
      if (signal.aborted) throw signal.reason;
      if (attempt === 0 && e instanceof Error && MISSING_TABLE.test(e.message)) continue;
      throw toStoreError(e, what);
    }
  }
  for (;;) {
    let chunk;
    try {
      chunk = await interruptible(conn, signal, () => result.fetchChunk());
    } catch (e) {
      if (signal.aborted) throw signal.reason;
      throw toStoreError(e, what);
    }
    if (chunk === null || chunk.rowCount === 0) return;
    yield chunk;
    signal.throwIfAborted();
  }
}

async function interruptible<T>(conn: DuckDBConnection, signal: AbortSignal, run: () => Promise<T>): Promise<T> {
  signal.throwIfAborted();
  const onAbort = (): void => conn.interrupt();
  signal.addEventListener('abort', onAbort, { once: true });
  try {
    return await run();
  } finally {
    signal.removeEventListener('abort', onAbort);
  }
}
