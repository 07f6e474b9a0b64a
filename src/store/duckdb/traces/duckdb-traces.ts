import type { SpanBatch } from '../../../model/index.js';
import type { TraceSearchQuery, TraceSummary, TracesReader, TracesWriter, WriteResult } from '../../contract.js';
import type { StoreContext } from '../store-context.js';
import type { SpanDimensions } from './span-dimensions.js';
import { getTrace } from './trace-get.js';
import { TraceIndexCache } from './trace-index-cache.js';
import { searchTraces, serviceNames, spanNames } from './trace-search.js';
import { appendSpanBatch } from './traces-writer.js';

/** The traces part of the DuckDB store: see traces-writer.ts, trace-get.ts, trace-search.ts. */
export class DuckDBTraces implements TracesWriter, TracesReader {
  private readonly index = new TraceIndexCache();

  constructor(
    private readonly ctx: StoreContext,
    private readonly dims: SpanDimensions,
  ) {}

  appendSpans(batch: SpanBatch): Promise<WriteResult> {
    return appendSpanBatch({ ctx: this.ctx, dims: this.dims, index: this.index }, batch);
  }

  getTrace(
    tenant: string,
    traceId: string,
    range: { startUnixNano: bigint; endUnixNano: bigint } | undefined,
    signal: AbortSignal,
  ): Promise<SpanBatch | null> {
    return getTrace(this.ctx, tenant, traceId, range, signal);
  }

  searchTraces(q: TraceSearchQuery, signal: AbortSignal): Promise<TraceSummary[]> {
    return searchTraces(this.ctx, q, signal);
  }

  serviceNames(q: { readonly tenant: string; readonly startUnixNano: bigint; readonly endUnixNano: bigint }, signal: AbortSignal): Promise<string[]> {
    return serviceNames(this.ctx, q, signal);
  }

  spanNames(
    q: { readonly tenant: string; readonly serviceName: string; readonly startUnixNano: bigint; readonly endUnixNano: bigint },
    signal: AbortSignal,
  ): Promise<{ name: string; kind: number }[]> {
    return spanNames(this.ctx, q, signal);
  }
}
