import type { InstrumentationScope, SpanBatch, SpanResource } from '../../../model/index.js';
import { GrowableInt32, encodeAttributes } from '../../../model/index.js';
import type { WriteResult } from '../../contract.js';
import type { DuckDBDataChunk } from '@duckdb/node-api';
import { ChunkBuilder, patchNumbers } from '../db/chunk-appender.js';
import { WriteTally } from '../../write-tally.js';
import type { WriteJob, WriterSession } from '../db/write-queue.js';
import { dayTable } from '../partitions.js';
import { DAY_TABLES, columnTypes } from '../schema.js';
import type { StoreContext } from '../store-context.js';
import { MAX_NS, MIN_NS, NS_PER_MS, dayOfNs } from '../time-units.js';
import { encodeEvents, encodeLinks, isSpanId, isTraceId, traceKey } from './span-codec.js';
import type { SpanDimensions } from './span-dimensions.js';
import type { TraceIndexCache } from './trace-index-cache.js';

export interface TracesWriteDeps {
  readonly ctx: StoreContext;
  readonly dims: SpanDimensions;
  readonly index: TraceIndexCache;
}

/**
 * Validates a batch (malformed ids, a bad resource/scope index or times outside the storable
 * range are `invalid`; spans that ended before the retention window are `too_old`), queues the
 * rest and resolves once committed. Spans go to the day partition of their start time; the
 * day's trace index gets the trace's 64-bit key once per day (best effort de-duplication).
 */
export async function appendSpanBatch(deps: TracesWriteDeps, batch: SpanBatch): Promise<WriteResult> {
  const cutoffNs = BigInt(Math.floor(deps.ctx.clock() - deps.ctx.retention.tracesMs)) * NS_PER_MS;
  const tally = new WriteTally();
  const accepted = new GrowableInt32(Math.max(16, batch.length));
  for (let i = 0; i < batch.length; i++) {
    const start = batch.startTimeUnixNano[i] as bigint;
    const end = batch.endTimeUnixNano[i] as bigint;
    const r = batch.resourceIndex[i] as number;
    const s = batch.scopeIndex[i] as number;
    const parent = batch.parentSpanId[i] ?? '';
    if (
      !isTraceId(batch.traceId[i] ?? '') ||
      !isSpanId(batch.spanId[i] ?? '') ||
      (parent !== '' && !isSpanId(parent)) ||
      r < 0 ||
      r >= batch.resources.length ||
      s < 0 ||
      s >= batch.scopes.length ||
      start < MIN_NS ||
      start > MAX_NS ||
      end < MIN_NS ||
      end > MAX_NS
    ) {
      tally.reject('invalid');
      continue;
    }
    if (end < cutoffNs) {
      tally.reject('too_old');
      continue;
    }
    accepted.push(i);
  }
  tally.accepted = accepted.length;
  if (accepted.length > 0) await deps.ctx.queue.submit(new SpansJob(deps, batch, accepted.view()));
  return tally.result();
}

/** Spans of one day, encoded ahead of the write loop; `spanIndex[k]` is the batch index of row k. */
interface DayChunks {
  readonly chunks: DuckDBDataChunk[];
  readonly spanIndex: Int32Array;
  /** Trace key of each row. */
  readonly keys: readonly bigint[];
}

/** Store-assigned ids go into these columns at write time. */
const TENANT_COLUMN = 0;
const RESOURCE_COLUMN = 14;
const SCOPE_COLUMN = 15;

class SpansJob implements WriteJob {
  readonly signal = 'traces';
  readonly rows: number;
  private readonly days = new Map<number, DayChunks>();

  /** Encodes every accepted span (attributes, events, links as text) into day chunks. */
  constructor(
    private readonly deps: TracesWriteDeps,
    private readonly batch: SpanBatch,
    accepted: Int32Array,
  ) {
    this.rows = accepted.length;
    const b = batch;
    const byDay = new Map<number, GrowableInt32>();
    for (const i of accepted) {
      const day = dayOfNs(b.startTimeUnixNano[i] as bigint);
      let list = byDay.get(day);
      if (list === undefined) byDay.set(day, (list = new GrowableInt32(accepted.length)));
      list.push(i);
    }
    for (const [day, list] of byDay) {
      const spanIndex = list.view();
      const a = new ChunkBuilder(columnTypes(DAY_TABLES.spans));
      const keys: bigint[] = [];
      for (const i of spanIndex) {
        const traceId = b.traceId[i] as string;
        const key = traceKey(traceId);
        keys.push(key);
        const start = b.startTimeUnixNano[i] as bigint;
        const end = b.endTimeUnixNano[i] as bigint;
        a.num(TENANT_COLUMN, 0);
        a.big(1, key);
        a.str(2, traceId);
        a.str(3, b.spanId[i] as string);
        a.str(4, b.parentSpanId[i] ?? '');
        a.str(5, b.traceState[i] ?? '');
        a.str(6, b.name[i] ?? '');
        a.num(7, b.kind[i] ?? 0);
        a.big(8, start);
        a.big(9, end);
        a.big(10, end - start);
        a.num(11, b.statusCode[i] ?? 0);
        a.str(12, b.statusMessage[i] ?? '');
        a.str(13, (b.resources[b.resourceIndex[i] as number] as SpanResource).serviceName);
        a.num(RESOURCE_COLUMN, 0);
        a.num(SCOPE_COLUMN, 0);
        a.str(16, encodeAttributes(b.attributes[i] ?? []));
        a.str(17, encodeEvents(b.events[i] ?? []));
        a.str(18, encodeLinks(b.links[i] ?? []));
        a.num(19, b.flags[i] ?? 0);
        a.num(20, b.droppedAttributesCount[i] ?? 0);
        a.num(21, b.droppedEventsCount[i] ?? 0);
        a.num(22, b.droppedLinksCount[i] ?? 0);
        a.endRow();
      }
      this.days.set(day, { chunks: a.finish(), spanIndex: spanIndex.slice(), keys });
    }
  }

  async prepare(session: WriterSession): Promise<void> {
    for (const day of this.days.keys()) await this.deps.ctx.partitions.ensure(session.conn, 'traces', day);
  }

  async write(session: WriterSession): Promise<void> {
    const b = this.batch;
    const tenantId = await this.deps.ctx.tenants.resolve(session, b.tenant);
    const dims = await this.deps.dims.writer(session);
    const index = this.deps.index.writer(session);
    const resourceIds = new Int32Array(b.resources.length).fill(-1);
    const scopeIds = new Int32Array(b.scopes.length).fill(-1);
    const resourceOf = (i: number): number => {
      const r = b.resourceIndex[i] as number;
      if ((resourceIds[r] as number) < 0) resourceIds[r] = dims.resource(tenantId, b.resources[r] as SpanResource);
      return resourceIds[r] as number;
    };
    const scopeOf = (i: number): number => {
      const s = b.scopeIndex[i] as number;
      if ((scopeIds[s] as number) < 0) scopeIds[s] = dims.scope(tenantId, b.scopes[s] as InstrumentationScope);
      return scopeIds[s] as number;
    };
    for (const [day, { chunks, spanIndex, keys }] of this.days) {
      const spans = await session.appender(dayTable('spans', day), columnTypes(DAY_TABLES.spans));
      const traceIndex = await session.appender(dayTable('trace_index', day), columnTypes(DAY_TABLES.trace_index));
      let offset = 0;
      for (const chunk of chunks) {
        const base = offset;
        patchNumbers(chunk, TENANT_COLUMN, () => tenantId);
        patchNumbers(chunk, RESOURCE_COLUMN, (row) => resourceOf(spanIndex[base + row] as number));
        patchNumbers(chunk, SCOPE_COLUMN, (row) => scopeOf(spanIndex[base + row] as number));
        spans.appendChunk(chunk);
        offset += chunk.rowCount;
      }
      for (const key of keys) index.add(traceIndex, tenantId, day, key);
    }
  }
}
