/**
 * What the benchmark reads from outside a server: directory sizes, resident memory from /proc,
 * and instant queries through the Prometheus HTTP API, which all three servers answer.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { httpGet } from '../promql/http.js';

/**
 * Apparent size (sum of file lengths, as bench/ingest/run.ts counts) of every file under
 * `dir`. Files that disappear while walking (a merge replacing parts) are skipped.
 */
export function dirBytes(dir: string): number {
  let total = 0;
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return 0;
  }
  for (const e of entries) {
    const p = join(dir, e.name);
    if (e.isDirectory()) total += dirBytes(p);
    else if (e.isFile()) {
      try {
        total += statSync(p).size;
      } catch {
        // removed since readdir
      }
    }
  }
  return total;
}

/** Current resident memory of a process in MiB (VmRSS from /proc), NaN if unknown. */
export function rssMiB(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : NaN;
  } catch {
    return NaN;
  }
}

/** CPU seconds (user + system, all threads) the process has used so far, from /proc; NaN if unknown. */
export function cpuSeconds(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    return (Number(fields[11]) + Number(fields[12])) / 100; // clock ticks, USER_HZ = 100
  } catch {
    return NaN;
  }
}

export interface Queryable {
  readonly baseUrl: string;
  /** Extra parameters for /api/v1/query (VictoriaMetrics: nocache=1). */
  readonly queryParams: Readonly<Record<string, string>>;
}

/** The single value of an instant query at `atMs`; undefined for an empty answer. Throws on an error answer. */
export async function queryScalar(server: Queryable, expr: string, atMs: number): Promise<number | undefined> {
  const params = new URLSearchParams({ query: expr, time: String(atMs / 1000), ...server.queryParams });
  const res = await httpGet(`${server.baseUrl}/api/v1/query?${params}`);
  if (res.status !== 200) throw new Error(`${expr}: ${res.status} ${res.body.trim().slice(0, 300)}`);
  const body = JSON.parse(res.body) as { data?: { result?: { value: [number, string] }[] } };
  const v = body.data?.result?.[0]?.value[1];
  return v === undefined ? undefined : Number(v);
}

/** Polls `expr` until it answers `want`; resolves with the ms waited, or undefined on timeout. */
export async function waitForValue(server: Queryable, expr: string, atMs: number, want: number, timeoutMs: number): Promise<number | undefined> {
  const started = performance.now();
  for (;;) {
    const v = await queryScalar(server, expr, atMs).catch(() => undefined);
    if (v === want) return performance.now() - started;
    if (performance.now() - started > timeoutMs) return undefined;
    await new Promise((r) => setTimeout(r, 250));
  }
}
