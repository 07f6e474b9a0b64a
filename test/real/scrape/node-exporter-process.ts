/**
 * Runs a real node exporter (Debian's /usr/bin/prometheus-node-exporter, 1.5;
 * `apt-get install -y prometheus-node-exporter`) for tests: a free loopback port, a small fixed
 * set of collectors so that its output has the same series on every scrape, ready when /metrics
 * answers 200, stopped by PID (SIGTERM, then SIGKILL).
 */
import { existsSync } from 'node:fs';
import { freePort } from '../../helpers/free-port.js';
import { spawnServer } from '../../helpers/server-process.js';

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
  const server = await spawnServer({
    name: 'node exporter',
    binary,
    args: [`--web.listen-address=${address}`, '--collector.disable-defaults', ...COLLECTORS.map((c) => `--collector.${c}`), '--log.level=warn'],
    readyTimeoutMs,
    defaultGraceMs: 5_000,
    isReady: async () => {
      const r = await fetch(`http://${address}/metrics`);
      await r.arrayBuffer();
      return r.status === 200;
    },
  });
  return { pid: server.pid, address, output: server.output, stop: server.stop };
}
