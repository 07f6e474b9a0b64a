import type { Labels, LogBatch } from '../../../model/index.js';
import { GrowableInt32, encodeAttributes } from '../../../model/index.js';
import type { WriteResult } from '../../contract.js';
import type { DuckDBDataChunk } from '@duckdb/node-api';
import { ChunkBuilder, patchNumbers } from '../db/chunk-appender.js';
import { WriteTally } from '../../write-tally.js';
import type { WriteJob, WriterSession } from '../db/write-queue.js';
import type { LabelDimension } from '../labels/label-dimension.js';
import { normalizeLabelSet } from '../labels/label-sets.js';
import type { PresenceTracker } from '../labels/presence.js';
import { dayTable } from '../partitions.js';
import { DAY_TABLES, columnTypes } from '../schema.js';
import type { StoreContext } from '../store-context.js';
import { MAX_NS, MIN_NS, NS_PER_MS, dayOfNs, hourOfNs } from '../time-units.js';

export interface LogsWriteDeps {
  readonly ctx: StoreContext;
  readonly streams: LabelDimension;
  readonly presence: PresenceTracker;
}

/**
 * Validates a batch (a bad stream index, an unusable stream label set or a time outside the
 * storable range is `invalid`; older than retention is `too_old`), queues the rest and
 * resolves once committed. Write order within and across batches is kept (it breaks ties).
 */
export async function appendLogBatch(deps: LogsWriteDeps, batch: LogBatch): Promise<WriteResult> {
  const cutoffNs = BigInt(Math.floor(deps.ctx.clock() - deps.ctx.retention.logsMs)) * NS_PER_MS;
  const tally = new WriteTally();
  const labels = batch.streams.map((l) => normalizeLabelSet(l));
  const accepted = new GrowableInt32(Math.max(16, batch.length));
  for (let i = 0; i < batch.length; i++) {
    const s = batch.streamIndex[i] as number;
    const t = batch.timeUnixNano[i] as bigint;
    if (s < 0 || s >= labels.length || labels[s] === null || t < MIN_NS || t > MAX_NS || typeof batch.line[i] !== 'string') {
      tally.reject('invalid');
      continue;
    }
    if (t < cutoffNs) {
      tally.reject('too_old');
      continue;
    }
    accepted.push(i);
  }
  tally.accepted = accepted.length;
  if (accepted.length > 0) await deps.ctx.queue.submit(new LogsJob(deps, batch, labels, accepted.view()));
  return tally.result();
}

/** Records of one day encoded ahead of the write loop; `recordIndex[k]` is the batch index of row k. */
interface DayChunks {
  readonly chunks: DuckDBDataChunk[];
  readonly recordIndex: Int32Array;
}

const TENANT_COLUMN = 0;
const STREAM_COLUMN = 1;

class LogsJob implements WriteJob {
  readonly signal = 'logs';
  readonly rows: number;
  private readonly days = new Map<number, DayChunks>();

  /** Encodes every accepted record (metadata as text) into day chunks. */
  constructor(
    private readonly deps: LogsWriteDeps,
    private readonly batch: LogBatch,
    private readonly labels: readonly (Labels | null)[],
    accepted: Int32Array,
  ) {
    this.rows = accepted.length;
    const b = batch;
    const byDay = new Map<number, GrowableInt32>();
    for (const i of accepted) {
      const day = dayOfNs(b.timeUnixNano[i] as bigint);
      let list = byDay.get(day);
      if (list === undefined) byDay.set(day, (list = new GrowableInt32(accepted.length)));
      list.push(i);
    }
    for (const [day, list] of byDay) {
      const recordIndex = list.view().slice();
      const a = new ChunkBuilder(columnTypes(DAY_TABLES.logs));
      for (const i of recordIndex) {
        a.num(TENANT_COLUMN, 0);
        a.num(STREAM_COLUMN, 0);
        a.big(2, b.timeUnixNano[i] as bigint);
        a.big(3, b.observedTimeUnixNano[i] ?? 0n);
        a.num(4, b.severityNumber[i] ?? 0);
        a.str(5, b.severityText[i] ?? '');
        a.str(6, b.line[i] as string);
        a.str(7, encodeAttributes(b.metadata[i] ?? []));
        a.str(8, b.traceId[i] ?? '');
        a.str(9, b.spanId[i] ?? '');
        a.num(10, b.flags[i] ?? 0);
        a.endRow();
      }
      this.days.set(day, { chunks: a.finish(), recordIndex });
    }
  }

  async prepare(session: WriterSession): Promise<void> {
    for (const day of this.days.keys()) {
      await this.deps.ctx.partitions.ensure(session.conn, 'logs', day);
      await this.deps.presence.prepare(session.conn, day);
    }
  }

  async write(session: WriterSession): Promise<void> {
    const b = this.batch;
    const tenantId = await this.deps.ctx.tenants.resolve(session, b.tenant);
    const dims = await this.deps.streams.writer(session);
    const presence = this.deps.presence.writer(session);
    const ids = new Int32Array(this.labels.length).fill(-1);
    const idOf = (i: number): number => {
      const s = b.streamIndex[i] as number;
      if ((ids[s] as number) < 0) ids[s] = dims.resolve(tenantId, this.labels[s] as Labels);
      return ids[s] as number;
    };
    for (const [day, { chunks, recordIndex }] of this.days) {
      await presence.openDay(day);
      const out = await session.appender(dayTable('logs', day), columnTypes(DAY_TABLES.logs));
      let offset = 0;
      for (const chunk of chunks) {
        const base = offset;
        patchNumbers(chunk, TENANT_COLUMN, () => tenantId);
        patchNumbers(chunk, STREAM_COLUMN, (row) => idOf(recordIndex[base + row] as number));
        out.appendChunk(chunk);
        offset += chunk.rowCount;
      }
      for (const i of recordIndex) presence.mark(tenantId, idOf(i), day, hourOfNs(b.timeUnixNano[i] as bigint));
    }
  }
}
