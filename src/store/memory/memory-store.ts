import type { Clock } from '../../model/index.js';
import { systemClock, unavailable } from '../../model/index.js';
import type { RetentionOptions, Store, StoreHealth } from '../contract.js';
import { LogsMemory } from './logs-memory.js';
import type { MemorySignalEnv } from './memory-env.js';
import { MetricsMemory } from './metrics-memory.js';
import { TracesMemory } from './traces-memory.js';

export interface MemoryStoreOptions {
  readonly retention: RetentionOptions;
  /** Prometheus's out-of-order window (see MetricsWriter.appendMetrics); default: no limit within retention. */
  readonly metricsOutOfOrderWindowMs?: number;
  /** Current time in Unix milliseconds; defaults to the system clock. Tests inject one. */
  readonly clock?: Clock;
}

/**
 * The reference backend: the executable specification of the store contract, kept in process
 * memory (nothing survives a restart, so it is "durable" only for the process's life).
 *
 * - Writes are visible when their promise resolves. Records older than the signal's retention
 *   window (relative to `clock()`) are rejected as `too_old`; late metric samples outside
 *   `metricsOutOfOrderWindowMs` as `out_of_order`; malformed records (bad index,
 *   non-integer sample timestamp, an unusable label set, a malformed trace/span id) as
 *   `invalid`.
 * - Reads are isolated by tenant and check their AbortSignal in every loop.
 * - `enforceRetention()` removes exactly the records older than each window and returns the
 *   number of partitions touched, a partition being one UTC day of one signal (shared by all
 *   tenants).
 * - After `close()` (idempotent) every other call rejects with `unavailable`; iterators
 *   already running fail at their next batch.
 */
export function createMemoryStore(options: MemoryStoreOptions): Store {
  const clock = options.clock ?? systemClock;
  let closed = false;
  const ensureOpen = (): void => {
    if (closed) throw unavailable('the memory store is closed');
  };
  const env = (retentionMs: number): MemorySignalEnv => ({ clock, retentionMs, ensureOpen });
  const metrics = new MetricsMemory(env(options.retention.metricsMs), options.metricsOutOfOrderWindowMs ?? Infinity);
  const logs = new LogsMemory(env(options.retention.logsMs));
  const traces = new TracesMemory(env(options.retention.tracesMs));

  return {
    metrics,
    logs,
    traces,
    async health(): Promise<StoreHealth> {
      ensureOpen();
      return { ok: true, message: 'memory store' };
    },
    async enforceRetention(): Promise<number> {
      ensureOpen();
      const metricDays = new Set<number>();
      const logDays = new Set<number>();
      const traceDays = new Set<number>();
      metrics.dropExpired(metricDays);
      logs.dropExpired(logDays);
      traces.dropExpired(traceDays);
      return metricDays.size + logDays.size + traceDays.size;
    },
    async compact(): Promise<{ rows: number }> {
      ensureOpen();
      // Everything is held in one form already.
      return { rows: 0 };
    },
    async close(): Promise<void> {
      closed = true;
    },
  };
}
