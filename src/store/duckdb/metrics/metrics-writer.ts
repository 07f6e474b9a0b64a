import type { Labels, MetricBatch } from '../../../model/index.js';
import { GrowableInt32, unavailable } from '../../../model/index.js';
import type { WriteResult } from '../../contract.js';
import { WriteTally } from '../../write-tally.js';
import type { JournalLog } from '../journal/journal-log.js';
import type { LabelDimension } from '../labels/label-dimension.js';
import { normalizeLabelSet } from '../labels/label-sets.js';
import type { StoreContext } from '../store-context.js';
import { MAX_MS, MIN_MS } from '../time-units.js';
import type { HeadSamples } from './head-samples.js';
import type { MetricsEntry, NewSeries, StoredExemplar } from './journal-entry.js';
import { allocateMetricsEntry } from './journal-entry.js';
import type { MetadataCache } from './metadata.js';
import type { MetricsFlusher } from './metrics-flusher.js';

export interface MetricsWriteDeps {
  readonly ctx: StoreContext;
  readonly series: LabelDimension;
  readonly metadata: MetadataCache;
  /** Fed with every acknowledged sample; null when the head is disabled. */
  readonly head: HeadSamples | null;
  /** Where an entry is made durable before it is acknowledged; null for an in-memory database. */
  readonly journal: JournalLog | null;
  readonly flusher: MetricsFlusher;
  /** Rows acknowledged and not yet in DuckDB beyond which writes fail with `unavailable`. */
  readonly maxPendingRows: number;
  /** The next journal sequence number (increasing). */
  readonly nextSeq: () => number;
  /** How far behind its series' newest sample a sample may be (Infinity: anywhere within retention). */
  readonly outOfOrderWindowMs: number;
}

/**
 * Validates a batch (rejecting samples with a bad series index, an unusable label set or a
 * non-integer timestamp as `invalid`, samples older than retention as `too_old`, and late
 * samples outside the out-of-order window as `out_of_order`), assigns series ids, and writes the rest as one entry of the ingest journal. It resolves once the
 * entry is synced there: the samples are then in the head (queryable) and survive a crash;
 * the flusher moves them into DuckDB in larger transactions (metrics-flusher.ts).
 */
export async function appendMetricBatch(deps: MetricsWriteDeps, batch: MetricBatch): Promise<WriteResult> {
  const { ctx } = deps;
  if (deps.flusher.closed) throw unavailable('the DuckDB store is closed');
  const cutoffMs = ctx.clock() - ctx.retention.metricsMs;
  const tally = new WriteTally();
  const remember = batch.reusesSeriesObjects === true;
  // A label-set object the store has seen is normalized and has an id: one lookup instead of
  // normalizing and then assigning (about a tenth of the main thread's remote-write work).
  const knownTenant = remember ? ctx.tenants.lookup(batch.tenant) : undefined;
  const knownIds = new Int32Array(batch.series.length).fill(-1);
  const labels: (Labels | null)[] = batch.series.map((l, s) => {
    if (knownTenant !== undefined) {
      const id = deps.series.lookupObject(knownTenant, l);
      if (id !== undefined) {
        knownIds[s] = id;
        return l;
      }
    }
    return normalizeLabelSet(l, remember);
  });
  const accepted = new GrowableInt32(Math.max(16, batch.timestampsMs.length));
  const n = batch.timestampsMs.length;
  for (let i = 0; i < n; i++) {
    const s = batch.seriesIndex[i] as number;
    const ts = batch.timestampsMs[i] as number;
    if (s < 0 || s >= labels.length || labels[s] === null || !Number.isInteger(ts) || ts < MIN_MS || ts > MAX_MS) {
      tally.reject('invalid');
      continue;
    }
    if (ts < cutoffMs) {
      tally.reject('too_old');
      continue;
    }
    accepted.push(i);
  }
  tally.accepted = accepted.length;
  const exemplars = batch.exemplars.filter(
    (e) =>
      e.seriesIndex >= 0 && e.seriesIndex < labels.length && labels[e.seriesIndex] !== null && Number.isInteger(e.timestampMs) &&
      e.timestampMs >= Math.max(cutoffMs, MIN_MS) &&
      e.timestampMs <= MAX_MS,
  );
  const metadata = deps.metadata.mayBeNew(batch.metadata, ctx.tenants.lookup(batch.tenant));
  if (accepted.length + exemplars.length + metadata.length === 0) return tally.result();
  const backlog = deps.flusher.pendingRows;
  if (backlog > deps.maxPendingRows) {
    throw unavailable(`metrics write backlog: ${backlog} rows wait for the database, limit ${deps.maxPendingRows}; retry later`, 1);
  }
  const tenantId = await ctx.tenants.ensure(ctx.queue, batch.tenant);
  const entry = buildEntry(deps, batch, labels, knownTenant === tenantId ? knownIds : null, accepted.view(), exemplars, metadata, tenantId, tally);
  if (entry === null) return tally.result();
  if (deps.journal !== null) await deps.journal.append(entry.bytes, entry.seq);
  // Acknowledged entries resume in sequence order (the journal resolves a group in order), so
  // the head and the flusher see writes in the order DuckDB will store them.
  applyToHead(deps.head, entry, ctx.clock());
  deps.flusher.add(entry);
  return tally.result();
}

function buildEntry(
  deps: MetricsWriteDeps,
  batch: MetricBatch,
  labels: readonly (Labels | null)[],
  knownIds: Int32Array | null,
  valid: Int32Array,
  exemplars: MetricBatch['exemplars'],
  metadata: MetricsEntry['metadata'],
  tenantId: number,
  tally: WriteTally,
): MetricsEntry | null {
  const byObject = batch.reusesSeriesObjects === true;
  const newSeries: NewSeries[] = [];
  const idsOfBatch = knownIds ?? new Int32Array(labels.length).fill(-1);
  const idOf = (s: number): number => {
    let id = idsOfBatch[s] as number;
    if (id < 0) {
      id = deps.series.assign(tenantId, labels[s] as Labels, byObject, newSeries);
      idsOfBatch[s] = id;
    }
    return id;
  };
  for (let k = 0; k < valid.length; k++) idOf(batch.seriesIndex[valid[k] as number] as number);
  const accepted = Number.isFinite(deps.outOfOrderWindowMs)
    ? dropOutOfOrder(deps.head, deps.outOfOrderWindowMs, batch, valid, idsOfBatch, tenantId, tally)
    : valid;
  const stored: StoredExemplar[] = exemplars.map((e) => ({ seriesId: idOf(e.seriesIndex), timestampMs: e.timestampMs, value: e.value, labels: e.labels }));
  // Every sample was out of order: nothing to journal (a new series always keeps its first sample).
  if (accepted.length + stored.length + metadata.length === 0) return null;
  const entry = allocateMetricsEntry(deps.nextSeq(), tenantId, accepted.length, newSeries, stored, metadata);
  const { ids, timestampsMs, values } = entry;
  for (let k = 0; k < accepted.length; k++) {
    const i = accepted[k] as number;
    ids[k] = idsOfBatch[batch.seriesIndex[i] as number] as number;
    timestampsMs[k] = batch.timestampsMs[i] as number;
    values[k] = batch.values[i] as number;
  }
  return entry;
}

/**
 * The accepted samples without the ones Prometheus would refuse as too old: a sample older
 * than its series' newest one (stored, or earlier in this batch) is kept only when it is at
 * most `windowMs` behind the tenant's newest sample before this batch (Prometheus compares
 * with its head's max time, fixed when the appender starts). The others are counted as
 * `out_of_order`. Newest samples come from the head (`storage.duckdb.head_window`): a series
 * with no sample there is in order whatever the time. Concurrent writes are each checked
 * against the head as it was before them.
 */
function dropOutOfOrder(
  head: HeadSamples | null,
  windowMs: number,
  batch: MetricBatch,
  accepted: Int32Array,
  idsOfBatch: Int32Array,
  tenantId: number,
  tally: WriteTally,
): Int32Array {
  const floor = (head === null ? -Infinity : head.newestOfTenant(tenantId)) - windowMs;
  const newest = new Float64Array(idsOfBatch.length).fill(NaN);
  let kept = 0;
  for (let k = 0; k < accepted.length; k++) {
    const i = accepted[k] as number;
    const s = batch.seriesIndex[i] as number;
    const ts = batch.timestampsMs[i] as number;
    let last = newest[s] as number;
    if (Number.isNaN(last)) last = head === null ? -Infinity : head.newest(tenantId, idsOfBatch[s] as number);
    if (ts < last && ts < floor) {
      tally.reject('out_of_order');
      newest[s] = last;
      continue;
    }
    newest[s] = ts > last ? ts : last;
    accepted[kept++] = i;
  }
  tally.accepted = kept;
  return accepted.subarray(0, kept);
}

/** Adds an acknowledged (or replayed) entry's samples to the head. */
export function applyToHead(head: HeadSamples | null, entry: MetricsEntry, nowMs: number): void {
  if (head === null) return;
  const { ids, timestampsMs, values, tenantId } = entry;
  for (let k = 0; k < ids.length; k++) head.append(tenantId, ids[k] as number, timestampsMs[k] as number, values[k] as number);
  head.truncateIfDue(nowMs);
}
