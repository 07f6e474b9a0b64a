/**
 * `npm run bench:remote-write [-- --datasets 10k,100k --servers omniscope,prometheus,victoriametrics]`
 *
 * Remote write ingest of one generated dataset (bench/promql/data.ts: counters, gauges,
 * classic histograms, info series; N series x 1 h at 15 s, ending two minutes ago) into
 * Omniscope, Prometheus 2.42 and VictoriaMetrics 1.79, one fresh server at a time
 * (targets.ts). Per dataset the data is encoded once (encoded-dataset.ts), then for each
 * server: start, load (send.ts), wait until every series is counted,
 * read peak RSS, verify series and sample counts, bring the data to its settled on-disk form
 * and size it, stop. Prints a Markdown table per dataset (report.ts). Progress goes to
 * stderr, results to stdout. A server that is not installed is skipped with a note.
 */
import { parseArgs } from 'node:util';
import { defineDataset } from '../promql/data.js';
import type { Dataset } from '../promql/data.js';
import { closeHttp, httpGet } from '../promql/http.js';
import { peakRssMiB } from '../promql/servers.js';
import { encodeDataset } from './encoded-dataset.js';
import type { EncodedDataset } from './encoded-dataset.js';
import { cpuSeconds, dirBytes, queryScalar, rssMiB, waitForValue } from './probes.js';
import { detailLines, FOOTNOTES, ingestRate, markdownTable, ratioLines } from './report.js';
import type { ServerResult } from './report.js';
import { sendDataset } from './send.js';
import { SERVER_KINDS, SERVER_LABEL, startTarget, unavailableReason } from './targets.js';
import type { ServerKind, Target } from './targets.js';

const USAGE = `Usage: npm run bench:remote-write -- [options]

Remote write ingest into Omniscope, Prometheus 2.42 and VictoriaMetrics 1.79, one server at a
time, on the same generated data: ingest samples/s, peak RSS, RSS per series, bytes on disk
per sample, and a check of the series and sample counts each server reports.

Options:
  --datasets LIST     series counts, e.g. 10k,100k (default 10k,100k)
  --servers LIST      any of omniscope,prometheus,victoriametrics (default all three)
  --hours H           hours of data per series at 15 s (default 1)
  --concurrency N     remote write shards, i.e. requests in flight (default 4)
  --batch N           samples per request at most (default 2000)
  --runs N            loads per server, each into a fresh server; the table shows the
                      run with the median ingest rate (default 1)
  --help              this text
`;

const { values } = parseArgs({
  options: {
    datasets: { type: 'string', default: '10k,100k' },
    servers: { type: 'string', default: SERVER_KINDS.join(',') },
    hours: { type: 'string', default: '1' },
    concurrency: { type: 'string', default: '4' },
    batch: { type: 'string', default: '2000' },
    runs: { type: 'string', default: '1' },
    help: { type: 'boolean', default: false },
  },
});

if (values.help) {
  process.stdout.write(USAGE);
  process.exit(0);
}

function positive(name: string, text: string, integer: boolean): number {
  const v = Number(text);
  if (!Number.isFinite(v) || v <= 0 || (integer && !Number.isInteger(v))) throw new Error(`--${name} must be a positive ${integer ? 'integer' : 'number'}, got ${text}`);
  return v;
}

function seriesCount(name: string): number {
  const m = /^(\d+(?:\.\d+)?)([km]?)$/i.exec(name.trim());
  if (m === null) throw new Error(`--datasets: "${name}" is not a series count like 10k or 100k`);
  return Math.round(Number(m[1]) * ({ '': 1, k: 1e3, m: 1e6 }[(m[2] as string).toLowerCase()] as number));
}

const hours = positive('hours', values.hours, false);
const concurrency = positive('concurrency', values.concurrency, true);
const batch = positive('batch', values.batch, true);
const runs = positive('runs', values.runs, true);
const datasets = values.datasets.split(',').map((name) => ({ name: name.trim(), series: seriesCount(name) }));
const servers: ServerKind[] = [];
for (const s of values.servers.split(',').map((x) => x.trim().toLowerCase())) {
  if (!(SERVER_KINDS as readonly string[]).includes(s)) throw new Error(`--servers: unknown server "${s}" (known: ${SERVER_KINDS.join(', ')})`);
  const why = unavailableReason(s as ServerKind);
  if (why === undefined) servers.push(s as ServerKind);
  else console.log(`Note: skipping ${SERVER_LABEL[s as ServerKind]}: ${why}.`);
}

const log = (line: string): void => void process.stderr.write(`${line}\n`);

const running = new Set<Target>();
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    log(`\n${signal}: stopping servers ...`);
    void Promise.all([...running].map((t) => t.stop())).finally(() => process.exit(130));
  });
}

const seriesExpr = 'count({__name__=~".+"})';

/**
 * Every sample stored in the dataset's range: sum(count_over_time(...)) per metric name, added
 * up. One query over all names would fail on Prometheus 2.42, where dropping the names leaves
 * duplicate label sets (e.g. a histogram's _sum and _count).
 */
async function storedSamples(t: Target, ds: Dataset): Promise<number> {
  const params = new URLSearchParams({ query: 'count by (__name__) ({__name__=~".+"})', time: String(ds.endMs / 1000), ...t.queryParams });
  const res = await httpGet(`${t.baseUrl}/api/v1/query?${params}`);
  if (res.status !== 200) throw new Error(`metric names: ${res.status} ${res.body.trim().slice(0, 300)}`);
  const names = (JSON.parse(res.body) as { data: { result: { metric: { __name__: string } }[] } }).data.result.map((r) => r.metric.__name__);
  let total = 0;
  for (const name of names) total += (await queryScalar(t, `sum(count_over_time({__name__="${name}"}[${(ds.endMs - ds.startMs) / 1000}s]))`, ds.endMs)) ?? 0;
  return total;
}

async function measure(kind: ServerKind, data: EncodedDataset): Promise<ServerResult> {
  const { ds } = data;
  const want = { wantSeries: ds.series, wantSamples: data.samples };
  const failed = (e: unknown): ServerResult => ({ kind, ...want, error: e instanceof Error ? e.message : String(e), samples: 0, requests: 0, retries: 0, elapsedMs: NaN, cpuS: NaN, idleRssMiB: NaN, peakRssMiB: NaN, series: ds.series, liveBytes: NaN, diskBytes: NaN, queryableMs: undefined, seriesSeen: undefined, samplesSeen: undefined });
  let t: Target;
  try {
    t = await startTarget(kind);
  } catch (e) {
    log(`  ${SERVER_LABEL[kind]} did not start: ${e instanceof Error ? e.message : String(e)}`);
    return failed(e);
  }
  running.add(t);
  log(`  ${SERVER_LABEL[kind]}: pid ${t.pid}, ${t.baseUrl}, data in ${t.dataDir}`);
  try {
    await new Promise((r) => setTimeout(r, 1000)); // let start-up work settle before the idle reading
    const idleRssMiB = rssMiB(t.pid);
    const cpuBefore = cpuSeconds(t.pid);
    const load = await sendDataset(data, t.writeUrl, `${ds.name} -> ${SERVER_LABEL[kind]}`, log);
    const cpuS = cpuSeconds(t.pid) - cpuBefore;
    const queryableMs = await waitForValue(t, seriesExpr, ds.endMs, ds.series, 120_000);
    const peak = peakRssMiB(t.pid);
    const liveBytes = dirBytes(t.dataDir);
    log(`  ${SERVER_LABEL[kind]}: loaded in ${(load.elapsedMs / 1000).toFixed(1)} s; verifying counts ...`);
    await t.flush();
    const seriesSeen = await queryScalar(t, seriesExpr, ds.endMs);
    const samplesSeen = await storedSamples(t, ds);
    log(`  ${SERVER_LABEL[kind]}: settling data on disk ...`);
    const disk = await t.settleDisk(ds);
    return {
      kind,
      ...want,
      samples: load.samples,
      requests: load.requests,
      retries: load.retries,
      elapsedMs: load.elapsedMs,
      cpuS,
      idleRssMiB,
      peakRssMiB: peak,
      series: ds.series,
      liveBytes,
      diskBytes: disk.bytes,
      ...(disk.note !== undefined ? { diskNote: disk.note } : {}),
      queryableMs,
      seriesSeen,
      samplesSeen,
    };
  } catch (e) {
    log(`  ${SERVER_LABEL[kind]} failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n--- its output (last 3000 chars):\n${t.output().slice(-3000)}`);
    return failed(e);
  } finally {
    await t.stop();
    running.delete(t);
  }
}

async function benchDataset(name: string, target: number): Promise<void> {
  // End two minutes before now, on a whole minute: inside every server's retention, and a
  // fresh Prometheus accepts any span of history sent in time order.
  const endMs = Math.floor((Date.now() - 120_000) / 60_000) * 60_000;
  const ds = defineDataset(name, target, endMs, hours);
  log(`\n[${name}] ${ds.series.toLocaleString('en-US')} series (${ds.instances} instances) x ${ds.steps} samples = ${(ds.series * ds.steps).toLocaleString('en-US')} samples, ${new Date(ds.startMs).toISOString()} .. ${new Date(ds.endMs).toISOString()}`);
  const data = encodeDataset(ds, concurrency, batch, log);
  log(`  encoded ${data.requestCount.toLocaleString('en-US')} requests in ${data.shards} shards, ${(data.bodyBytes / 2 ** 20).toFixed(1)} MiB (${(data.bodyBytes / data.samples).toFixed(1)} B/sample), in ${(data.elapsedMs / 1000).toFixed(1)} s`);
  const results: ServerResult[] = [];
  const allRates = new Map<ServerKind, number[]>();
  for (const kind of servers) {
    const tries: ServerResult[] = [];
    for (let i = 0; i < runs; i++) {
      if (runs > 1) log(`  run ${i + 1} of ${runs}`);
      tries.push(await measure(kind, data));
    }
    const ok = tries.filter((r) => r.error === undefined).sort((a, b) => ingestRate(a) - ingestRate(b));
    results.push(ok[Math.floor((ok.length - 1) / 2)] ?? (tries[0] as ServerResult));
    allRates.set(kind, ok.map(ingestRate));
  }

  console.log(`\n### Dataset ${name}: ${ds.series.toLocaleString('en-US')} series x ${hours} h at 15 s (${data.samples.toLocaleString('en-US')} samples)\n`);
  console.log(`Remote write 1.0 (protobuf + snappy), ${data.shards} shards (requests in flight), at most ${batch} samples per request, ${(data.bodyBytes / data.samples).toFixed(1)} B/sample on the wire; ${runs === 1 ? 'one run per server' : `median of ${runs} runs per server, each into a fresh server`}.\n`);
  console.log(markdownTable(results));
  console.log('');
  for (const l of ratioLines(results)) console.log(l);
  for (const l of detailLines(results)) console.log(l);
  if (runs > 1) for (const [kind, rates] of allRates) console.log(`- ${SERVER_LABEL[kind]}: ingest samples/s of the ${runs} runs: ${rates.map((r) => Math.round(r).toLocaleString('en-US')).join(', ')}`);
}

try {
  if (servers.length === 0) throw new Error('no server to benchmark');
  for (const d of datasets) await benchDataset(d.name, d.series);
  console.log(`\n${FOOTNOTES.replaceAll('BATCH', String(batch)).replaceAll('CONCURRENCY', String(concurrency)).replaceAll('RANGE', `${hours}h`)}`);
} catch (e) {
  log(`\nbench:remote-write failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
  process.exitCode = 1;
} finally {
  await Promise.all([...running].map((t) => t.stop()));
  closeHttp();
}
