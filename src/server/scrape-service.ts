import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import type { MetricBatch } from '../model/index.js';
import type { WriteResult } from '../store/index.js';
import type { OmniscopeMetrics } from '../self-monitoring/index.js';
import { ScrapeManager, loadPrometheusConfig } from '../ingest/scrape/index.js';
import type { PrometheusConfig } from '../ingest/scrape/index.js';
import type { Logger } from './logger.js';

/** Thrown when the prometheus.yml given at start-up cannot be used; the CLI exits with 2. */
export class PrometheusConfigLoadError extends Error {}

export interface ScrapeServiceDeps {
  readonly configFile: string;
  readonly tenant: string;
  readonly append: (batch: MetricBatch) => Promise<WriteResult>;
  readonly metrics: OmniscopeMetrics;
  readonly logger: Logger;
  readonly userAgent: string;
}

/**
 * Scraping driven by a prometheus.yml: loads it at start (an invalid file stops start-up),
 * reloads it on demand (SIGHUP, `POST /-/reload`) keeping the last good configuration when the
 * new one is invalid, and reports each outcome in `prometheus_config_last_reload_successful`,
 * the metric Prometheus's own alerts watch.
 */
export class ScrapeService {
  readonly manager: ScrapeManager;
  private readonly file: string;
  private reloading: Promise<void> = Promise.resolve();

  constructor(private readonly deps: ScrapeServiceDeps) {
    this.file = resolve(deps.configFile);
    const log = deps.logger;
    this.manager = new ScrapeManager({
      tenant: deps.tenant,
      append: deps.append,
      offsetSeed: randomUUID(),
      userAgent: deps.userAgent,
      log: (level, message, fields) => log[level]({ ...fields }, message),
      onScrape: (status, assembly, written) => {
        if (written !== undefined) deps.metrics.receivedRecords.labels('metrics', 'scrape').inc(written.accepted);
        for (const [reason, n] of Object.entries(written?.rejected ?? {})) if (n) deps.metrics.rejectedRecords.labels('metrics', 'scrape', reason).inc(n);
        deps.metrics.scrapes.labels(status.scrapePool, status.health === 'up' ? 'success' : 'failure').inc();
        if (assembly?.error !== undefined) log.debug({ target: status.scrapeUrl, error: status.lastError }, 'scrape failed');
      },
    });
  }

  /** Loads the file and starts scraping; throws PrometheusConfigLoadError when it is invalid. */
  async start(): Promise<void> {
    let config: PrometheusConfig;
    try {
      config = this.read();
      await this.manager.apply(config);
    } catch (e) {
      this.recordReload(false);
      throw new PrometheusConfigLoadError(`${this.file}: ${(e as Error).message}`);
    }
    this.recordReload(true);
    this.deps.logger.info({ file: this.file, jobs: config.scrapeConfigs.length }, 'scraping as configured in prometheus.yml');
  }

  /** Re-reads the file; on failure keeps the running configuration and rethrows the reason. */
  reload(): Promise<void> {
    const run = this.reloading.then(async () => {
      try {
        await this.manager.apply(this.read());
      } catch (e) {
        this.recordReload(false);
        this.deps.logger.error({ file: this.file, err: (e as Error).message }, 'reloading prometheus.yml failed; keeping the previous configuration');
        throw e;
      }
      this.recordReload(true);
      this.deps.logger.info({ file: this.file }, 'reloaded prometheus.yml');
    });
    this.reloading = run.catch(() => undefined);
    return run;
  }

  stop(): Promise<void> {
    return this.manager.stop();
  }

  private read(): PrometheusConfig {
    const config = loadPrometheusConfig(this.file);
    for (const u of config.unsupported) this.deps.logger.warn({ file: this.file, key: u.path }, `not supported, ignored: ${u.reason}`);
    return config;
  }

  private recordReload(ok: boolean): void {
    this.deps.metrics.configReloadSuccessful.labels().set(ok ? 1 : 0);
    if (ok) this.deps.metrics.configReloadSuccessTime.labels().set(Date.now() / 1000);
  }
}
