/**
 * Runs a real single-node VictoriaMetrics (Debian's /usr/bin/victoria-metrics, 1.79;
 * `apt-get install -y victoria-metrics`) for the benchmark: its own temporary storage
 * directory, a free loopback port, ready when /health answers "OK", stopped by PID (SIGTERM,
 * then SIGKILL) with the directory removed.
 *
 * Endpoints used (all in 1.79): POST /api/v1/write (Prometheus remote write),
 * GET /api/v1/query (MetricsQL, which accepts the PromQL the benchmark sends),
 * GET /internal/force_flush (makes buffered rows searchable and writes them to parts on disk),
 * GET /internal/force_merge?partition_prefix=YYYY_MM (merges a month's parts; it starts a
 * background merge and answers at once, `vm_active_force_merges` on /metrics counts the running
 * ones), GET /metrics.
 */
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../../test/helpers/free-port.js';
import { spawnServer } from '../../test/helpers/server-process.js';

export const VICTORIA_METRICS_BINARY = '/usr/bin/victoria-metrics';

export interface VictoriaMetricsProcess {
  readonly proc: ChildProcess;
  readonly pid: number;
  /** http://127.0.0.1:port */
  readonly baseUrl: string;
  /** baseUrl + /api/v1/write */
  readonly writeUrl: string;
  /** The -storageDataPath (inside `dir`). */
  readonly dataDir: string;
  readonly dir: string;
  /** What VictoriaMetrics logged so far (last 200 KB). */
  output(): string;
  /** SIGTERM, SIGKILL after `graceMs`, then removes the directory. Idempotent. */
  stop(graceMs?: number): Promise<void>;
}

export function victoriaMetricsAvailable(binary = VICTORIA_METRICS_BINARY): boolean {
  return existsSync(binary);
}

/** Starts VictoriaMetrics and resolves once /health answers OK; rejects (after cleaning up) otherwise. */
export async function startVictoriaMetrics(extraArgs: readonly string[] = [], binary = VICTORIA_METRICS_BINARY): Promise<VictoriaMetricsProcess> {
  if (!existsSync(binary)) throw new Error(`${binary} not found: install it with \`apt-get install -y victoria-metrics\` (as root)`);
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'omniscope-victoria-metrics-'));
  const dataDir = join(dir, 'data');
  const baseUrl = `http://127.0.0.1:${port}`;
  const server = await spawnServer({
    name: 'victoria-metrics',
    binary,
    args: [`-storageDataPath=${dataDir}`, `-httpListenAddr=127.0.0.1:${port}`, '-loggerLevel=WARN', ...extraArgs],
    cwd: dir,
    removeDir: dir,
    defaultGraceMs: 30_000,
    isReady: async () => {
      const r = await fetch(`${baseUrl}/health`);
      return r.status === 200 && (await r.text()).trim() === 'OK';
    },
  });
  return { proc: server.proc, pid: server.pid, baseUrl, writeUrl: `${baseUrl}/api/v1/write`, dataDir, dir, output: server.output, stop: server.stop };
}
