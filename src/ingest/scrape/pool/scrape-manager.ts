import type { Labels } from '../../../model/index.js';
import type { PrometheusConfig, ScrapeConfig } from '../../../config/prometheus/index.js';
import type { TargetMetadata } from '../loop/scrape-assembly.js';
import type { TargetStatus } from '../loop/scrape-loop.js';
import type { DroppedTargetStatus, ScrapePoolDeps } from './scrape-pool.js';
import type { JobRequestSettings } from './http-settings.js';
import { ScrapePool } from './scrape-pool.js';
import { JobRequestSource } from './http-settings.js';

/**
 * All scrape jobs of the running configuration. `apply` swaps in a new configuration: jobs
 * whose settings did not change keep their pools (and their targets' series caches and
 * staleness tracking); changed jobs are rebuilt; removed jobs stop and mark their series stale.
 * A configuration that cannot be applied (an unreadable secret file) throws before anything
 * changed, so the caller keeps the last good one.
 */
export class ScrapeManager {
  private pools = new Map<string, ScrapePool>();
  private fingerprints = new Map<string, string>();

  constructor(private readonly deps: ScrapePoolDeps) {}

  async apply(config: PrometheusConfig): Promise<void> {
    const next = new Map<string, ScrapePool>();
    const fingerprints = new Map<string, string>();
    const created: ScrapePool[] = [];
    for (const job of config.scrapeConfigs) {
      // Secret files are read on every apply (an unreadable one makes the config invalid) and
      // again by every scrape once they change; their contents are part of the fingerprint.
      const source = new JobRequestSource(job, this.deps.userAgent);
      const fingerprint = fingerprintOf(job, source.current()); // throws on unreadable files
      fingerprints.set(job.jobName, fingerprint);
      const existing = this.pools.get(job.jobName);
      if (existing !== undefined && this.fingerprints.get(job.jobName) === fingerprint) {
        next.set(job.jobName, existing);
        continue;
      }
      const pool = new ScrapePool(job, this.deps, source);
      next.set(job.jobName, pool);
      created.push(pool);
    }
    const replaced = [...this.pools].filter(([name, pool]) => next.get(name) !== pool);
    this.pools = next;
    this.fingerprints = fingerprints;
    // A job that only changed settings keeps its series: no staleness markers for those targets.
    await Promise.all(replaced.map(([name, pool]) => pool.stop({ markStale: !next.has(name) })));
    for (const pool of created) pool.start();
  }

  /** Stops every loop without staleness markers (the process is shutting down, not the targets). */
  async stop(): Promise<void> {
    const pools = [...this.pools.values()];
    this.pools.clear();
    await Promise.all(pools.map((p) => p.stop({ markStale: false })));
  }

  /** Waits until every pool has applied its last discovery change (tests). */
  async settled(): Promise<void> {
    await Promise.all([...this.pools.values()].map((p) => p.settled()));
  }

  activeTargets(): TargetStatus[] {
    return [...this.pools.values()].flatMap((p) => p.activeTargets());
  }

  droppedTargets(): DroppedTargetStatus[] {
    return [...this.pools.values()].flatMap((p) => p.droppedTargets());
  }

  scrapePools(): string[] {
    return [...this.pools.keys()];
  }

  targetMetadata(): { labels: Labels; metadata: TargetMetadata }[] {
    return [...this.pools.values()].flatMap((p) => p.targetMetadata());
  }
}

/** Everything that defines a job's behaviour; two equal fingerprints scrape identically. */
function fingerprintOf(job: ScrapeConfig, request: JobRequestSettings): string {
  return JSON.stringify([job, request], (_key, value: unknown) => (value instanceof Map ? [...value.entries()] : value));
}
