import type { Attributes, Label, MetricBatch, MetricType } from '../../../model/index.js';
import { METRIC_NAME_LABEL, STALE_NAN, anyValueToString } from '../../../model/index.js';
import type { DecodeResult } from '../common/index.js';
import { RejectionCollector } from '../common/index.js';
import { AttributeLabeler, mergeLabels, withLabel } from './attribute-labeler.js';
import { formatPromFloat } from './format-float.js';
import type { GeneratedLabels } from './prom-batch-builder.js';
import { PromBatchBuilder } from './prom-batch-builder.js';
import { PromKind, buildMetricName } from './prom-naming.js';
import { resourceLabels, scopeLabels } from './resource-labels.js';

/** `DataPointFlags.DATA_POINT_FLAGS_NO_RECORDED_VALUE_MASK`: the point marks the series stale. */
export const NO_RECORDED_VALUE_FLAG = 1;

/** An exemplar waiting for its data point's series to be known. */
interface PendingExemplar {
  readonly timeMs: number;
  readonly value: number;
  readonly traceId: string;
  readonly spanId: string;
  readonly attributes: Attributes;
}

const TYPE_OF_KIND: Record<PromKind, MetricType> = {
  [PromKind.GAUGE]: 'gauge',
  [PromKind.NON_MONOTONIC_SUM]: 'gauge',
  [PromKind.COUNTER]: 'counter',
  [PromKind.HISTOGRAM]: 'histogram',
  [PromKind.SUMMARY]: 'summary',
};

const EMPTY_LABELS: Label[] = [];
const NO_GENERATED: GeneratedLabels = { labels: EMPTY_LABELS, id: -1 };

/**
 * Translates OTLP metrics into Prometheus series, the way the OpenTelemetry specification
 * "Prometheus and OpenMetrics Compatibility" describes and Prometheus's OTLP receiver does by
 * default (https://opentelemetry.io/docs/specs/otel/compatibility/prometheus_and_openmetrics/).
 * The protobuf and JSON walkers drive it with a fixed protocol:
 *
 *   beginResource -> beginScope -> (beginMetric, then per point: beginPoint,
 *   (addAttribute* | useAttributeSet), addExemplar*, addBucketCount/addBound/addQuantile*,
 *   then number | histogram | summary) or rejectPoints -> ... -> endResource -> ... -> finish.
 *
 * Points become samples in one PromBatchBuilder without an object per sample; a point that
 * cannot be translated is counted with its reason, never thrown. One instance per request; not
 * re-entrant.
 */
export class PromTranslator {
  private readonly builder: PromBatchBuilder;
  private readonly rejections = new RejectionCollector();
  private readonly labeler = new AttributeLabeler();

  // Resource: `job`/`instance` and the target_info series of the current resource.
  private resourceLabels: Label[] = EMPTY_LABELS;
  private targetInfoLabels: Label[] | null = null;
  private resourceLatestMs = -1;
  private readonly targetInfoTimes = new Map<number, number>();

  // Scope: resource labels plus `otel_scope_*`, sorted.
  private contextLabels: Label[] = EMPTY_LABELS;

  // Metric.
  private otlpName = '';
  private kind: PromKind = PromKind.GAUGE;
  private metricName = '';
  private help = '';
  private unit = '';
  private metadataPending = false;
  private genBase: GeneratedLabels = NO_GENERATED;
  private genBucket: GeneratedLabels = NO_GENERATED;
  private genSum: GeneratedLabels = NO_GENERATED;
  private genCount: GeneratedLabels = NO_GENERATED;
  private readonly cachedPoints: number[] = [];
  private cachedGens: GeneratedLabels[] = [];
  private cacheValid = false;

  // Current data point: scratch arrays reused from point to point, valid up to their counts.
  private readonly attrKeys: string[] = [];
  private readonly attrValues: string[] = [];
  private attrCount = 0;
  /** Set by useAttributeSet: the point's attribute set id, known from its raw bytes. */
  private presetAttrId = -1;
  /** The current point's attribute set id, or -1 when it needs `slowAttrs` (see pointAttributes). */
  private attrId = -1;
  private slowAttrs: Label[] = EMPTY_LABELS;
  private readonly exemplars: PendingExemplar[] = [];
  private readonly bucketCounts: number[] = [];
  private bucketCountCount = 0;
  private readonly bounds: number[] = [];
  private boundCount = 0;
  private readonly quantiles: number[] = [];
  private readonly quantileValues: number[] = [];
  private quantileCount = 0;
  private readonly bucketSeries: number[] = [];
  private readonly scratchKeys: string[] = [];
  private readonly scratchValues: string[] = [];

  constructor(tenant: string) {
    this.builder = new PromBatchBuilder(tenant);
  }

  /**
   * Starts a resource: `service.namespace`/`service.name` become `job`, `service.instance.id`
   * becomes `instance`, and the other attributes (if any) the labels of one `target_info` sample.
   */
  beginResource(attributes: Attributes): void {
    const { identity, targetInfo } = resourceLabels(attributes, this.labeler);
    this.resourceLabels = identity;
    this.targetInfoLabels = targetInfo;
    this.resourceLatestMs = -1;
    this.contextLabels = identity;
  }

  /** Ends the resource: records its target_info at the latest accepted point time, if any. */
  endResource(): void {
    if (this.targetInfoLabels === null || this.resourceLatestMs < 0) return;
    const idx = this.builder.seriesOfLabels(this.targetInfoLabels);
    const prev = this.targetInfoTimes.get(idx);
    if (prev === undefined || prev < this.resourceLatestMs) this.targetInfoTimes.set(idx, this.resourceLatestMs);
  }

  /**
   * Starts a scope: non-empty name, version and schema URL become `otel_scope_name`,
   * `otel_scope_version`, `otel_scope_schema_url`; scope attributes become `otel_scope_<key>`
   * (those that would clash with the three are dropped, as the specification says).
   */
  beginScope(name: string, version: string, schemaUrl: string, attributes: Attributes): void {
    this.contextLabels = scopeLabels(this.resourceLabels, name, version, schemaUrl, attributes, this.labeler);
  }

  /**
   * Starts a metric whose points will be translated as `kind`. Returns false (and counts
   * nothing) when the name has no valid character; the walker then rejects its points.
   */
  beginMetric(otlpName: string, description: string, otlpUnit: string, kind: PromKind): boolean {
    this.otlpName = otlpName;
    const { name, unit } = buildMetricName(otlpName, otlpUnit, kind);
    if (name === '') return false;
    this.kind = kind;
    this.metricName = name;
    this.help = description;
    this.unit = unit;
    this.metadataPending = true;
    this.cacheValid = false;
    const ctx = this.contextLabels;
    const b = this.builder;
    this.genBase = b.generated(withLabel(ctx, { name: METRIC_NAME_LABEL, value: name }));
    if (kind === PromKind.HISTOGRAM || kind === PromKind.SUMMARY) {
      this.genBucket = b.generated(withLabel(ctx, { name: METRIC_NAME_LABEL, value: `${name}_bucket` }));
      this.genSum = b.generated(withLabel(ctx, { name: METRIC_NAME_LABEL, value: `${name}_sum` }));
      this.genCount = b.generated(withLabel(ctx, { name: METRIC_NAME_LABEL, value: `${name}_count` }));
    }
    return true;
  }

  /** Counts `count` points of metric `otlpName` as rejected for `reason`. */
  rejectPoints(otlpName: string, count: number, reason: string): void {
    const message = `metric ${JSON.stringify(otlpName)}: ${reason}`;
    for (let i = 0; i < count; i++) this.rejections.reject(message);
  }

  /** Counts the current point of the current metric as rejected. */
  rejectPoint(reason: string): void {
    this.rejectPoints(this.otlpName, 1, reason);
  }

  /** Resets the per-point scratch state; call before the point's attributes. */
  beginPoint(): void {
    this.attrCount = 0;
    this.presetAttrId = -1;
    this.attrId = -1;
    if (this.exemplars.length !== 0) this.exemplars.length = 0;
    this.bucketCountCount = 0;
    this.boundCount = 0;
    this.quantileCount = 0;
  }

  /**
   * Gives the point's attributes as the id `attributeSetId` reported for an earlier point with
   * the same attributes, instead of `addAttribute` calls.
   */
  useAttributeSet(id: number): void {
    this.presetAttrId = id;
  }

  /**
   * After number/histogram/summary: the id of the point's attribute set, for `useAttributeSet`;
   * -1 when the point was rejected first or its attributes cannot be shared that way.
   */
  get attributeSetId(): number {
    return this.attrId;
  }

  /** One histogram `bucket_counts` entry. */
  addBucketCount(count: number): void {
    this.bucketCounts[this.bucketCountCount++] = count;
  }

  /** One histogram `explicit_bounds` entry. */
  addBound(bound: number): void {
    this.bounds[this.boundCount++] = bound;
  }

  /** One summary quantile and its value. */
  addQuantile(quantile: number, value: number): void {
    this.quantiles[this.quantileCount] = quantile;
    this.quantileValues[this.quantileCount++] = value;
  }

  /** One data point attribute, its value rendered as text (`anyValueToString`). */
  addAttribute(key: string, value: string): void {
    this.attrKeys[this.attrCount] = key;
    this.attrValues[this.attrCount] = value;
    this.attrCount++;
  }

  /** One exemplar of the current point; kept only for counters and histograms. */
  addExemplar(timeMs: number, value: number, traceId: string, spanId: string, attributes: Attributes): void {
    this.exemplars.push({ timeMs, value, traceId, spanId, attributes });
  }

  /** Whether exemplars of the current metric are kept (walkers may skip decoding them otherwise). */
  get keepsExemplars(): boolean {
    return this.kind === PromKind.COUNTER || this.kind === PromKind.HISTOGRAM;
  }

  /** A Gauge or Sum point. `hasValue` is false when neither as_double nor as_int was set. */
  number(timeMs: number, hasValue: boolean, value: number, flags: number): void {
    if (!this.checkTime(timeMs)) return;
    if ((flags & NO_RECORDED_VALUE_FLAG) !== 0) value = STALE_NAN;
    else if (!hasValue) {
      this.rejectPoint('number data point has no value (neither as_double nor as_int is set)');
      return;
    }
    this.pointAttributes();
    const idx = this.seriesFor(this.genBase);
    this.builder.sample(idx, timeMs, value);
    if (this.kind === PromKind.COUNTER) {
      for (const ex of this.exemplars) this.emitExemplar(idx, ex, timeMs);
    }
    this.accepted(timeMs);
  }

  /**
   * A Histogram point, its buckets given by addBucketCount/addBound: `_bucket{le}` cumulative
   * counts (the `+Inf` bucket is `count`), `_sum` when `hasSum`, `_count`. A NO_RECORDED_VALUE
   * point marks the series of its own bounds stale (this stateless decoder cannot know bounds
   * that only earlier requests had).
   */
  histogram(timeMs: number, count: number, hasSum: boolean, sum: number, flags: number): void {
    if (!this.checkTime(timeMs)) return;
    const counts = this.bucketCounts;
    const bounds = this.bounds;
    const nCounts = this.bucketCountCount;
    const nBounds = this.boundCount;
    const stale = (flags & NO_RECORDED_VALUE_FLAG) !== 0;
    // A staleness marker's counts are not used, so they need not match the bounds.
    if (!stale && (nCounts === 0 ? nBounds !== 0 : nCounts !== nBounds + 1)) {
      this.rejectPoint(`histogram data point has ${nCounts} bucket_counts for ${nBounds} explicit_bounds; expected ${nBounds + 1}`);
      return;
    }
    for (let i = 0; i < nBounds; i++) {
      const b = bounds[i] as number;
      if (!Number.isFinite(b) || (i > 0 && b <= (bounds[i - 1] as number))) {
        this.rejectPoint('histogram explicit_bounds must be finite and strictly increasing');
        return;
      }
    }
    this.pointAttributes();
    const gens = this.extraGens('le', bounds, nBounds, true, this.genBucket);
    const series = this.bucketSeries;
    let cumulative = 0;
    for (let i = 0; i <= nBounds; i++) {
      const idx = this.seriesFor(gens[i] as GeneratedLabels);
      series[i] = idx;
      if (i < nBounds && !stale) cumulative += counts[i] as number;
      this.builder.sample(idx, timeMs, stale ? STALE_NAN : i < nBounds ? cumulative : count);
    }
    if (hasSum) this.builder.sample(this.seriesFor(this.genSum), timeMs, stale ? STALE_NAN : sum);
    this.builder.sample(this.seriesFor(this.genCount), timeMs, stale ? STALE_NAN : count);
    for (const ex of this.exemplars) {
      let b = 0;
      while (b < nBounds && ex.value > (bounds[b] as number)) b++;
      this.emitExemplar(series[b] as number, ex, timeMs);
    }
    this.accepted(timeMs);
  }

  /** A Summary point, its quantiles given by addQuantile: `{quantile}`, `_sum`, `_count`. */
  summary(timeMs: number, count: number, sum: number, flags: number): void {
    if (!this.checkTime(timeMs)) return;
    const stale = (flags & NO_RECORDED_VALUE_FLAG) !== 0;
    this.pointAttributes();
    const gens = this.extraGens('quantile', this.quantiles, this.quantileCount, false, this.genBase);
    for (let i = 0; i < this.quantileCount; i++) {
      const idx = this.seriesFor(gens[i] as GeneratedLabels);
      this.builder.sample(idx, timeMs, stale ? STALE_NAN : (this.quantileValues[i] as number));
    }
    this.builder.sample(this.seriesFor(this.genSum), timeMs, stale ? STALE_NAN : sum);
    this.builder.sample(this.seriesFor(this.genCount), timeMs, stale ? STALE_NAN : count);
    this.accepted(timeMs);
  }

  /** Ends the request: adds the target_info samples and returns the batch with the rejections. */
  finish(): DecodeResult<MetricBatch> {
    if (this.targetInfoTimes.size > 0) {
      this.builder.metadata({ metricFamilyName: 'target_info', type: 'gauge', help: 'Target metadata', unit: '' });
      for (const [idx, timeMs] of this.targetInfoTimes) this.builder.sample(idx, timeMs, 1);
    }
    return this.rejections.result(this.builder.build());
  }

  private checkTime(timeMs: number): boolean {
    if (timeMs > 0) return true;
    this.rejectPoint('data point has no time_unix_nano');
    return false;
  }

  /**
   * Resolves the current point's attribute labels: an interned id when none of their names is
   * one the translation generates (the usual case), else the labels themselves, for
   * `seriesOfLabels` to split after the generated labels have overridden them.
   */
  private pointAttributes(): void {
    if (this.presetAttrId >= 0) {
      this.attrId = this.presetAttrId;
      return;
    }
    const labeler = this.labeler;
    labeler.prepare(this.attrKeys, this.attrValues, this.attrCount);
    if (labeler.hasGeneratedName) {
      this.attrId = -1;
      this.slowAttrs = labeler.toLabels();
    } else this.attrId = this.builder.attributeSetId(labeler);
  }

  private seriesFor(generated: GeneratedLabels): number {
    if (this.attrId >= 0) return this.builder.series(this.attrId, generated);
    return this.builder.seriesOfLabels(mergeLabels(this.slowAttrs, generated.labels));
  }

  /**
   * Per-value generated label sets (`base` plus `le` or `quantile`), cached while consecutive
   * points of a metric carry the same bounds or quantiles. With `withInf`, a `+Inf` set follows.
   */
  private extraGens(labelName: string, points: readonly number[], n: number, withInf: boolean, base: GeneratedLabels): GeneratedLabels[] {
    const cached = this.cachedPoints;
    let same = this.cacheValid && cached.length === n;
    for (let i = 0; same && i < n; i++) same = Object.is(cached[i], points[i]);
    if (same) return this.cachedGens;
    const b = this.builder;
    const gens: GeneratedLabels[] = [];
    cached.length = 0;
    for (let i = 0; i < n; i++) {
      const p = points[i] as number;
      cached.push(p);
      gens.push(b.generated(withLabel(base.labels, { name: labelName, value: formatPromFloat(p) })));
    }
    if (withInf) gens.push(b.generated(withLabel(base.labels, { name: labelName, value: '+Inf' })));
    this.cachedGens = gens;
    this.cacheValid = true;
    return gens;
  }

  private emitExemplar(seriesIndex: number, ex: PendingExemplar, pointTimeMs: number): void {
    const keys = this.scratchKeys;
    const values = this.scratchValues;
    const attrs = ex.attributes;
    for (let i = 0; i < attrs.length; i++) {
      const a = attrs[i] as Attributes[number];
      keys[i] = a.key;
      values[i] = anyValueToString(a.value);
    }
    const ids: Label[] = [];
    if (ex.spanId !== '') ids.push({ name: 'span_id', value: ex.spanId });
    if (ex.traceId !== '') ids.push({ name: 'trace_id', value: ex.traceId });
    const labels = mergeLabels(this.labeler.labels(keys, values, attrs.length), ids);
    this.builder.exemplar({ seriesIndex, labels, timestampMs: ex.timeMs > 0 ? ex.timeMs : pointTimeMs, value: ex.value });
  }

  private accepted(timeMs: number): void {
    if (this.metadataPending) {
      this.metadataPending = false;
      this.builder.metadata({ metricFamilyName: this.metricName, type: TYPE_OF_KIND[this.kind], help: this.help, unit: this.unit });
    }
    if (timeMs > this.resourceLatestMs) this.resourceLatestMs = timeMs;
  }
}
