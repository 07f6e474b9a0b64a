/**
 * Runs a real node exporter (Debian's /usr/bin/prometheus-node-exporter, 1.5;
 * `apt-get install -y prometheus-node-exporter`) for tests: a free loopback port, a small fixed
 * set of collectors so that its output has the same series on every scrape, ready when /metrics
 * answers 200, stopped by PID (SIGTERM, then SIGKILL).
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { freePort } from '../../helpers/free-port.js';

export const NODE_EXPORTER_BINARY = '/usr/bin/prometheus-node-exporter';

/**
 * Collectors whose series do not come and go while the host is otherwise idle: no per-process,
 * per-socket or hardware-sensor collectors. `cpu` without `--collector.cpu.info`, `netdev` and
 * `filesystem` with their default device and mount point exclusions.
 */
const COLLECTORS = ['cpu', 'meminfo', 'loadavg', 'filesystem', 'netdev', 'stat', 'time', 'uname'];

export interface NodeExporterProcess {
  readonly pid: number;
  /** 127.0.0.1:port, as it appears in scrape configs and in the `instance` label. */
  readonly address: string;
  /** What the node exporter logged so far (last 100 KB). */
  output(): string;
  /** SIGTERM, SIGKILL after `graceMs`. Idempotent. */
  stop(graceMs?: number): Promise<void>;
}

export function nodeExporterAvailable(binary = NODE_EXPORTER_BINARY): boolean {
  return existsSync(binary);
}

/** Starts the node exporter and resolves once /metrics answers 200; rejects (after stopping it) otherwise. */
export async function startNodeExporter(binary = NODE_EXPORTER_BINARY, readyTimeoutMs = 20_000): Promise<NodeExporterProcess> {
  if (!existsSync(binary)) throw new Error(`${binary} not found: install it with \`apt-get install -y prometheus-node-exporter\` (as root)`);
  const address = `127.0.0.1:${await freePort()}`;
  const proc = spawn(binary, [`--web.listen-address=${address}`, '--collector.disable-defaults', ...COLLECTORS.map((c) => `--collector.${c}`), '--log.level=warn'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const collect = (chunk: Buffer): void => {
    out += chunk.toString();
    if (out.length > 200_000) out = out.slice(-100_000);
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
  const stop = (graceMs = 5_000): Promise<void> => {
    stopping ??= (async () => {
      if (exitCode !== undefined || proc.pid === undefined) return;
      process.kill(proc.pid, 'SIGTERM');
      const killer = setTimeout(() => {
        if (exitCode === undefined && proc.pid !== undefined) process.kill(proc.pid, 'SIGKILL');
      }, graceMs);
      await exited;
      clearTimeout(killer);
    })();
    return stopping;
  };

  const deadline = Date.now() + readyTimeoutMs;
  for (;;) {
    if (exitCode !== undefined) {
      await stop();
      throw new Error(`node exporter exited with ${exitCode} before it was ready:\n${out.slice(-5000)}`);
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`node exporter was not ready within ${readyTimeoutMs} ms:\n${out.slice(-5000)}`);
    }
    const ready = await fetch(`http://${address}/metrics`).then(
      async (r) => {
        await r.arrayBuffer();
        return r.status === 200;
      },
      () => false,
    );
    if (ready) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  return { pid: proc.pid as number, address, output: () => out, stop };
}
