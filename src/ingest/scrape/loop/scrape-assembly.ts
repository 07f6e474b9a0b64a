import type { Exemplar, Labels, MetricBatch, MetricMetadata, MetricType } from '../../../model/index.js';
import { GrowableFloat64, GrowableInt32, STALE_NAN } from '../../../model/index.js';
import { ExpositionParseError, ExpositionParser } from '../exposition/index.js';
import type { ExpositionFormat } from '../exposition/index.js';
import type { CompiledRelabelRule } from '../relabel/index.js';
import { relabel } from '../relabel/index.js';
import type { LabelLimits } from './sample-labels.js';
import { joinTargetLabels, labelLimitViolation } from './sample-labels.js';

/** How one target's samples become series: its labels, and the rules and limits of its job. */
export interface SeriesRules extends LabelLimits {
  readonly targetLabels: Labels;
  readonly honorLabels: boolean;
  readonly honorTimestamps: boolean;
  readonly metricRelabel: readonly CompiledRelabelRule[];
  /** After metric relabeling; 0 for none. */
  readonly sampleLimit: number;
}

/** A series as first seen in a scrape, remembered across scrapes by its exposition text. */
interface CachedSeries {
  /** Final labels, or null when metric relabeling drops the series. */
  readonly labels: Labels | null;
  /** Set when the series breaks a label limit: every scrape that contains it fails. */
  readonly limitError: string | undefined;
  /** Scrape number that last contained the series. */
  lastScrape: number;
  /** Index in the batch being assembled, valid when `lastScrape` is the current scrape. */
  batchIndex: number;
  /** Samples with their own timestamps are not marked stale when they vanish (as Prometheus). */
  explicitTimestamp: boolean;
}

/** What one scrape produced, before the report series (`up` and friends) are added. */
export interface ScrapeAssembly {
  /** Samples of the scrape, plus staleness markers for series that vanished since the last one. */
  readonly parts: BatchParts;
  readonly samplesScraped: number;
  readonly samplesPostRelabeling: number;
  readonly seriesAdded: number;
  /** Why the scrape failed (parse error, a limit); its samples are then not in `batch`. */
  readonly error: string | undefined;
}

/** Metadata of a metric family as the target last described it (for /api/v1/targets/metadata). */
export type TargetMetadata = ReadonlyMap<string, MetricMetadata>;

/**
 * One target's memory of its series. The exposition text of a series (`name{labels}`) maps to
 * its final labels, so a steady target costs a map look-up per sample instead of label parsing,
 * joining and relabeling. It also knows which series the previous successful scrape returned,
 * so series that vanish get a staleness marker, as in Prometheus.
 */
export class ScrapeSeriesCache {
  private readonly series = new Map<string, CachedSeries>();
  private scrapeNumber = 0;
  /** Series of the last successful scrape: they get staleness markers when they go missing. */
  private lastSuccessSeries: CachedSeries[] = [];
  private metadataByFamily = new Map<string, MetricMetadata>();
  /** The metadata last handed to the store, so it is written when it changes, not every scrape. */
  private writtenMetadata = '';

  constructor(
    private readonly rules: SeriesRules,
    private readonly tenant: string,
  ) {}

  get metadata(): TargetMetadata {
    return this.metadataByFamily;
  }

  /** Parses a response body into a batch. Never throws for bad input: that is `error`. */
  assemble(body: string, format: ExpositionFormat, scrapeTimeMs: number): ScrapeAssembly {
    const scrape = ++this.scrapeNumber;
    const out = new BatchParts(this.tenant);
    const current: CachedSeries[] = [];
    const metadata = new Map<string, MetricMetadata>();
    let samplesScraped = 0;
    let seriesAdded = 0;
    let error: string | undefined;
    try {
      const parser = new ExpositionParser(body, format);
      for (let kind = parser.next(); kind !== null; kind = parser.next()) {
        if (kind !== 'series') {
          if (kind === 'type' || kind === 'help' || kind === 'unit') noteMetadata(metadata, parser, kind);
          continue;
        }
        samplesScraped++;
        const text = parser.seriesText();
        let entry = this.series.get(text);
        if (entry === undefined) {
          entry = this.resolve(parser);
          this.series.set(detach(text), entry);
          if (entry.labels !== null) seriesAdded++;
        }
        if (entry.limitError !== undefined) throw new ScrapeLimitError(entry.limitError);
        if (entry.labels === null || entry.lastScrape === scrape) {
          entry.lastScrape = scrape; // dropped, or a duplicate line of the same series: skip it
          continue;
        }
        const explicit = parser.timestampMs();
        entry.lastScrape = scrape;
        entry.explicitTimestamp = explicit !== undefined;
        entry.batchIndex = out.addSeries(entry.labels);
        current.push(entry);
        const ts = this.rules.honorTimestamps && explicit !== undefined ? explicit : scrapeTimeMs;
        out.sample(entry.batchIndex, ts, parser.value());
        const ex = parser.exemplar();
        if (ex !== undefined) out.exemplars.push({ seriesIndex: entry.batchIndex, labels: ex.labels, timestampMs: ex.timestampMs ?? ts, value: ex.value });
        if (this.rules.sampleLimit > 0 && out.seriesCount > this.rules.sampleLimit) {
          throw new ScrapeLimitError(`sample limit exceeded: more than ${this.rules.sampleLimit} samples after metric relabeling (sample_limit)`);
        }
      }
    } catch (e) {
      if (!(e instanceof ExpositionParseError || e instanceof ScrapeLimitError)) throw e;
      error = e.message;
    }
    const samplesPostRelabeling = out.seriesCount;
    // A failed scrape stores none of its samples, and every series of the last good one goes stale.
    const result = error === undefined ? out : new BatchParts(this.tenant);
    for (const entry of this.lastSuccessSeries) {
      if (error !== undefined || entry.lastScrape !== scrape) result.sample(result.addSeries(entry.labels as Labels), scrapeTimeMs, STALE_NAN);
    }
    this.lastSuccessSeries = error === undefined ? current.filter((e) => !e.explicitTimestamp) : [];
    if (error === undefined) {
      this.metadataByFamily = metadata;
      const list = [...metadata.values()];
      const signature = JSON.stringify(list);
      if (signature !== this.writtenMetadata) {
        result.metadata = list;
        this.writtenMetadata = signature;
      }
    }
    this.evict(scrape);
    return { parts: result, samplesScraped, samplesPostRelabeling, seriesAdded, error };
  }

  /** Staleness markers for every series of the last successful scrape (the target went away). */
  staleAll(timeMs: number): BatchParts {
    const out = new BatchParts(this.tenant);
    for (const entry of this.lastSuccessSeries) out.sample(out.addSeries(entry.labels as Labels), timeMs, STALE_NAN);
    this.lastSuccessSeries = [];
    return out;
  }

  /** Forgets series not seen for two scrapes, so a churning target does not grow the cache forever. */
  private evict(scrape: number): void {
    if (scrape % 8 !== 0) return;
    for (const [text, entry] of this.series) if (entry.lastScrape < scrape - 2) this.series.delete(text);
  }

  private resolve(parser: ExpositionParser): CachedSeries {
    const joined = joinTargetLabels(parser.labels(), this.rules.targetLabels, this.rules.honorLabels);
    const labels = relabel(joined, this.rules.metricRelabel);
    const limitError = labels === null ? undefined : labelLimitViolation(labels, this.rules);
    return { labels, limitError, lastScrape: -1, batchIndex: -1, explicitTimestamp: false };
  }
}

class ScrapeLimitError extends Error {}

/**
 * A copy of a substring that does not keep its parent alive: V8 may represent `seriesText()` as
 * a view into the whole page, and a cache key holding the page would pin every scrape's body.
 */
function detach(s: string): string {
  return (' ' + s).slice(1);
}

function noteMetadata(metadata: Map<string, MetricMetadata>, parser: ExpositionParser, kind: 'type' | 'help' | 'unit'): void {
  const family = parser.familyName();
  const m = metadata.get(family) ?? { metricFamilyName: family, type: 'unknown' as MetricType, help: '', unit: '' };
  if (kind === 'type') metadata.set(family, { ...m, type: parser.metricType() });
  else if (kind === 'help') metadata.set(family, { ...m, help: parser.helpText() });
  else metadata.set(family, { ...m, unit: parser.unit() });
}

/** The columns of a batch being assembled; one label set per series, shared with the cache. */
export class BatchParts {
  readonly series: Labels[] = [];
  readonly seriesIndex = new GrowableInt32(1024);
  readonly timestamps = new GrowableFloat64(1024);
  readonly values = new GrowableFloat64(1024);
  readonly exemplars: Exemplar[] = [];
  metadata: MetricMetadata[] = [];

  constructor(private readonly tenant: string) {}

  get seriesCount(): number {
    return this.series.length;
  }

  addSeries(labels: Labels): number {
    return this.series.push(labels) - 1;
  }

  sample(seriesIndex: number, timestampMs: number, value: number): void {
    this.seriesIndex.push(seriesIndex);
    this.timestamps.push(timestampMs);
    this.values.push(value);
  }

  build(): MetricBatch {
    return {
      tenant: this.tenant,
      series: this.series,
      seriesIndex: this.seriesIndex.view(),
      timestampsMs: this.timestamps.view(),
      values: this.values.view(),
      metadata: this.metadata,
      exemplars: this.exemplars,
      reusesSeriesObjects: true, // label sets come from the target's series cache
    };
  }
}
