import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { OmniscopeConfig } from '../config/index.js';
import type { Store, StoreObserver } from '../store/index.js';
import { openDuckDBStore } from '../store/duckdb/index.js';
import { createMemoryStore } from '../store/memory/index.js';

/** Opens the configured backend; the only place that knows which backends exist. */
export async function openConfiguredStore(config: OmniscopeConfig, observer: StoreObserver, warn: (message: string) => void): Promise<Store> {
  const retention = {
    metricsMs: config.storage.retention.metrics,
    logsMs: config.storage.retention.logs,
    tracesMs: config.storage.retention.traces,
  };
  const outOfOrder = config.storage.metrics_out_of_order_window;
  const window = outOfOrder === undefined ? {} : { metricsOutOfOrderWindowMs: outOfOrder };
  if (config.storage.backend === 'memory') return createMemoryStore({ retention, ...window });
  const dataDir = resolve(config.storage.data_dir);
  mkdirSync(dataDir, { recursive: true });
  return openDuckDBStore({
    path: join(dataDir, 'omniscope.duckdb'),
    retention,
    observer,
    maxPendingRows: config.limits.max_pending_write_rows,
    checkpointThreshold: config.storage.duckdb.checkpoint_threshold,
    headWindowMs: config.storage.duckdb.head_window,
    fsyncMetricsJournal: config.storage.fsync_metrics_journal,
    ...window,
    onWarning: warn,
    ...(config.storage.duckdb.threads !== undefined ? { threads: config.storage.duckdb.threads } : {}),
    ...(config.storage.duckdb.memory_limit !== undefined ? { memoryLimit: config.storage.duckdb.memory_limit } : {}),
  });
}
