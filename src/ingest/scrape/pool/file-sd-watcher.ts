import { readFileSync, watch } from 'node:fs';
import type { FSWatcher } from 'node:fs';
import { dirname } from 'node:path';
import type { FileSdConfig, TargetGroup } from '../../../config/prometheus/index.js';
import { parseFileSd, resolveFileSdGlobs } from '../targets/index.js';

/**
 * Keeps the target groups of one `file_sd_configs` entry current: reads every matching file at
 * start, again when a watched directory changes, and every `refresh_interval` in case a change
 * notification was missed (network file systems, editors that rename). A file that fails to
 * read or parse keeps its last good groups, as Prometheus does; the error goes to `onError`.
 */
export class FileSdWatcher {
  private readonly groupsByFile = new Map<string, TargetGroup[]>();
  private readonly watchers: FSWatcher[] = [];
  private timer: NodeJS.Timeout | undefined;
  private debounce: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(
    private readonly config: FileSdConfig,
    private readonly onChange: (groups: TargetGroup[]) => void,
    private readonly onError: (message: string) => void,
  ) {}

  /** Reads the files once (synchronously, so the first targets exist at once) and starts watching. */
  start(): TargetGroup[] {
    this.refresh(false);
    for (const dir of new Set(this.config.files.map((f) => dirname(f)))) {
      try {
        const w = watch(dir, () => this.scheduleRefresh());
        w.on('error', () => undefined);
        w.unref();
        this.watchers.push(w);
      } catch (e) {
        this.onError(`cannot watch ${dir} for file_sd changes: ${(e as Error).message}; falling back to the refresh interval`);
      }
    }
    this.timer = setInterval(() => this.refresh(true), this.config.refreshIntervalMs);
    this.timer.unref();
    return this.groups();
  }

  close(): void {
    this.closed = true;
    clearInterval(this.timer);
    clearTimeout(this.debounce);
    for (const w of this.watchers) w.close();
  }

  private groups(): TargetGroup[] {
    return [...this.groupsByFile.values()].flat();
  }

  /** Editors write a file in several steps; wait for them to settle before re-reading. */
  private scheduleRefresh(): void {
    clearTimeout(this.debounce);
    this.debounce = setTimeout(() => this.refresh(true), 100);
    this.debounce.unref();
  }

  private refresh(notify: boolean): void {
    if (this.closed) return;
    const files = resolveFileSdGlobs(this.config.files);
    let changed = false;
    for (const file of [...this.groupsByFile.keys()]) {
      if (!files.includes(file)) {
        this.groupsByFile.delete(file);
        changed = true;
      }
    }
    for (const file of files) {
      let groups: TargetGroup[];
      try {
        groups = parseFileSd(readFileSync(file, 'utf8'), file);
      } catch (e) {
        this.onError(`file_sd: ${(e as Error).message}; keeping the targets last read from ${file}`);
        continue;
      }
      const before = this.groupsByFile.get(file);
      if (before === undefined || JSON.stringify(before) !== JSON.stringify(groups)) {
        this.groupsByFile.set(file, groups);
        changed = true;
      }
    }
    if (changed && notify) this.onChange(this.groups());
  }
}
