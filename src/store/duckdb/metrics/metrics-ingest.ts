import type { DuckDBConnection } from '@duckdb/node-api';
import { JournalLog } from '../journal/journal-log.js';
import type { LabelDimension } from '../labels/label-dimension.js';
import type { PresenceTracker } from '../labels/presence.js';
import type { StoreContext } from '../store-context.js';
import type { HeadSamples } from './head-samples.js';
import { decodeMetricsEntry, metricsEntrySeq } from './journal-entry.js';
import type { MetadataCache } from './metadata.js';
import { APPLIED_SEQ_KEY, MetricsFlusher } from './metrics-flusher.js';
import type { MetricsWriteDeps } from './metrics-writer.js';
import { applyToHead } from './metrics-writer.js';

export interface MetricsIngestOptions {
  /** Directory of the ingest journal; null for an in-memory database (nothing is durable). */
  readonly journalDir: string | null;
  /** Whether an entry is acknowledged only after `fdatasync` (else once written to the file). */
  readonly fsyncJournal: boolean;
  /** See MetricsWriteDeps.outOfOrderWindowMs. */
  readonly outOfOrderWindowMs: number;
  readonly flushIntervalMs: number;
  readonly flushRows: number;
  readonly maxPendingRows: number;
  readonly onWarning?: (message: string) => void;
}

export interface MetricsIngest {
  readonly writeDeps: MetricsWriteDeps;
  readonly flusher: MetricsFlusher;
  /** Entries replayed from the journal at open. */
  readonly replayed: number;
  /** Stops appends, moves everything acknowledged into DuckDB and closes the journal (emptying it). */
  close(): Promise<void>;
}

/**
 * Opens the metrics write path: the ingest journal, replaying into the head and DuckDB the
 * entries a crash left out of DuckDB (those after its recorded sequence number), and the
 * flusher. Runs at open, after the head was loaded from DuckDB and before writes are taken.
 */
export async function openMetricsIngest(
  conn: DuckDBConnection,
  deps: { ctx: StoreContext; series: LabelDimension; presence: PresenceTracker; metadata: MetadataCache; head: HeadSamples | null },
  options: MetricsIngestOptions,
): Promise<MetricsIngest> {
  const appliedSeq = await readAppliedSeq(conn);
  let journal: JournalLog | null = null;
  let records: Uint8Array[] = [];
  if (options.journalDir !== null) {
    ({ log: journal, records } = JournalLog.open(options.journalDir, metricsEntrySeq, { onRepair: options.onWarning, syncEachAppend: options.fsyncJournal }));
  }
  const log = journal;
  const flusher = new MetricsFlusher(
    { ...deps, onApplied: (seq) => log?.releaseThrough(seq) },
    { intervalMs: options.flushIntervalMs, flushRows: options.flushRows },
    appliedSeq,
  );
  let lastSeq = appliedSeq;
  let replayed = 0;
  for (const record of records) {
    const entry = decodeMetricsEntry(record);
    if (entry.seq <= appliedSeq) continue;
    // Only series DuckDB lacks get rows; their ids are the ones acknowledged before the crash.
    const newSeries = entry.newSeries.filter((s) => deps.series.restore(entry.tenantId, s.id, s.labels));
    const restored = { ...entry, newSeries };
    applyToHead(deps.head, restored, deps.ctx.clock());
    flusher.add(restored);
    lastSeq = Math.max(lastSeq, entry.seq);
    replayed++;
  }
  await flusher.settle();
  let seq = lastSeq;
  const writeDeps: MetricsWriteDeps = {
    ctx: deps.ctx,
    series: deps.series,
    metadata: deps.metadata,
    head: deps.head,
    journal,
    flusher,
    maxPendingRows: options.maxPendingRows,
    nextSeq: () => ++seq,
    outOfOrderWindowMs: options.outOfOrderWindowMs,
  };
  return {
    writeDeps,
    flusher,
    replayed,
    async close() {
      flusher.closed = true;
      await journal?.close();
      // Let acknowledged appends resume (they hand their entries to the flusher) before settling.
      await new Promise((r) => setImmediate(r));
      await flusher.settle();
      journal?.discard();
    },
  };
}

async function readAppliedSeq(conn: DuckDBConnection): Promise<number> {
  const r = await conn.runAndReadAll(`SELECT value FROM omniscope_meta WHERE key = '${APPLIED_SEQ_KEY}'`);
  const row = r.getRows()[0];
  return row === undefined ? 0 : Number(row[0]);
}
