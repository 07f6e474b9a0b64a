import type { Labels, MetricBatch, MetricMetadata } from '../../../model/index.js';
import type { LabelQuery, MetricsReader, MetricsWriter, SampleBatch, SampleHints, SeriesSelection, WriteResult } from '../../contract.js';
import type { LabelDimension } from '../labels/label-dimension.js';
import type { PresenceTracker } from '../labels/presence.js';
import type { StoreContext } from '../store-context.js';
import type { MetadataCache } from './metadata.js';
import type { HeadSamples } from './head-samples.js';
import type { SeriesIndex } from '../labels/series-index.js';
import { appendMetricBatch } from './metrics-writer.js';
import { labelNames, labelValues, metadata, selectSamples, selectSeries } from './metrics-reader.js';

/** The metrics half of the DuckDB store: see metrics-writer.ts and metrics-reader.ts. */
export class DuckDBMetrics implements MetricsWriter, MetricsReader {
  constructor(
    private readonly ctx: StoreContext,
    private readonly series: LabelDimension,
    private readonly presence: PresenceTracker,
    private readonly meta: MetadataCache,
    private readonly head: HeadSamples | null,
    private readonly index: SeriesIndex,
  ) {}

  appendMetrics(batch: MetricBatch): Promise<WriteResult> {
    return appendMetricBatch({ ctx: this.ctx, series: this.series, presence: this.presence, metadata: this.meta, head: this.head }, batch);
  }

  selectSeries(q: SeriesSelection, signal: AbortSignal): AsyncIterable<readonly Labels[]> {
    return selectSeries(this.ctx, q, signal);
  }

  /** Hints are ignored: every sample in range is returned. */
  selectSamples(q: SeriesSelection, _hints: SampleHints | undefined, signal: AbortSignal): AsyncIterable<SampleBatch> {
    return selectSamples(this.ctx, this.head, this.index, q, signal);
  }

  labelNames(q: LabelQuery, signal: AbortSignal): Promise<string[]> {
    return labelNames(this.ctx, q, signal);
  }

  labelValues(name: string, q: LabelQuery, signal: AbortSignal): Promise<string[]> {
    return labelValues(this.ctx, name, q, signal);
  }

  metadata(
    q: { readonly tenant: string; readonly metric?: string; readonly limit?: number },
    signal: AbortSignal,
  ): Promise<Map<string, MetricMetadata[]>> {
    return metadata(this.ctx, q, signal);
  }
}
