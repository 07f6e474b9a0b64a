/**
 * `npm run bench:ingest [-- --duration 60 --signals traces,metrics,logs]`
 *
 * For each signal: starts a fresh Omniscope (DuckDB in a temp dir) as its own process, runs the
 * load generator as another process for the duration, stops Omniscope with SIGTERM (which
 * checkpoints), then reports sustained records/s, request latency p50/p99 seen by the client,
 * Omniscope's CPU time per record (user + system, from /proc: steadier than throughput on a
 * shared machine), its peak RSS (VmHWM from /proc) and bytes on disk per record.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { startOmniscopeProcess } from '../../test/helpers/omniscope-process.js';

const { values } = parseArgs({
  options: {
    duration: { type: 'string', default: '60' },
    signals: { type: 'string', default: 'traces,metrics,logs' },
    concurrency: { type: 'string', default: '4' },
  },
});
const BATCH: Record<string, number> = { traces: 1000, metrics: 2000, logs: 1000 };

function dirBytes(dir: string): number {
  let total = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    total += e.isDirectory() ? dirBytes(p) : statSync(p).size;
  }
  return total;
}

/** CPU seconds (user + system) the process has used so far, from /proc. */
function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

function peakRssBytes(pid: number): number {
  const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) * 1024 : NaN;
}

interface LoadResult {
  signal: string;
  records: number;
  requests: number;
  failures: number;
  elapsedS: number;
  p50Ms: number;
  p99Ms: number;
}

async function runLoad(url: string, signal: string): Promise<LoadResult> {
  const script = fileURLToPath(new URL('./load.ts', import.meta.url));
  const child = spawn(process.execPath, ['--import', 'tsx', script, '--url', url, '--signal', signal, '--duration', values.duration as string, '--concurrency', values.concurrency as string, '--batch', String(BATCH[signal])], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.on('data', (c: Buffer) => (out += c.toString()));
  const code = await new Promise<number | null>((r) => child.on('exit', r));
  if (code !== 0) throw new Error(`load generator exited with ${code}`);
  return JSON.parse(out.trim().split('\n').pop() as string) as LoadResult;
}

const rows: string[][] = [];
for (const signal of (values.signals as string).split(',')) {
  const dataDir = mkdtempSync(join(tmpdir(), 'omniscope-bench-'));
  const omni = await startOmniscopeProcess(dataDir, ['--log-level', 'warn']);
  process.stderr.write(`${signal}: loading for ${values.duration} s ...\n`);
  const progress = setInterval(() => process.stderr.write('.'), 5000);
  let r: LoadResult;
  let rss: number;
  let serverCpu: number;
  try {
    const cpuBefore = cpuSeconds(omni.proc.pid as number);
    r = await runLoad(`http://127.0.0.1:${omni.otlpHttpPort}`, signal);
    serverCpu = cpuSeconds(omni.proc.pid as number) - cpuBefore;
    rss = peakRssBytes(omni.proc.pid as number);
  } catch (e) {
    await omni.kill9();
    rmSync(dataDir, { recursive: true, force: true });
    throw e;
  } finally {
    clearInterval(progress);
  }
  await omni.stop();
  const bytes = dirBytes(dataDir);
  rmSync(dataDir, { recursive: true, force: true });
  process.stderr.write(`\n`);
  rows.push([
    signal,
    Math.round(r.records / r.elapsedS).toLocaleString('en-US'),
    r.requests.toLocaleString('en-US'),
    String(r.failures),
    r.p50Ms.toFixed(1),
    r.p99Ms.toFixed(1),
    ((serverCpu * 1e6) / Math.max(1, r.records)).toFixed(1),
    (rss / 1024 / 1024).toFixed(0),
    (bytes / Math.max(1, r.records)).toFixed(1),
  ]);
}

const header = ['signal', 'records/s', 'requests', 'failed', 'p50 ms', 'p99 ms', 'server CPU µs/record', 'peak RSS MiB', 'disk B/record'];
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] as string).length)));
const line = (cells: string[]): string => `| ${cells.map((c, i) => c.padStart(widths[i] as number)).join(' | ')} |`;
console.log(`\nOmniscope OTLP/HTTP protobuf ingest, ${values.duration} s per signal, concurrency ${values.concurrency}, batch sizes ${JSON.stringify(BATCH)}`);
console.log(line(header));
console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
for (const r of rows) console.log(line(r));
