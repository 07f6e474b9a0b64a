/**
 * One pair of fresh servers per dataset: Prometheus 2.42 (remote write receiver, no scrape
 * jobs, its own temp dir) and Omniscope as its own process (DuckDB in a temp dir, PromQL in
 * prometheus2 compatibility so both answer the same). `stop` ends both by PID and removes
 * their directories; it is idempotent.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startOmniscopeProcess } from '../../test/helpers/omniscope-process.js';
import type { OmniscopeProcess } from '../../test/helpers/omniscope-process.js';
import { startPrometheus } from '../../test/helpers/prometheus-process.js';
import type { PrometheusProcess } from '../../test/helpers/prometheus-process.js';

const OMNISCOPE_CONFIG = `storage:
  backend: duckdb
promql:
  compatibility: prometheus2
log:
  level: warn
`;

export interface ServerPair {
  readonly prometheus: PrometheusProcess;
  readonly omniscope: OmniscopeProcess;
  readonly prometheusUrl: string;
  readonly omniscopeUrl: string;
  readonly omniscopeDir: string;
  stop(): Promise<void>;
}

export async function startPair(): Promise<ServerPair> {
  const prometheus = await startPrometheus();
  const omniscopeDir = mkdtempSync(join(tmpdir(), 'omniscope-bench-promql-'));
  let omniscope: OmniscopeProcess;
  try {
    const configFile = join(omniscopeDir, 'omniscope.yml');
    writeFileSync(configFile, OMNISCOPE_CONFIG);
    omniscope = await startOmniscopeProcess(join(omniscopeDir, 'data'), ['--config', configFile]);
  } catch (e) {
    await prometheus.stop();
    rmSync(omniscopeDir, { recursive: true, force: true });
    throw e;
  }
  let stopping: Promise<void> | undefined;
  return {
    prometheus,
    omniscope,
    prometheusUrl: prometheus.baseUrl,
    omniscopeUrl: `http://127.0.0.1:${omniscope.httpPort}`,
    omniscopeDir,
    stop: () =>
      (stopping ??= (async () => {
        const omniscopeStopped = (async () => {
          const killer = setTimeout(() => void omniscope.kill9(), 30_000);
          await omniscope.stop();
          clearTimeout(killer);
          rmSync(omniscopeDir, { recursive: true, force: true });
        })();
        await Promise.all([prometheus.stop(), omniscopeStopped]);
      })()),
  };
}

/** Peak resident memory of a process so far, in MiB (VmHWM from /proc). */
export function peakRssMiB(pid: number | undefined): number {
  if (pid === undefined) return NaN;
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : NaN;
  } catch {
    return NaN;
  }
}
