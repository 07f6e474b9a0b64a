/**
 * The three servers under test, each started fresh on a free loopback port with its own temp
 * directory and its out-of-the-box settings, behind one small interface. Each knows how to
 * make what it was sent searchable (`flush`) and how to bring its data to the state it keeps
 * for the long run before its bytes on disk are counted (`settleDisk`):
 *
 * - Omniscope (DuckDB, defaults): POST /-/compact moves the samples (all in the current hour
 *   or two, which Omniscope would compact by itself once each hour closes) from rows into
 *   per-series chunks, the counterpart of Prometheus's snapshot below; then SIGTERM commits and
 *   CHECKPOINTs DuckDB; the figure is the data directory after exit minus the blocks DuckDB
 *   keeps free inside its file (the rows' space before compaction, reused by later rows).
 * - Prometheus 2.42 (defaults plus --web.enable-admin-api): after a 1 h load the data is all
 *   in the head (WAL + head chunks); POST /api/v1/admin/tsdb/snapshot?skip_head=false writes
 *   the head as a persistent block (index + chunks) into data/snapshots/NAME, and the figure is
 *   that directory (it also holds hard links to any blocks already compacted).
 * - VictoriaMetrics 1.79 (defaults plus -retentionPeriod=15d, Prometheus's default):
 *   /internal/force_flush, then /internal/force_merge for each month partition the data falls
 *   in, waiting until /metrics shows no merge running; the figure is the whole
 *   -storageDataPath (data parts and indexdb).
 *
 * `stop` ends the process by PID and removes its directory; it is idempotent.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Dataset } from '../promql/data.js';
import { httpGet } from '../promql/http.js';
import { startOmniscopeProcess } from '../../test/helpers/omniscope-process.js';
import { prometheusAvailable, startPrometheus } from '../../test/helpers/prometheus-process.js';
import { DuckDBInstance } from '@duckdb/node-api';
import { dirBytes } from './probes.js';
import type { Queryable } from './probes.js';
import { startVictoriaMetrics, victoriaMetricsAvailable } from './victoria-metrics-process.js';

export const SERVER_KINDS = ['omniscope', 'prometheus', 'victoriametrics'] as const;
export type ServerKind = (typeof SERVER_KINDS)[number];

export const SERVER_LABEL: Record<ServerKind, string> = {
  omniscope: 'Omniscope',
  prometheus: 'Prometheus 2.42',
  victoriametrics: 'VictoriaMetrics 1.79',
};

/** How the bytes-on-disk figure is obtained, in a few words for the table. */
export const DISK_METHOD: Record<ServerKind, string> = {
  omniscope: 'data dir after POST /-/compact + SIGTERM, free blocks out',
  prometheus: 'TSDB snapshot incl. head (head written as a block)',
  victoriametrics: 'storageDataPath after force_flush + force_merge',
};

export interface DiskFigure {
  readonly bytes: number;
  /** Anything odd about the figure, e.g. a non-zero exit code. */
  readonly note?: string;
}

export interface Target extends Queryable {
  readonly kind: ServerKind;
  readonly pid: number;
  readonly writeUrl: string;
  /** Where the server keeps its data (sized as is for the "live" figure). */
  readonly dataDir: string;
  /** Makes everything acknowledged searchable. */
  flush(): Promise<void>;
  /** Brings the data to its long-run form and sizes it; may stop the server (Omniscope). */
  settleDisk(ds: Dataset): Promise<DiskFigure>;
  output(): string;
  stop(): Promise<void>;
}

/** Why `kind` cannot run on this machine, or undefined when it can. */
export function unavailableReason(kind: ServerKind): string | undefined {
  if (kind === 'prometheus' && !prometheusAvailable()) return 'Prometheus is not installed (/usr/bin/prometheus; `apt-get install -y prometheus`)';
  if (kind === 'victoriametrics' && !victoriaMetricsAvailable()) return 'VictoriaMetrics is not installed (/usr/bin/victoria-metrics; `apt-get install -y victoria-metrics`)';
  return undefined;
}

export function startTarget(kind: ServerKind): Promise<Target> {
  if (kind === 'omniscope') return startOmniscope();
  if (kind === 'prometheus') return startPrometheusTarget();
  return startVictoriaMetricsTarget();
}

const noFlush = (): Promise<void> => Promise.resolve();

/**
 * Bytes of the blocks DuckDB keeps free in its file: the space the rows took before they were
 * compacted, which DuckDB hands to the next hours' rows (it only shortens the file when the free
 * blocks are at its end). Counted out like Prometheus's WAL, the landing space of its samples.
 */
async function duckdbFreeBytes(file: string): Promise<number> {
  const instance = await DuckDBInstance.create(file, { access_mode: 'READ_ONLY' });
  try {
    const conn = await instance.connect();
    const row = (await conn.runAndReadAll('PRAGMA database_size')).getRowObjects()[0];
    conn.closeSync();
    return Number(row?.free_blocks ?? 0) * Number(row?.block_size ?? 0);
  } finally {
    instance.closeSync();
  }
}

async function startOmniscope(): Promise<Target> {
  const dir = mkdtempSync(join(tmpdir(), 'omniscope-bench-rw-'));
  const dataDir = join(dir, 'data');
  const omni = await startOmniscopeProcess(dataDir, ['--log-level', 'warn']).catch((e: unknown) => {
    rmSync(dir, { recursive: true, force: true });
    throw e;
  });
  let exited: Promise<number | null> | undefined;
  const stopGracefully = (): Promise<number | null> =>
    (exited ??= (async () => {
      const killer = setTimeout(() => void omni.kill9(), 300_000);
      const code = await omni.stop();
      clearTimeout(killer);
      return code;
    })());
  let stopping: Promise<void> | undefined;
  const baseUrl = `http://127.0.0.1:${omni.httpPort}`;
  return {
    kind: 'omniscope',
    pid: omni.proc.pid as number,
    baseUrl,
    writeUrl: `${baseUrl}/api/v1/write`,
    queryParams: {},
    dataDir,
    flush: noFlush,
    async settleDisk() {
      const res = await fetch(`${baseUrl}/-/compact`, { method: 'POST' });
      if (res.status !== 200) throw new Error(`Omniscope compaction failed: ${res.status} ${await res.text()}`);
      const { data } = (await res.json()) as { data: { rowsCompacted: number; durationSeconds: number } };
      const compacted = `${data.rowsCompacted.toLocaleString('en-US')} rows compacted in ${data.durationSeconds.toFixed(1)} s`;
      const code = await stopGracefully();
      if (code !== 0) return { bytes: dirBytes(dataDir), note: `${compacted}; Omniscope exited with ${code} on SIGTERM` };
      const free = await duckdbFreeBytes(join(dataDir, 'omniscope.duckdb'));
      const total = dirBytes(dataDir);
      return { bytes: total - free, note: `${compacted}; files ${(total / 2 ** 20).toFixed(1)} MiB minus ${(free / 2 ** 20).toFixed(1)} MiB of free DuckDB blocks` };
    },
    output: omni.output,
    stop: () =>
      (stopping ??= (async () => {
        await stopGracefully();
        rmSync(dir, { recursive: true, force: true });
      })()),
  };
}

async function startPrometheusTarget(): Promise<Target> {
  const prom = await startPrometheus({ extraArgs: ['--web.enable-admin-api'] });
  const dataDir = join(prom.dir, 'data');
  return {
    kind: 'prometheus',
    pid: prom.pid,
    baseUrl: prom.baseUrl,
    writeUrl: prom.writeUrl,
    queryParams: {},
    dataDir,
    flush: noFlush,
    async settleDisk() {
      const res = await fetch(`${prom.baseUrl}/api/v1/admin/tsdb/snapshot?skip_head=false`, { method: 'POST' });
      const body = (await res.json()) as { status?: string; data?: { name?: string }; error?: string };
      const name = body.data?.name;
      if (res.status !== 200 || name === undefined) throw new Error(`Prometheus snapshot failed: ${res.status} ${body.error ?? JSON.stringify(body)}`);
      return { bytes: dirBytes(join(dataDir, 'snapshots', name)) };
    },
    output: prom.output,
    stop: () => prom.stop(),
  };
}

/** The sum of every sample of metric `name` on a /metrics page. */
function metricSum(page: string, name: string): number {
  let sum = 0;
  for (const m of page.matchAll(new RegExp(`^${name}(?:\\{[^}]*\\})? (\\S+)$`, 'gm'))) sum += Number(m[1]);
  return sum;
}

/** The UTC months (YYYY_MM, VictoriaMetrics's partition names) that [startMs, endMs] touches. */
function monthPartitions(startMs: number, endMs: number): string[] {
  const out = new Set<string>();
  for (const t of [startMs, endMs]) {
    const d = new Date(t);
    out.add(`${d.getUTCFullYear()}_${String(d.getUTCMonth() + 1).padStart(2, '0')}`);
  }
  return [...out];
}

async function startVictoriaMetricsTarget(): Promise<Target> {
  const vm = await startVictoriaMetrics(['-retentionPeriod=15d']);
  const get = async (path: string): Promise<string> => {
    const res = await httpGet(vm.baseUrl + path);
    if (res.status !== 200) throw new Error(`VictoriaMetrics ${path}: ${res.status} ${res.body.trim().slice(0, 300)}`);
    return res.body;
  };
  const flush = async (): Promise<void> => {
    await get('/internal/force_flush');
  };
  return {
    kind: 'victoriametrics',
    pid: vm.pid,
    baseUrl: vm.baseUrl,
    writeUrl: vm.writeUrl,
    // The rollup result cache could keep an answer computed before everything was flushed.
    queryParams: { nocache: '1' },
    dataDir: vm.dataDir,
    flush,
    async settleDisk(ds) {
      await flush();
      for (const p of monthPartitions(ds.startMs, ds.endMs)) await get(`/internal/force_merge?partition_prefix=${p}`);
      // force_merge answers at once and merges in the background: wait for two quiet polls in
      // a row (the first poll may come before the merge has registered itself).
      const deadline = Date.now() + 600_000;
      let quiet = 0;
      let page = '';
      while (quiet < 2) {
        if (Date.now() > deadline) throw new Error('VictoriaMetrics merges still running after 10 minutes');
        await new Promise((r) => setTimeout(r, 1000));
        page = await get('/metrics');
        quiet = metricSum(page, 'vm_active_force_merges') + metricSum(page, 'vm_active_merges') === 0 ? quiet + 1 : 0;
      }
      const reported = metricSum(page, 'vm_data_size_bytes');
      return { bytes: dirBytes(vm.dataDir), note: `vm_data_size_bytes says ${reported.toLocaleString('en-US')} B` };
    },
    output: vm.output,
    stop: () => vm.stop(),
  };
}
