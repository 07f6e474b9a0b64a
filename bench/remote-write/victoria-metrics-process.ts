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
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../../test/helpers/free-port.js';

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
  const proc = spawn(binary, [`-storageDataPath=${dataDir}`, `-httpListenAddr=127.0.0.1:${port}`, '-loggerLevel=WARN', ...extraArgs], { stdio: ['ignore', 'pipe', 'pipe'], cwd: dir });
  let out = '';
  const collect = (chunk: Buffer): void => {
    out += chunk.toString();
    if (out.length > 400_000) out = out.slice(-200_000);
  };
  proc.stdout?.on('data', collect);
  proc.stderr?.on('data', collect);
  let exitCode: number | null | undefined;
  const exited = new Promise<void>((resolve) => {
    proc.on('exit', (code) => {
      exitCode = code;
      resolve();
    });
    proc.on('error', (e) => {
      out += `\nspawn error: ${e.message}`;
      exitCode = -1;
      resolve();
    });
  });

  let stopping: Promise<void> | null = null;
  const stop = (graceMs = 30_000): Promise<void> => {
    stopping ??= (async () => {
      if (exitCode === undefined && proc.pid !== undefined) {
        process.kill(proc.pid, 'SIGTERM');
        const killer = setTimeout(() => {
          if (exitCode === undefined && proc.pid !== undefined) process.kill(proc.pid, 'SIGKILL');
        }, graceMs);
        await exited;
        clearTimeout(killer);
      }
      rmSync(dir, { recursive: true, force: true });
    })();
    return stopping;
  };

  const baseUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (exitCode !== undefined) {
      await stop();
      throw new Error(`victoria-metrics exited with ${exitCode} before it was ready:\n${out.slice(-5000)}`);
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`victoria-metrics was not ready within 60 s:\n${out.slice(-5000)}`);
    }
    const ready = await fetch(`${baseUrl}/health`).then(
      async (r) => r.status === 200 && (await r.text()).trim() === 'OK',
      () => false,
    );
    if (ready) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  return { proc, pid: proc.pid as number, baseUrl, writeUrl: `${baseUrl}/api/v1/write`, dataDir, dir, output: () => out, stop };
}
