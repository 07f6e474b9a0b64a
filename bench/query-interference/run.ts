/**
 * `npm run bench:query-interference [-- --series 2000 --hours 6 --seconds 20 --query-hours 6]`
 *
 * Does a heavy PromQL query stall ingestion? Starts Omniscope (DuckDB, its own process), loads
 * `series` × `hours` of 15 s samples by remote write, then keeps a steady stream of small
 * remote-write requests going (fresh samples, 10 requests/s) and measures their latency for
 * `seconds`, first with no queries, then while heavy queries run back to back. Prints both
 * latency distributions side by side.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { startOmniscopeProcess } from '../../test/helpers/omniscope-process.js';
import { postRemoteWrite, sendRemoteWrite } from '../../test/helpers/remote-write-client.js';
import type { SeriesToWrite } from '../../test/helpers/remote-write-client.js';
import { encodeRemoteWriteBody } from '../../src/ingest/remote-write/index.js';

const { values } = parseArgs({
  options: {
    series: { type: 'string', default: '2000' },
    hours: { type: 'string', default: '6' },
    seconds: { type: 'string', default: '20' },
    'query-hours': { type: 'string' },
  },
});
const SERIES = Number(values.series);
const HOURS = Number(values.hours);
const SECONDS = Number(values.seconds);
/** How far back the heavy queries reach (default: all the stored data). */
const QUERY_HOURS = Number(values['query-hours'] ?? values.hours);
const STEP_MS = 15_000;
const HEAVY_QUERIES = [
  'sum by (job) (rate(bench_requests_total[5m]))',
  'max_over_time(sum by (instance) (rate(bench_requests_total[5m]))[1h:15s])',
  'quantile_over_time(0.9, bench_requests_total[30m])',
];

function history(endMs: number): SeriesToWrite[] {
  const points = (HOURS * 3_600_000) / STEP_MS;
  const out: SeriesToWrite[] = [];
  for (let s = 0; s < SERIES; s++) {
    const timestampsMs: number[] = [];
    const vals = new Float64Array(points);
    for (let i = 0; i < points; i++) {
      timestampsMs.push(endMs - (points - i) * STEP_MS);
      vals[i] = i * (1 + (s % 7));
    }
    out.push({ labels: { __name__: 'bench_requests_total', job: `job-${s % 10}`, instance: `host-${s}` }, timestampsMs, values: vals });
  }
  return out;
}

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] as number;
}

/** Sends one small remote-write request every 100 ms for `seconds`; returns latencies in ms. */
async function ingestLoop(url: string, seconds: number, seq: { n: number }): Promise<number[]> {
  const latencies: number[] = [];
  const until = performance.now() + seconds * 1000;
  while (performance.now() < until) {
    const tick = performance.now();
    const t = Date.now();
    const series = Array.from({ length: 50 }, (_, i) => ({ labels: { __name__: 'bench_live', i: String(i) }, timestampsMs: [t], values: [seq.n] }));
    seq.n++;
    const body = encodeRemoteWriteBody(series, []);
    const res = await postRemoteWrite(url, body);
    if (res.status !== 204) throw new Error(`ingest answered ${res.status}: ${res.body}`);
    latencies.push(performance.now() - tick);
    const wait = 100 - (performance.now() - tick);
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
  }
  return latencies.sort((a, b) => a - b);
}

async function queryLoop(baseUrl: string, stop: { done: boolean }, durations: number[]): Promise<void> {
  const end = Date.now() / 1000;
  let k = 0;
  while (!stop.done) {
    const query = HEAVY_QUERIES[k++ % HEAVY_QUERIES.length] as string;
    const params = new URLSearchParams({ query, start: String(end - QUERY_HOURS * 3600), end: String(end), step: '15s' });
    const started = performance.now();
    const res = await fetch(`${baseUrl}/api/v1/query_range?${params.toString()}`);
    await res.arrayBuffer();
    if (res.status !== 200) throw new Error(`query answered ${res.status}`);
    durations.push(performance.now() - started);
  }
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'omniscope-bench-qi-'));
  const server = await startOmniscopeProcess(dir);
  const baseUrl = `http://127.0.0.1:${server.httpPort}`;
  const writeUrl = `${baseUrl}/api/v1/write`;
  try {
    const loadStart = performance.now();
    await sendRemoteWrite(writeUrl, history(Date.now() - 60_000), { maxSamplesPerRequest: 10_000 });
    console.error(`loaded ${SERIES} series × ${HOURS} h in ${((performance.now() - loadStart) / 1000).toFixed(1)} s`);
    const seq = { n: 0 };
    const idle = await ingestLoop(writeUrl, SECONDS, seq);
    const stop = { done: false };
    const queryDurations: number[] = [];
    const queries = queryLoop(baseUrl, stop, queryDurations);
    const busy = await ingestLoop(writeUrl, SECONDS, seq);
    stop.done = true;
    await queries;
    queryDurations.sort((a, b) => a - b);
    const row = (name: string, l: number[]): string =>
      `| ${name} | ${l.length} | ${percentile(l, 0.5).toFixed(1)} | ${percentile(l, 0.99).toFixed(1)} | ${(l[l.length - 1] ?? NaN).toFixed(1)} |`;
    console.log(`\nRemote-write latency (50 samples/request, 10 requests/s), ${SERIES} series × ${HOURS} h stored\n`);
    console.log('| phase | requests | p50 ms | p99 ms | max ms |');
    console.log('| --- | ---: | ---: | ---: | ---: |');
    console.log(row('no queries', idle));
    console.log(row('heavy queries running', busy));
    console.log(`\nheavy queries completed meanwhile: ${queryDurations.length}, p50 ${percentile(queryDurations, 0.5).toFixed(0)} ms, max ${(queryDurations[queryDurations.length - 1] ?? NaN).toFixed(0)} ms`);
  } finally {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
