import type { Labels, MetricBatch, MetricMetadata } from '../../../model/index.js';
import type { LabelQuery, MetricsReader, MetricsWriter, SampleBatch, SampleHints, SeriesSelection, WriteResult } from '../../contract.js';
import type { StoreContext } from '../store-context.js';
import type { HeadSamples } from './head-samples.js';
import type { SeriesIndex } from '../labels/series-index.js';
import type { MetricsFlusher } from './metrics-flusher.js';
import type { MetricsWriteDeps } from './metrics-writer.js';
import { appendMetricBatch } from './metrics-writer.js';
import { labelNames, labelValues, metadata, selectSamples, selectSeries } from './metrics-reader.js';

/**
 * The metrics half of the DuckDB store: see metrics-writer.ts and metrics-reader.ts. Writes are
 * acknowledged from the ingest journal and reach DuckDB through the flusher, so every read that
 * uses SQL first settles the flusher (a no-op when nothing waits).
 */
export class DuckDBMetrics implements MetricsWriter, MetricsReader {
  private readonly settle: (signal: AbortSignal) => Promise<void>;

  constructor(
    private readonly ctx: StoreContext,
    private readonly write: MetricsWriteDeps,
    private readonly head: HeadSamples | null,
    private readonly index: SeriesIndex,
    flusher: MetricsFlusher,
  ) {
    this.settle = (signal) => flusher.settle(signal);
  }

  appendMetrics(batch: MetricBatch): Promise<WriteResult> {
    return appendMetricBatch(this.write, batch);
  }

  async *selectSeries(q: SeriesSelection, signal: AbortSignal): AsyncIterable<readonly Labels[]> {
    await this.settle(signal);
    yield* selectSeries(this.ctx, q, signal);
  }

  /** Hints are ignored: every sample in range is returned. */
  selectSamples(q: SeriesSelection, _hints: SampleHints | undefined, signal: AbortSignal): AsyncIterable<SampleBatch> {
    return selectSamples(this.ctx, this.head, this.index, q, signal, this.settle);
  }

  async labelNames(q: LabelQuery, signal: AbortSignal): Promise<string[]> {
    await this.settle(signal);
    return labelNames(this.ctx, q, signal);
  }

  async labelValues(name: string, q: LabelQuery, signal: AbortSignal): Promise<string[]> {
    await this.settle(signal);
    return labelValues(this.ctx, name, q, signal);
  }

  async metadata(
    q: { readonly tenant: string; readonly metric?: string; readonly limit?: number },
    signal: AbortSignal,
  ): Promise<Map<string, MetricMetadata[]>> {
    await this.settle(signal);
    return metadata(this.ctx, q, signal);
  }
}
