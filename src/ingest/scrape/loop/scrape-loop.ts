import type { Labels, MetricBatch } from '../../../model/index.js';
import { STALE_NAN, labelsKey, sortLabels, xxhash64 } from '../../../model/index.js';
import type { WriteResult } from '../../../store/index.js';
import { formatFromContentType } from '../exposition/index.js';
import type { ScrapeAssembly, SeriesRules, TargetMetadata } from './scrape-assembly.js';
import type { BatchParts } from './scrape-assembly.js';
import { ScrapeSeriesCache } from './scrape-assembly.js';
import type { ScrapeRequest } from './scrape-fetch.js';
import { ScrapeError, fetchScrape } from './scrape-fetch.js';

export type TargetHealth = 'unknown' | 'up' | 'down';

/** What the targets API shows of one target. */
export interface TargetStatus {
  readonly scrapePool: string;
  readonly scrapeUrl: string;
  readonly labels: Labels;
  readonly discoveredLabels: Labels;
  readonly health: TargetHealth;
  readonly lastError: string;
  /** Unix ms of the last scrape's start; 0 before the first. */
  readonly lastScrapeMs: number;
  readonly lastScrapeDurationMs: number;
  readonly scrapeIntervalMs: number;
  readonly scrapeTimeoutMs: number;
}

/** Everything a loop needs to know about its target; fixed for the loop's life. */
export interface ScrapeTargetSpec {
  readonly scrapePool: string;
  readonly discoveredLabels: Labels;
  readonly request: ScrapeRequest;
  /**
   * The request settings as of this scrape (secret files re-read when they changed), replacing
   * all of `request` but its URL and timeout; throws ScrapeError when they cannot be had.
   */
  readonly currentSettings?: () => Omit<ScrapeRequest, 'url' | 'timeoutMs'>;
  readonly intervalMs: number;
  readonly rules: SeriesRules;
}

export interface ScrapeLoopDeps {
  readonly tenant: string;
  /** The store's metrics writer. */
  readonly append: (batch: MetricBatch) => Promise<WriteResult>;
  /** Seed mixed into each target's scrape offset, so two instances spread differently. */
  readonly offsetSeed: string;
  readonly now?: () => number;
  /** Told of every finished scrape (self-monitoring, logs). */
  readonly onScrape?: (status: TargetStatus, result: ScrapeAssembly | undefined, written: WriteResult | undefined) => void;
}


/**
 * Scrapes one target every interval, at a fixed offset within the interval derived from the
 * target's identity (as Prometheus spreads its scrapes), writes the samples plus the report
 * series `up`, `scrape_duration_seconds`, `scrape_samples_scraped`,
 * `scrape_samples_post_metric_relabeling` and `scrape_series_added`, and marks vanished series
 * stale. A failed scrape (unreachable, timeout, HTTP error, malformed body, a limit) stores none
 * of its samples, marks the previous ones stale and reports `up 0`; it affects no other target.
 */
export class ScrapeLoop {
  private readonly cache: ScrapeSeriesCache;
  /** Identity of the target within its pool: its labels and URL (Prometheus's target hash). */
  readonly key: string;
  private readonly now: () => number;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private readonly abort = new AbortController();
  private stopped = false;
  private health: TargetHealth = 'unknown';
  private lastError = '';
  private lastScrapeMs = 0;
  private lastScrapeDurationMs = 0;

  constructor(
    readonly spec: ScrapeTargetSpec,
    private readonly deps: ScrapeLoopDeps,
  ) {
    this.cache = new ScrapeSeriesCache(spec.rules, deps.tenant);
    this.key = `${labelsKey(spec.rules.targetLabels)}|${spec.request.url.href}`;
    this.now = deps.now ?? Date.now;
  }


  get metadata(): TargetMetadata {
    return this.cache.metadata;
  }

  status(): TargetStatus {
    return {
      scrapePool: this.spec.scrapePool,
      scrapeUrl: this.spec.request.url.href,
      labels: this.spec.rules.targetLabels,
      discoveredLabels: this.spec.discoveredLabels,
      health: this.health,
      lastError: this.lastError,
      lastScrapeMs: this.lastScrapeMs,
      lastScrapeDurationMs: this.lastScrapeDurationMs,
      scrapeIntervalMs: this.spec.intervalMs,
      scrapeTimeoutMs: this.spec.request.timeoutMs,
    };
  }

  /** Starts scraping at the target's next slot. */
  start(): void {
    this.scheduleNext();
  }

  /**
   * Stops scraping: waits for a scrape in progress, then writes staleness markers for the
   * target's series (including the report series), as Prometheus does when a target goes away.
   */
  async stop(options: { markStale: boolean } = { markStale: true }): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    clearTimeout(this.timer);
    this.abort.abort();
    await this.running;
    if (!options.markStale || this.lastScrapeMs === 0) return;
    const parts = this.cache.staleAll(this.now());
    addReportSeries(parts, this.spec.rules.targetLabels, this.now(), STALE_REPORT);
    await this.deps.append(parts.build()).catch(() => undefined);
  }

  /** Runs one scrape now (tests, and the scheduler). */
  scrapeOnce(): Promise<void> {
    const run = this.scrape().finally(() => {
      if (this.running === run) this.running = undefined;
    });
    this.running = run;
    return run;
  }

  private scheduleNext(): void {
    if (this.stopped) return;
    const interval = this.spec.intervalMs;
    const offset = Number(xxhash64(Buffer.from(`${this.key}|${this.deps.offsetSeed}`)) % BigInt(interval));
    const now = this.now();
    let next = now - (now % interval) + offset;
    if (next <= now) next += interval;
    this.timer = setTimeout(() => {
      void this.scrapeOnce()
        .catch((e: unknown) => {
          // A bug must cost this target its scrape, not the process (an unhandled rejection).
          this.health = 'down';
          this.lastError = `internal error, please report it: ${(e as Error).message}`;
          this.deps.onScrape?.(this.status(), undefined, undefined);
        })
        .finally(() => this.scheduleNext());
    }, next - now);
    this.timer.unref();
  }

  private async scrape(): Promise<void> {
    const startMs = this.now();
    const started = performance.now();
    let assembly: ScrapeAssembly | undefined;
    let error: string | undefined;
    try {
      const { request, currentSettings } = this.spec;
      const res = await fetchScrape(currentSettings === undefined ? request : { ...currentSettings(), url: request.url, timeoutMs: request.timeoutMs }, this.abort.signal);
      assembly = this.cache.assemble(res.body, formatFromContentType(res.contentType), startMs);
      error = assembly.error;
    } catch (e) {
      if (!(e instanceof ScrapeError)) throw e;
      if (this.stopped) return;
      error = e.message;
      assembly = this.cache.assemble('', 'prometheus-text', startMs);
    }
    const durationMs = performance.now() - started;
    const parts = assembly.parts;
    addReportSeries(parts, this.spec.rules.targetLabels, startMs, {
      up: error === undefined ? 1 : 0,
      durationSeconds: Math.round(durationMs * 1e6) / 1e9,
      samplesScraped: error === undefined ? assembly.samplesScraped : 0,
      samplesPostRelabeling: error === undefined ? assembly.samplesPostRelabeling : 0,
      seriesAdded: error === undefined ? assembly.seriesAdded : 0,
    });
    let written: WriteResult | undefined;
    try {
      written = await this.deps.append(parts.build());
    } catch (e) {
      error ??= `storing the scrape failed: ${(e as Error).message}`;
    }
    this.health = error === undefined ? 'up' : 'down';
    this.lastError = error ?? '';
    this.lastScrapeMs = startMs;
    this.lastScrapeDurationMs = durationMs;
    this.deps.onScrape?.(this.status(), assembly, written);
  }
}

interface ReportValues {
  readonly up: number;
  readonly durationSeconds: number;
  readonly samplesScraped: number;
  readonly samplesPostRelabeling: number;
  readonly seriesAdded: number;
}

const STALE_REPORT: ReportValues = { up: NaN, durationSeconds: NaN, samplesScraped: NaN, samplesPostRelabeling: NaN, seriesAdded: NaN };

function addReportSeries(parts: BatchParts, target: Labels, timeMs: number, v: ReportValues): void {
  const stale = Number.isNaN(v.up);
  const report = (name: string, value: number): void => {
    const labels = sortLabels([...target.filter((l) => l.name !== '__name__'), { name: '__name__', value: name }]);
    parts.sample(parts.addSeries(labels), timeMs, stale ? STALE_NAN : value);
  };
  report('up', v.up);
  report('scrape_duration_seconds', v.durationSeconds);
  report('scrape_samples_scraped', v.samplesScraped);
  report('scrape_samples_post_metric_relabeling', v.samplesPostRelabeling);
  report('scrape_series_added', v.seriesAdded);
}
