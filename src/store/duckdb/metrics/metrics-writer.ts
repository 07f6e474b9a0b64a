import type { Exemplar, Labels, MetricBatch, MetricMetadata } from '../../../model/index.js';
import { GrowableInt32, isStaleNaN } from '../../../model/index.js';
import type { WriteResult } from '../../contract.js';
import type { ChunkAppender } from '../db/chunk-appender.js';
import { WriteTally } from '../db/write-tally.js';
import type { WriteJob, WriterSession } from '../db/write-queue.js';
import type { LabelDimension } from '../labels/label-dimension.js';
import { encodeLabelSet, normalizeLabelSet } from '../labels/label-sets.js';
import type { PresenceTracker } from '../labels/presence.js';
import { dayTable } from '../partitions.js';
import { DAY_TABLES, columnTypes } from '../schema.js';
import type { StoreContext } from '../store-context.js';
import { MAX_MS, MIN_MS, MS_PER_DAY, MS_PER_HOUR } from '../time-units.js';
import type { MetadataCache } from './metadata.js';
import type { HeadSamples } from './head-samples.js';

export interface MetricsWriteDeps {
  readonly ctx: StoreContext;
  readonly series: LabelDimension;
  readonly presence: PresenceTracker;
  readonly metadata: MetadataCache;
  /** Fed with every committed sample; null when the head is disabled. */
  readonly head: HeadSamples | null;
}

/**
 * Validates a batch (rejecting samples with a bad series index, an unusable label set or a
 * non-integer timestamp as `invalid`, and samples older than retention as `too_old`), then
 * queues the rest and resolves once they are committed.
 */
export async function appendMetricBatch(deps: MetricsWriteDeps, batch: MetricBatch): Promise<WriteResult> {
  const cutoffMs = deps.ctx.clock() - deps.ctx.retention.metricsMs;
  const tally = new WriteTally();
  const remember = batch.reusesSeriesObjects === true;
  const labels: (Labels | null)[] = batch.series.map((l) => normalizeLabelSet(l, remember));
  const accepted = new GrowableInt32(Math.max(16, batch.timestampsMs.length));
  const days = new Set<number>();
  let lastDay = NaN;
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
    const day = Math.floor(ts / MS_PER_DAY);
    if (day !== lastDay) {
      days.add(day);
      lastDay = day;
    }
  }
  tally.accepted = accepted.length;
  const exemplars = batch.exemplars.filter(
    (e) =>
      e.seriesIndex >= 0 && e.seriesIndex < labels.length && labels[e.seriesIndex] !== null && Number.isInteger(e.timestampMs) &&
      e.timestampMs >= Math.max(cutoffMs, MIN_MS) &&
      e.timestampMs <= MAX_MS,
  );
  for (const e of exemplars) days.add(Math.floor(e.timestampMs / MS_PER_DAY));
  const metadata = deps.metadata.mayBeNew(batch.metadata, deps.ctx.tenants.lookup(batch.tenant));
  const rows = accepted.length + exemplars.length + metadata.length;
  if (rows > 0) {
    await deps.ctx.queue.submit(new MetricsJob(deps, batch, labels, accepted.view(), [...days], exemplars, metadata, rows));
  }
  return tally.result();
}

class MetricsJob implements WriteJob {
  readonly signal = 'metrics';
  /** Filled by write(): the tenant and each batch series' id, for committed(). */
  private tenantId = -1;
  private ids: Int32Array | null = null;

  constructor(
    private readonly deps: MetricsWriteDeps,
    private readonly batch: MetricBatch,
    private readonly labels: readonly (Labels | null)[],
    private readonly accepted: Int32Array,
    private readonly days: readonly number[],
    private readonly exemplars: readonly Exemplar[],
    private readonly metadata: readonly MetricMetadata[],
    readonly rows: number,
  ) {}

  async prepare(session: WriterSession): Promise<void> {
    for (const day of this.days) {
      await this.deps.ctx.partitions.ensure(session.conn, 'metrics', day);
      await this.deps.presence.prepare(session.conn, day);
    }
  }

  async write(session: WriterSession): Promise<void> {
    const { batch, labels } = this;
    const tenantId = await this.deps.ctx.tenants.resolve(session, batch.tenant);
    const dims = await this.deps.series.writer(session);
    const presence = this.deps.presence.writer(session);
    const samples = new Map<number, ChunkAppender>();
    for (const day of this.days) {
      await presence.openDay(day);
      samples.set(day, await session.appender(dayTable('samples', day), columnTypes(DAY_TABLES.samples)));
    }
    const ids = new Int32Array(labels.length).fill(-1);
    this.tenantId = tenantId;
    this.ids = ids;
    const idOf = (s: number): number => {
      let id = ids[s] as number;
      if (id < 0) {
        id = dims.resolve(tenantId, labels[s] as Labels, batch.reusesSeriesObjects === true);
        ids[s] = id;
      }
      return id;
    };
    let day = NaN;
    let out: ChunkAppender | undefined;
    for (let k = 0; k < this.accepted.length; k++) {
      const i = this.accepted[k] as number;
      const id = idOf(batch.seriesIndex[i] as number);
      const ts = batch.timestampsMs[i] as number;
      const v = batch.values[i] as number;
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
    for (const e of this.exemplars) {
      const d = Math.floor(e.timestampMs / MS_PER_DAY);
      const a = await session.appender(dayTable('exemplars', d), columnTypes(DAY_TABLES.exemplars));
      a.num(0, tenantId);
      a.num(1, idOf(e.seriesIndex));
      a.bigFromNumber(2, e.timestampMs);
      a.num(3, e.value);
      a.str(4, encodeLabelSet(e.labels));
      a.endRow();
    }
    await this.deps.metadata.write(session, tenantId, this.metadata);
  }

  committed(): void {
    const head = this.deps.head;
    const ids = this.ids;
    if (head === null || ids === null) return;
    const { batch } = this;
    for (let k = 0; k < this.accepted.length; k++) {
      const i = this.accepted[k] as number;
      head.append(this.tenantId, ids[batch.seriesIndex[i] as number] as number, batch.timestampsMs[i] as number, batch.values[i] as number);
    }
    head.truncateIfDue(this.deps.ctx.clock());
  }
}
