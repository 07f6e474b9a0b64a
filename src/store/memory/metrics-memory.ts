import type { CompiledMatcher, Labels, MetricBatch, MetricMetadata } from '../../model/index.js';
import { METRIC_NAME_LABEL, getLabel, labelsKey } from '../../model/index.js';
import type {
  LabelQuery,
  MetricsReader,
  MetricsWriter,
  SampleBatch,
  SampleHints,
  SeriesSelection,
  WriteResult,
} from '../contract.js';
import { compareLabels } from '../../model/index.js';
import { normalizeLabels, sortedDistinct } from './label-sets.js';
import { compileMatcherSets, compileMatchers, matchesAll, matchesAny } from './matching.js';
import type { MemorySignalEnv } from './memory-env.js';
import { ABORT_CHECK_INTERVAL } from './memory-env.js';
import { cutoffMs } from './retention-window.js';
import { SeriesSamples } from './series-samples.js';
import { WriteTally } from '../write-tally.js';

/** Series per yielded batch of `selectSeries`, and at most per `SampleBatch`. */
const SERIES_PER_BATCH = 512;
/** A `SampleBatch` is closed once it holds this many samples (a series is never split). */
const SAMPLES_PER_BATCH = 65_536;

interface MemSeries {
  readonly labels: Labels;
  readonly samples: SeriesSamples;
}

class TenantMetrics {
  readonly series = new Map<string, MemSeries>();
  /** Postings by metric name, so `__name__="x"` selectors do not scan every series. */
  readonly byName = new Map<string, Set<MemSeries>>();
  /** Distinct metadata entries per family, in first-seen order. */
  readonly metadata = new Map<string, MetricMetadata[]>();
  /** The newest sample timestamp of any series (Prometheus's head max time). */
  newestMs = -Infinity;
}

/**
 * Metrics of every tenant in memory. Accepts samples with integer timestamps inside the
 * retention window, and late samples only within `outOfOrderWindowMs` of the tenant's newest
 * one; `enforceRetention` removes older samples and series left empty.
 * Metadata is kept until the store closes; exemplars are accepted and not stored (the
 * contract has no reader for them yet).
 */
export class MetricsMemory implements MetricsWriter, MetricsReader {
  private readonly tenants = new Map<string, TenantMetrics>();

  constructor(
    private readonly env: MemorySignalEnv,
    private readonly outOfOrderWindowMs: number,
  ) {}

  async appendMetrics(batch: MetricBatch): Promise<WriteResult> {
    this.env.ensureOpen();
    const tally = new WriteTally();
    const oldestMs = cutoffMs(this.env.clock(), this.env.retentionMs);
    const tenant = this.tenant(batch.tenant, true);
    // Late samples are judged against the tenant's newest sample before this batch, as Prometheus does.
    const outOfOrderFloor = tenant.newestMs - this.outOfOrderWindowMs;
    // Series are resolved on first accepted sample, so a series of only rejected samples is never created.
    const resolved: (MemSeries | null | undefined)[] = new Array(batch.series.length);
    const n = batch.timestampsMs.length;
    for (let i = 0; i < n; i++) {
      const seriesIndex = batch.seriesIndex[i];
      const timestampMs = batch.timestampsMs[i] as number;
      const value = batch.values[i];
      if (seriesIndex === undefined || seriesIndex < 0 || seriesIndex >= batch.series.length || value === undefined) {
        tally.reject('invalid');
        continue;
      }
      if (!Number.isInteger(timestampMs)) {
        tally.reject('invalid');
        continue;
      }
      if (timestampMs < oldestMs) {
        tally.reject('too_old');
        continue;
      }
      let series = resolved[seriesIndex];
      if (series === undefined) {
        series = this.resolveSeries(tenant, batch.series[seriesIndex] as Labels);
        resolved[seriesIndex] = series;
      }
      if (series === null) {
        tally.reject('invalid');
        continue;
      }
      if (timestampMs < series.samples.newestMs && timestampMs < outOfOrderFloor) {
        tally.reject('out_of_order');
        continue;
      }
      if (timestampMs > tenant.newestMs) tenant.newestMs = timestampMs;
      series.samples.append(timestampMs, value);
      tally.accept();
    }
    for (const m of batch.metadata) addMetadata(tenant, m);
    return tally.result();
  }

  async *selectSeries(q: SeriesSelection, signal: AbortSignal): AsyncIterable<readonly Labels[]> {
    const selected = this.select(q, signal);
    for (let i = 0; i < selected.length; i += SERIES_PER_BATCH) {
      yield selected.slice(i, i + SERIES_PER_BATCH).map((s) => s.labels);
      this.env.ensureOpen();
      signal.throwIfAborted();
    }
  }

  async *selectSamples(q: SeriesSelection, _hints: SampleHints | undefined, signal: AbortSignal): AsyncIterable<SampleBatch> {
    const selected = this.select(q, signal);
    let group: { series: MemSeries; from: number; to: number }[] = [];
    let groupSamples = 0;
    for (let i = 0; i < selected.length; i++) {
      if (i % ABORT_CHECK_INTERVAL === 0) signal.throwIfAborted();
      const series = selected[i] as MemSeries;
      // Ranges are taken now, not at selection time: writes may have landed during a yield.
      const { from, to } = series.samples.range(q.startMs, q.endMs);
      if (from === to) continue;
      group.push({ series, from, to });
      groupSamples += to - from;
      if (group.length >= SERIES_PER_BATCH || groupSamples >= SAMPLES_PER_BATCH) {
        yield buildSampleBatch(group, groupSamples);
        this.env.ensureOpen();
        signal.throwIfAborted();
        group = [];
        groupSamples = 0;
      }
    }
    if (group.length > 0) yield buildSampleBatch(group, groupSamples);
  }

  async labelNames(q: LabelQuery, signal: AbortSignal): Promise<string[]> {
    const names: string[] = [];
    for (const s of this.seriesForLabels(q, signal)) for (const l of s.labels) names.push(l.name);
    return applyLimit(sortedDistinct(names), q.limit);
  }

  async labelValues(name: string, q: LabelQuery, signal: AbortSignal): Promise<string[]> {
    const values: string[] = [];
    for (const s of this.seriesForLabels(q, signal)) {
      const v = getLabel(s.labels, name);
      if (v !== '') values.push(v);
    }
    return applyLimit(sortedDistinct(values), q.limit);
  }

  async metadata(
    q: { readonly tenant: string; readonly metric?: string; readonly limit?: number },
    signal: AbortSignal,
  ): Promise<Map<string, MetricMetadata[]>> {
    this.env.ensureOpen();
    signal.throwIfAborted();
    const out = new Map<string, MetricMetadata[]>();
    const tenant = this.tenant(q.tenant, false);
    if (tenant === undefined) return out;
    const families = q.metric === undefined ? sortedDistinct(tenant.metadata.keys()) : [q.metric];
    for (const family of families) {
      if (q.limit !== undefined && q.limit > 0 && out.size >= q.limit) break;
      const entries = tenant.metadata.get(family);
      if (entries !== undefined) out.set(family, entries.slice());
    }
    return out;
  }

  /** Removes samples older than the window; adds the UTC day of each to `days`. */
  dropExpired(days: Set<number>): void {
    const oldestMs = cutoffMs(this.env.clock(), this.env.retentionMs);
    for (const [tenantId, tenant] of this.tenants) {
      for (const [key, series] of tenant.series) {
        series.samples.dropBefore(oldestMs, days);
        if (series.samples.length > 0) continue;
        tenant.series.delete(key);
        const name = getLabel(series.labels, METRIC_NAME_LABEL);
        const postings = tenant.byName.get(name);
        postings?.delete(series);
        if (postings?.size === 0) tenant.byName.delete(name);
      }
      if (tenant.series.size === 0 && tenant.metadata.size === 0) this.tenants.delete(tenantId);
    }
  }

  /** Series of the selection with a sample in range, sorted by label set, capped by `limit`. */
  private select(q: SeriesSelection, signal: AbortSignal): MemSeries[] {
    this.env.ensureOpen();
    signal.throwIfAborted();
    const matchers = compileMatchers(q.matchers);
    const tenant = this.tenant(q.tenant, false);
    if (tenant === undefined) return [];
    const out: MemSeries[] = [];
    let visited = 0;
    for (const s of candidates(tenant, matchers)) {
      if (++visited % ABORT_CHECK_INTERVAL === 0) signal.throwIfAborted();
      if (matchesAll(s.labels, matchers) && s.samples.hasSampleIn(q.startMs, q.endMs)) out.push(s);
    }
    out.sort((a, b) => compareLabels(a.labels, b.labels));
    return applyLimit(out, q.limit);
  }

  private seriesForLabels(q: LabelQuery, signal: AbortSignal): MemSeries[] {
    this.env.ensureOpen();
    signal.throwIfAborted();
    const sets = compileMatcherSets(q.matcherSets);
    const tenant = this.tenant(q.tenant, false);
    if (tenant === undefined) return [];
    const out: MemSeries[] = [];
    let visited = 0;
    for (const s of tenant.series.values()) {
      if (++visited % ABORT_CHECK_INTERVAL === 0) signal.throwIfAborted();
      if (matchesAny(s.labels, sets) && s.samples.hasSampleIn(q.startMs, q.endMs)) out.push(s);
    }
    return out;
  }

  private tenant(id: string, create: true): TenantMetrics;
  private tenant(id: string, create: false): TenantMetrics | undefined;
  private tenant(id: string, create: boolean): TenantMetrics | undefined {
    let t = this.tenants.get(id);
    if (t === undefined && create) {
      t = new TenantMetrics();
      this.tenants.set(id, t);
    }
    return t;
  }

  private resolveSeries(tenant: TenantMetrics, written: Labels): MemSeries | null {
    const labels = normalizeLabels(written);
    if (labels === null) return null;
    const key = labelsKey(labels);
    let series = tenant.series.get(key);
    if (series === undefined) {
      series = { labels, samples: new SeriesSamples() };
      tenant.series.set(key, series);
      const name = getLabel(labels, METRIC_NAME_LABEL);
      let postings = tenant.byName.get(name);
      if (postings === undefined) {
        postings = new Set();
        tenant.byName.set(name, postings);
      }
      postings.add(series);
    }
    return series;
  }
}

/** The series worth testing: one name's postings when a matcher pins `__name__`, else all. */
function candidates(tenant: TenantMetrics, matchers: readonly CompiledMatcher[]): Iterable<MemSeries> {
  for (const m of matchers) {
    if (m.name === METRIC_NAME_LABEL && m.type === '=') return tenant.byName.get(m.value) ?? [];
  }
  return tenant.series.values();
}

function addMetadata(tenant: TenantMetrics, m: MetricMetadata): void {
  let entries = tenant.metadata.get(m.metricFamilyName);
  if (entries === undefined) {
    entries = [];
    tenant.metadata.set(m.metricFamilyName, entries);
  }
  const same = entries.some((e) => e.type === m.type && e.help === m.help && e.unit === m.unit);
  if (!same) entries.push({ metricFamilyName: m.metricFamilyName, type: m.type, help: m.help, unit: m.unit });
}

/** A positive limit caps the list; zero, negative or absent means no limit (Prometheus' convention). */
function applyLimit<T>(items: T[], limit: number | undefined): T[] {
  return limit !== undefined && limit > 0 && items.length > limit ? items.slice(0, limit) : items;
}

function buildSampleBatch(group: readonly { series: MemSeries; from: number; to: number }[], total: number): SampleBatch {
  const offsets = new Int32Array(group.length + 1);
  const timestampsMs = new Float64Array(total);
  const values = new Float64Array(total);
  let at = 0;
  for (let s = 0; s < group.length; s++) {
    const g = group[s] as { series: MemSeries; from: number; to: number };
    offsets[s] = at;
    g.series.samples.copyTo(g.from, g.to, timestampsMs, values, at);
    at += g.to - g.from;
  }
  offsets[group.length] = at;
  return { series: group.map((g) => g.series.labels), offsets, timestampsMs, values };
}
