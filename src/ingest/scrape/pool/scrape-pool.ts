import type { Labels } from '../../../model/index.js';
import type { ScrapeConfig, TargetGroup } from '../../../config/prometheus/index.js';
import type { CompiledRelabelRule } from '../relabel/index.js';
import { compileRelabelRules } from '../relabel/index.js';
import type { DroppedTarget, TargetSpec } from '../targets/index.js';
import { targetsFromGroup } from '../targets/index.js';
import type { ScrapeLoopDeps, TargetStatus } from '../loop/scrape-loop.js';
import { ScrapeLoop } from '../loop/scrape-loop.js';
import { ScrapeError } from '../loop/scrape-fetch.js';
import type { TargetMetadata } from '../loop/scrape-assembly.js';
import { FileSdWatcher } from './file-sd-watcher.js';
import type { JobRequestSettings, JobRequestSource } from './http-settings.js';
import { HttpSettingsError } from './http-settings.js';

export interface ScrapePoolDeps extends ScrapeLoopDeps {
  readonly userAgent: string;
  readonly log: (level: 'info' | 'warn' | 'error', message: string, fields?: Record<string, unknown>) => void;
}

/** A dropped target, as the targets API lists it. */
export interface DroppedTargetStatus {
  readonly scrapePool: string;
  readonly discoveredLabels: Labels;
}

/**
 * The targets of one scrape job: discovered from static_configs and file_sd_configs, turned
 * into targets by relabel_configs, each scraped by its own loop. When discovery changes, loops
 * of targets that remain keep running, new ones start and removed ones stop (their series get
 * staleness markers).
 */
export class ScrapePool {
  private readonly groups = new Map<string, TargetGroup[]>();
  private readonly loops = new Map<string, ScrapeLoop>();
  private dropped: DroppedTarget[] = [];
  /** Targets that could not be built, or the target limit when it is exceeded. */
  private problems: string[] = [];
  private readonly watchers: FileSdWatcher[] = [];
  private readonly targetRules: readonly CompiledRelabelRule[];
  private readonly metricRules: readonly CompiledRelabelRule[];
  /** The job's request settings as last read; new loops start from them. */
  private request: JobRequestSettings;
  private syncing: Promise<void> = Promise.resolve();

  /** `source`: the job's HTTP settings, its secret files read again when they change. */
  constructor(
    readonly config: ScrapeConfig,
    private readonly deps: ScrapePoolDeps,
    private readonly source: JobRequestSource,
  ) {
    this.targetRules = compileRelabelRules(config.relabelConfigs);
    this.metricRules = compileRelabelRules(config.metricRelabelConfigs);
    this.request = source.current();
  }

  /** Called by every scrape: a file that cannot be read now fails that scrape, as in Prometheus. */
  private readonly currentSettings = (): JobRequestSettings => {
    try {
      this.request = this.source.current();
      return this.request;
    } catch (e) {
      if (e instanceof HttpSettingsError) throw new ScrapeError(e.message);
      throw e;
    }
  };

  get name(): string {
    return this.config.jobName;
  }

  /** Starts discovery and the loops of the targets found. */
  start(): void {
    this.groups.set('static', [...this.config.staticConfigs]);
    this.config.fileSdConfigs.forEach((sd, i) => {
      const key = `file_sd/${i}`;
      const watcher = new FileSdWatcher(
        sd,
        (groups) => {
          this.groups.set(key, groups);
          this.scheduleSync();
        },
        (message) => this.deps.log('warn', message, { scrapePool: this.name }),
      );
      this.watchers.push(watcher);
      this.groups.set(key, watcher.start());
    });
    this.scheduleSync();
  }

  /** Waits for the last discovery change to be applied (tests). */
  settled(): Promise<void> {
    return this.syncing;
  }

  async stop(options: { markStale: boolean }): Promise<void> {
    for (const w of this.watchers) w.close();
    await this.syncing;
    await Promise.all([...this.loops.values()].map((l) => l.stop(options)));
    this.loops.clear();
  }

  activeTargets(): TargetStatus[] {
    return [...this.loops.values()].map((l) => l.status());
  }

  droppedTargets(): DroppedTargetStatus[] {
    return this.dropped.map((d) => ({ scrapePool: this.name, discoveredLabels: d.discoveredLabels }));
  }

  /** Problems of the last discovery sync, for logs and check-config. */
  get targetProblems(): readonly string[] {
    return this.problems;
  }

  targetMetadata(): { labels: Labels; metadata: TargetMetadata }[] {
    return [...this.loops.values()].map((l) => ({ labels: l.spec.rules.targetLabels, metadata: l.metadata }));
  }

  private scheduleSync(): void {
    this.syncing = this.syncing
      .then(() => this.sync())
      // Keep the targets running and the chain alive: a rejected chain would end every later sync.
      .catch((e: unknown) => this.deps.log('error', `applying discovered targets failed: ${(e as Error).message}`, { scrapePool: this.name }));
  }

  private async sync(): Promise<void> {
    const active: TargetSpec[] = [];
    const dropped: DroppedTarget[] = [];
    const problems: string[] = [];
    for (const list of this.groups.values()) {
      for (const group of list) {
        const r = targetsFromGroup(group, this.config, undefined, this.targetRules);
        active.push(...r.active);
        dropped.push(...r.dropped);
        problems.push(...r.errors);
      }
    }
    const limit = this.config.targetLimit;
    const keep = this.config.keepDroppedTargets;
    this.dropped = keep > 0 ? dropped.slice(0, keep) : dropped;
    for (const p of problems) if (!this.problems.includes(p)) this.deps.log('warn', `target skipped: ${p}`, { scrapePool: this.name });
    let wanted = active;
    if (limit > 0 && active.length > limit) {
      problems.push(`target_limit exceeded (number of targets: ${active.length}, limit: ${limit}); no target of this job is scraped`);
      this.deps.log('error', problems[problems.length - 1] as string, { scrapePool: this.name });
      wanted = [];
    }
    this.problems = problems;

    const next = new Map<string, ScrapeLoop>();
    for (const spec of wanted) {
      const loop = new ScrapeLoop(
        {
          scrapePool: this.name,
          discoveredLabels: spec.discoveredLabels,
          intervalMs: spec.scrapeIntervalMs,
          request: { ...this.request, url: new URL(spec.url), timeoutMs: spec.scrapeTimeoutMs },
          currentSettings: this.currentSettings,
          rules: {
            targetLabels: spec.labels,
            honorLabels: this.config.honorLabels,
            honorTimestamps: this.config.honorTimestamps,
            metricRelabel: this.metricRules,
            sampleLimit: this.config.sampleLimit,
            labelLimit: this.config.labelLimit,
            labelNameLengthLimit: this.config.labelNameLengthLimit,
            labelValueLengthLimit: this.config.labelValueLengthLimit,
          },
        },
        this.deps,
      );
      if (next.has(loop.key)) continue; // the same target discovered twice is scraped once
      const existing = this.loops.get(loop.key);
      next.set(loop.key, existing ?? loop);
      if (existing === undefined) loop.start();
    }
    const removed = [...this.loops].filter(([key]) => !next.has(key)).map(([, loop]) => loop);
    this.loops.clear();
    for (const [k, v] of next) this.loops.set(k, v);
    await Promise.all(removed.map((l) => l.stop({ markStale: true })));
  }
}
