import { DuckDBInstance } from '@duckdb/node-api';
import { OmniscopeError, systemClock, unavailable } from '../../model/index.js';
import type { RetentionOptions, Store, StoreHealth, StoreObserver } from '../contract.js';
import { toStoreError } from './db/errors.js';
import { ReadPool } from './db/read-pool.js';
import type { SignalName } from './db/write-queue.js';
import { WriteQueue } from './db/write-queue.js';
import { LabelDimension, SERIES, STREAMS } from './labels/label-dimension.js';
import { PresenceTracker } from './labels/presence.js';
import { SeriesIndex } from './labels/series-index.js';
import { RegexChecker } from './labels/regex-check.js';
import { DuckDBLogs } from './logs/duckdb-logs.js';
import { DuckDBMetrics } from './metrics/duckdb-metrics.js';
import { HeadSamples } from './metrics/head-samples.js';
import { loadHeadSamples } from './metrics/head-loader.js';
import { MetadataCache } from './metrics/metadata.js';
import type { MetricsIngest } from './metrics/metrics-ingest.js';
import { openMetricsIngest } from './metrics/metrics-ingest.js';
import type { CompactionLimits } from './metrics/chunks/sample-compaction.js';
import { DEFAULT_COMPACTION_LIMITS, compactSampleHours } from './metrics/chunks/sample-compaction.js';
import { PartitionRegistry } from './partitions.js';
import { createGlobalTables } from './schema.js';
import type { StoreContext } from './store-context.js';
import { TenantDictionary } from './tenants.js';
import { DuckDBTraces } from './traces/duckdb-traces.js';
import { SpanDimensions } from './traces/span-dimensions.js';

export interface DuckDBStoreOptions {
  /** Database file, e.g. `<dataDir>/omniscope.duckdb`; ':memory:' for tests (nothing durable). */
  readonly path: string;
  readonly retention: RetentionOptions;
  /** Milliseconds since the epoch; default Date.now. Decides `too_old` and retention. */
  readonly clock?: () => number;
  readonly observer?: StoreObserver;
  /** Rows queued and not yet committed beyond which writes fail with `unavailable`; default 2,000,000. */
  readonly maxPendingRows?: number;
  /**
   * WAL size that triggers DuckDB's automatic checkpoint (default 256MB; DuckDB's own default
   * is 16MB). The checkpoint runs inside a commit and stalls writes while it compresses, so
   * frequent small ones cost more ingest throughput than rarer large ones; a larger WAL costs
   * replay time at start-up after a crash. Measured: bench/ingest, see docs/storage.md.
   */
  readonly checkpointThreshold?: string;
  /** DuckDB worker threads (default: DuckDB's, the number of cores). */
  readonly threads?: number;
  /** DuckDB memory limit, e.g. '2GB' (default: DuckDB's, 80% of RAM). */
  readonly memoryLimit?: string;
  /** Read connections used concurrently; default 4. */
  readonly readConnections?: number;
  /**
   * How far back recent samples are also kept in memory for queries (16 bytes per sample);
   * default 2 hours; 0 disables. See metrics/head-samples.ts.
   */
  readonly headWindowMs?: number;
  /**
   * Whether a metrics write waits for the ingest journal's `fdatasync` (survives power loss) or
   * only for its write to the file (survives the process being killed; default). See
   * journal/journal-log.ts and docs/storage.md.
   */
  readonly fsyncMetricsJournal?: boolean;
  /**
   * Prometheus's out-of-order window: a sample older than its series' newest is rejected as
   * `out_of_order` when also more than this behind the tenant's newest sample (both known from
   * the head, `headWindowMs`). Default: no limit within retention.
   */
  readonly metricsOutOfOrderWindowMs?: number;
  /**
   * Metrics writes are acknowledged once written to the ingest journal (`<path>.metrics-journal/`)
   * and moved into DuckDB in one transaction per this interval (default 250 ms) or per
   * `flushRows` rows waiting (default 200,000). See metrics/metrics-flusher.ts.
   */
  readonly flushIntervalMs?: number;
  readonly flushRows?: number;
  /** Sizes of compaction's transactions and checkpoints (tests use small ones); see sample-compaction.ts. */
  readonly compactionLimits?: CompactionLimits;
  /** Told about recoverable problems found at open (a damaged journal tail that was cut off). */
  readonly onWarning?: (message: string) => void;
}

/** Samples of an hour usually stop arriving soon after it ends; later ones are merged in later. */
const COMPACTION_GRACE_MS = 5 * 60_000;
const COMPACTION_TIMEOUT_MS = 30 * 60_000;

const RETENTION_MS: Readonly<Record<SignalName, keyof RetentionOptions>> = {
  metrics: 'metricsMs',
  logs: 'logsMs',
  traces: 'tracesMs',
};

/**
 * Opens (creating when missing) the embedded DuckDB store.
 *
 * - Writes go through one writer connection and a serialized loop with group commit: a write
 *   resolves after the COMMIT that made it durable (DuckDB syncs its WAL at commit).
 * - Data is partitioned per signal and UTC day (`samples_yyyymmdd`, `logs_...`, `spans_...`);
 *   reads touch only overlapping days; retention drops whole days.
 * - Reads use a pool of separate connections and see committed data only.
 * - `close()` waits for queued writes, checkpoints and releases the file.
 */
export async function openDuckDBStore(options: DuckDBStoreOptions): Promise<Store> {
  if (options.headWindowMs === 0 && Number.isFinite(options.metricsOutOfOrderWindowMs ?? Infinity)) {
    // The config schema refuses this combination too.
    throw new OmniscopeError('bad_input', 'an out-of-order window for metrics needs the head (headWindowMs > 0): late samples are judged against the newest samples there');
  }
  const config: Record<string, string> = {};
  if (options.threads !== undefined) config.threads = String(options.threads);
  if (options.memoryLimit !== undefined) config.memory_limit = options.memoryLimit;
  config.checkpoint_threshold = options.checkpointThreshold ?? '256MB';
  let instance: DuckDBInstance;
  try {
    instance = await DuckDBInstance.create(options.path, config);
  } catch (e) {
    throw toStoreError(e, `opening database ${options.path}`);
  }
  const writer = await instance.connect();
  const partitions = new PartitionRegistry();
  const tenants = new TenantDictionary();
  const seriesIndex = new SeriesIndex();
  const series = new LabelDimension(SERIES, seriesIndex);
  const streams = new LabelDimension(STREAMS);
  const meta = new MetadataCache();
  const spanDims = new SpanDimensions();
  try {
    await createGlobalTables(writer);
    await partitions.load(writer);
    await tenants.load(writer);
    await series.load(writer);
    await streams.load(writer);
    await meta.load(writer);
    await spanDims.load(writer);
  } catch (e) {
    writer.closeSync();
    instance.closeSync();
    throw toStoreError(e, `loading catalogs of ${options.path}`);
  }
  const ctx: StoreContext = {
    queue: new WriteQueue(writer, { maxPendingRows: options.maxPendingRows ?? 2_000_000, observer: options.observer }),
    pool: new ReadPool(instance, options.readConnections ?? 4),
    partitions,
    tenants,
    regex: new RegexChecker(),
    clock: options.clock ?? systemClock,
    retention: options.retention,
  };
  // Never longer than retention: the head must not answer for data the day tables dropped.
  const headWindowMs = Math.min(options.headWindowMs ?? 2 * 3_600_000, options.retention.metricsMs);
  const head = headWindowMs > 0 ? new HeadSamples(headWindowMs, ctx.clock()) : null;
  if (head !== null) {
    try {
      await loadHeadSamples(writer, partitions, head, ctx.clock());
    } catch (e) {
      ctx.pool.close();
      writer.closeSync();
      instance.closeSync();
      throw toStoreError(e, `loading recent samples of ${options.path}`);
    }
  }
  const seriesPresence = new PresenceTracker('series_presence', 'series_id');
  const streamPresence = new PresenceTracker('stream_presence', 'stream_id');
  const maxPendingRows = options.maxPendingRows ?? 2_000_000;
  let metricsIngest: MetricsIngest;
  try {
    metricsIngest = await openMetricsIngest(
      writer,
      { ctx, series, presence: seriesPresence, metadata: meta, head },
      {
        journalDir: options.path === ':memory:' ? null : `${options.path}.metrics-journal`,
        fsyncJournal: options.fsyncMetricsJournal ?? false,
        outOfOrderWindowMs: options.metricsOutOfOrderWindowMs ?? Infinity,
        flushIntervalMs: options.flushIntervalMs ?? 250,
        flushRows: options.flushRows ?? 200_000,
        maxPendingRows,
        onWarning: options.onWarning,
      },
    );
  } catch (e) {
    await ctx.queue.close();
    ctx.pool.close();
    writer.closeSync();
    instance.closeSync();
    throw toStoreError(e, `replaying the metrics ingest journal of ${options.path}`);
  }
  const presence: Record<SignalName, PresenceTracker | null> = { metrics: seriesPresence, logs: streamPresence, traces: null };
  let closed = false;
  // One compaction at a time: the periodic pass and an operator's must not take the same hour.
  let compacting: Promise<unknown> = Promise.resolve();
  const compact = (beforeMs: number): Promise<{ rows: number }> => {
    const run = compacting.then(async () => {
      // Acknowledged samples still on their way to DuckDB belong to the hours being compacted.
      await metricsIngest.flusher.settle();
      return ctx.pool.use(AbortSignal.timeout(COMPACTION_TIMEOUT_MS), (conn) =>
        compactSampleHours(conn, partitions, beforeMs, AbortSignal.timeout(COMPACTION_TIMEOUT_MS), options.compactionLimits ?? DEFAULT_COMPACTION_LIMITS),
      );
    });
    compacting = run.catch(() => undefined);
    return run;
  };
  const dropExpiredDays = (): Promise<number> =>
    ctx.queue.exclusive(async (conn) => {
      const nowMs = ctx.clock();
      let dropped = 0;
      for (const signal of Object.keys(RETENTION_MS) as SignalName[]) {
        const cutoffMs = nowMs - ctx.retention[RETENTION_MS[signal]];
        for (const day of partitions.expired(signal, cutoffMs)) {
          await partitions.drop(conn, signal, day);
          presence[signal]?.forget(day);
          dropped++;
        }
      }
      return dropped;
    });

  return {
    metrics: new DuckDBMetrics(ctx, metricsIngest.writeDeps, head, seriesIndex, metricsIngest.flusher),
    logs: new DuckDBLogs(ctx, streams, streamPresence),
    traces: new DuckDBTraces(ctx, spanDims),

    async health(): Promise<StoreHealth> {
      if (closed) throw unavailable('the DuckDB store is closed');
      const signal = AbortSignal.timeout(5000);
      await ctx.pool.use(signal, (conn) => conn.run('SELECT 1'));
      return { ok: true, message: `duckdb ${options.path}: ${ctx.queue.pendingRows + metricsIngest.flusher.pendingRows} rows pending` };
    },

    async enforceRetention(): Promise<number> {
      // Acknowledged samples still on their way to DuckDB belong to the days being judged.
      await metricsIngest.flusher.settle();
      const dropped = await dropExpiredDays();
      // Hours that ended a while ago move from rows to chunks, off the write path.
      await compact(ctx.clock() - COMPACTION_GRACE_MS);
      return dropped;
    },

    async compact(): Promise<{ rows: number }> {
      if (closed) throw unavailable('the DuckDB store is closed');
      return compact(Infinity);
    },

    async close(): Promise<void> {
      if (closed) return;
      closed = true;
      try {
        await metricsIngest.close();
      } finally {
        await ctx.queue.close();
      }
      try {
        await writer.run('CHECKPOINT');
      } finally {
        ctx.pool.close();
        writer.closeSync();
        instance.closeSync();
      }
    },
  };
}
