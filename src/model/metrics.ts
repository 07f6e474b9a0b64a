import type { Labels } from './labels.js';
import { labelsKey } from './labels.js';
import { GrowableFloat64, GrowableInt32 } from './growable.js';

/**
 * The Prometheus data model, columnar. A batch holds its series' label sets once and its samples
 * as parallel typed arrays: sample i belongs to `series[seriesIndex[i]]`, at `timestampsMs[i]`
 * (integer Unix milliseconds) with `values[i]`. Samples need not be sorted.
 */
export interface MetricBatch {
  readonly tenant: string;
  readonly series: readonly Labels[];
  readonly seriesIndex: Int32Array;
  readonly timestampsMs: Float64Array;
  readonly values: Float64Array;
  readonly metadata: readonly MetricMetadata[];
  readonly exemplars: readonly Exemplar[];
  /**
   * True when the producer hands the same label-set object for the same series in every batch
   * (a decoder's or scrape loop's label cache), so a store may remember series by object
   * identity. Producers that build fresh objects leave it unset: remembering those would only
   * cost memory and collection time.
   */
  readonly reusesSeriesObjects?: boolean;
}

export type MetricType = 'counter' | 'gauge' | 'histogram' | 'gaugehistogram' | 'summary' | 'info' | 'stateset' | 'unknown';

/** Metadata of a metric family (keyed by family name, e.g. `http_requests` for `_bucket/_sum/_count`). */
export interface MetricMetadata {
  readonly metricFamilyName: string;
  readonly type: MetricType;
  readonly help: string;
  readonly unit: string;
}

export interface Exemplar {
  readonly seriesIndex: number;
  readonly labels: Labels;
  readonly timestampMs: number;
  readonly value: number;
}

/**
 * Prometheus's staleness marker: a NaN with a specific bit pattern, distinct from an ordinary
 * NaN sample. Compare with `isStaleNaN`, never with `===`. It is a signaling NaN; keep values in
 * Float64Arrays, since V8 may set its quiet bit when it is stored in a plain array
 * (`isStaleNaN` accepts both forms).
 */
export const STALE_NAN_BITS = 0x7ff0000000000002n;
const staleView = new DataView(new ArrayBuffer(8));
staleView.setBigUint64(0, STALE_NAN_BITS);
export const STALE_NAN = staleView.getFloat64(0);

/** The same payload with the quiet bit set: V8 may quiet a signaling NaN when it leaves a typed array. */
const QUIETED_STALE_NAN_BITS = STALE_NAN_BITS | 0x0008000000000000n;

export function isStaleNaN(v: number): boolean {
  if (!Number.isNaN(v)) return false;
  staleView.setFloat64(0, v);
  const bits = staleView.getBigUint64(0);
  return bits === STALE_NAN_BITS || bits === QUIETED_STALE_NAN_BITS;
}

/** Accumulates samples for one batch; series identity is resolved once per distinct label set. */
export class MetricBatchBuilder {
  private readonly seriesList: Labels[] = [];
  private readonly seriesIds = new Map<string, number>();
  private readonly seriesIdx = new GrowableInt32();
  private readonly ts = new GrowableFloat64();
  private readonly vals = new GrowableFloat64();
  private readonly meta = new Map<string, MetricMetadata>();
  private readonly exemplarList: Exemplar[] = [];

  /** `reusesSeriesObjects`: see MetricBatch. */
  constructor(
    readonly tenant: string,
    private readonly reusesSeriesObjects = false,
  ) {}

  /** Returns the batch-local index of the series, adding it when new. `labels` must be sorted. */
  series(labels: Labels): number {
    const key = labelsKey(labels);
    let idx = this.seriesIds.get(key);
    if (idx === undefined) {
      idx = this.seriesList.length;
      this.seriesList.push(labels);
      this.seriesIds.set(key, idx);
    }
    return idx;
  }

  /**
   * Adds a series without looking for an equal one: for callers that already tell series apart
   * (a decoder by its label cache's entry numbers), which saves building a key. A label set
   * that appears twice in a batch is allowed; stores resolve both alike.
   */
  addSeries(labels: Labels): number {
    this.seriesList.push(labels);
    return this.seriesList.length - 1;
  }

  sample(seriesIndex: number, timestampMs: number, value: number): void {
    this.seriesIdx.push(seriesIndex);
    this.ts.push(timestampMs);
    this.vals.push(value);
  }

  metadata(m: MetricMetadata): void {
    this.meta.set(m.metricFamilyName, m);
  }

  exemplar(e: Exemplar): void {
    this.exemplarList.push(e);
  }

  get sampleCount(): number {
    return this.ts.length;
  }

  build(): MetricBatch {
    return {
      tenant: this.tenant,
      series: this.seriesList,
      seriesIndex: this.seriesIdx.view(),
      timestampsMs: this.ts.view(),
      values: this.vals.view(),
      metadata: [...this.meta.values()],
      exemplars: this.exemplarList,
      ...(this.reusesSeriesObjects ? { reusesSeriesObjects: true } : {}),
    };
  }
}
