/**
 * Runs a real Prometheus (Debian's /usr/bin/prometheus, 2.42; `apt-get install -y prometheus`)
 * for tests: its own temporary directory for config and TSDB, a free loopback port, the remote
 * write receiver enabled (POST /api/v1/write), ready when /-/ready answers 200, stopped by PID
 * (SIGTERM, then SIGKILL) with the directory removed.
 *
 * Writing history into it with remote write (e.g. with sendRemoteWrite from
 * remote-write-client.ts), Prometheus 2.42's TSDB rules, measured in
 * test/real/prometheus-remote-write.test.ts:
 * - Without an out-of-order window (the default), a sample is refused with 400 "out of
 *   bounds" when it is older than (the newest sample in the head) - 1h (half the 2h block
 *   range), and with 400 "out of order sample" when it is older than its series' last sample.
 *   A fresh Prometheus with no scrape jobs has an empty head, so ANY span of history (e.g.
 *   the last 2 hours, or days) is accepted when sent in global time order, oldest first, across
 *   all series: that is what sendRemoteWrite does. Do not let it scrape (it would put "now"
 *   into the head and make everything older than 1h out of bounds).
 * - With `storage: { tsdb: { out_of_order_time_window: 3h } }` in the config (an option the
 *   `outOfOrderWindow` option below writes), samples may arrive in any order as long as they
 *   are newer than (newest sample in the head) - 3h; use it to write series one after the
 *   other, or to write 2h of history into a Prometheus that is also scraping.
 * - Samples are never refused for being old relative to the wall clock, only relative to the
 *   head; but data older than --storage.tsdb.retention.time (15d) is deleted at the next
 *   compaction, so keep generated data within the last few days.
 * A refusal fails the whole request (400, nothing of it stored), unlike Omniscope which stores
 * the rest.
 */
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './free-port.js';
import { spawnServer } from './server-process.js';

export const PROMETHEUS_BINARY = '/usr/bin/prometheus';

export interface StartPrometheusOptions {
  /**
   * prometheus.yml text, or a function of the port Prometheus will listen on (to scrape
   * itself). Default: no scrape jobs, so nothing but remote writes enters the TSDB.
   */
  readonly config?: string | ((port: number) => string);
  /** Adds `storage.tsdb.out_of_order_time_window` to a config given as text or the default one. */
  readonly outOfOrderWindow?: string;
  readonly extraArgs?: readonly string[];
  readonly binary?: string;
  /**
   * The loopback port to listen on. Default: a free one. Pass one from freePort() when another
   * process must be configured with Prometheus's address before Prometheus starts.
   */
  readonly port?: number;
  readonly readyTimeoutMs?: number;
}

export interface PrometheusProcess {
  readonly proc: ChildProcess;
  readonly pid: number;
  readonly port: number;
  /** http://127.0.0.1:port */
  readonly baseUrl: string;
  /** The remote write receiver: baseUrl + /api/v1/write */
  readonly writeUrl: string;
  readonly dir: string;
  /** What Prometheus logged so far (last 200 KB). */
  output(): string;
  /** SIGTERM, SIGKILL after `graceMs`, then removes the directory. Idempotent. */
  stop(graceMs?: number): Promise<void>;
}

/** True when the Prometheus binary is installed. */
export function prometheusAvailable(binary = PROMETHEUS_BINARY): boolean {
  return existsSync(binary);
}

/** Starts Prometheus and resolves once /-/ready answers 200; rejects (after cleaning up) otherwise. */
export async function startPrometheus(options: StartPrometheusOptions = {}): Promise<PrometheusProcess> {
  const binary = options.binary ?? PROMETHEUS_BINARY;
  if (!existsSync(binary)) throw new Error(`${binary} not found: install it with \`apt-get install -y prometheus\` (as root)`);
  const port = options.port ?? (await freePort());
  const dir = mkdtempSync(join(tmpdir(), 'omniscope-prometheus-'));
  let config = typeof options.config === 'function' ? options.config(port) : (options.config ?? 'global:\n  scrape_interval: 15s\n');
  if (options.outOfOrderWindow !== undefined) config += `\nstorage:\n  tsdb:\n    out_of_order_time_window: ${options.outOfOrderWindow}\n`;
  const configFile = join(dir, 'prometheus.yml');
  writeFileSync(configFile, config);
  const baseUrl = `http://127.0.0.1:${port}`;
  const server = await spawnServer({
    name: 'prometheus',
    binary,
    args: [
      `--config.file=${configFile}`,
      `--storage.tsdb.path=${join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--web.enable-remote-write-receiver',
      '--log.level=info',
      ...(options.extraArgs ?? []),
    ],
    cwd: dir,
    removeDir: dir,
    readyTimeoutMs: options.readyTimeoutMs ?? 60_000,
    isReady: async () => (await fetch(`${baseUrl}/-/ready`)).status === 200,
  });
  return {
    proc: server.proc,
    pid: server.pid,
    port,
    baseUrl,
    writeUrl: `${baseUrl}/api/v1/write`,
    dir,
    output: server.output,
    stop: server.stop,
  };
}

/** GET /api/v1/query on a Prometheus (or Omniscope) and return `data.result`; throws on an error status. */
export async function queryPrometheus<T = { metric: Record<string, string>; value: [number, string] }[]>(
  baseUrl: string,
  query: string,
  timeSec?: number,
): Promise<T> {
  const params = new URLSearchParams({ query });
  if (timeSec !== undefined) params.set('time', String(timeSec));
  const res = await fetch(`${baseUrl}/api/v1/query?${params}`);
  const body = (await res.json()) as { status: string; data?: { result: T }; error?: string };
  if (res.status !== 200 || body.status !== 'success' || body.data === undefined) {
    throw new Error(`query ${query} on ${baseUrl}: ${res.status} ${body.error ?? JSON.stringify(body)}`);
  }
  return body.data.result;
}
