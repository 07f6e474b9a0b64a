/**
 * `npm run bench:promql [-- --datasets 10k,100k --runs 10 --keep]`
 *
 * PromQL query latency of Omniscope next to Prometheus 2.42 on the same data. Per dataset: a
 * fresh pair of servers (servers.ts), the same generated hour of data streamed into each
 * through remote write (data.ts, load.ts), a wait until both count every series, then the
 * query battery (queries.ts, measure.ts), printed as a Markdown table (stats.ts) with
 * whether the two answers agree. Progress goes to stderr, results to stdout.
 *
 * `--keep` leaves the servers running after the tables, printing their URLs, until Ctrl-C.
 * Otherwise (and on Ctrl-C or an error) both servers are stopped by PID and their temp dirs
 * removed. `--series N` (for quick tries) replaces the datasets with one of about N series.
 */
import { parseArgs } from 'node:util';
import { defineDataset } from './data.js';
import type { Dataset } from './data.js';
import { closeHttp } from './http.js';
import { loadDataset } from './load.js';
import type { LoadResult } from './load.js';
import { runBattery, waitUntilQueryable } from './measure.js';
import { QUERIES } from './queries.js';
import { peakRssMiB, startPair } from './servers.js';
import type { ServerPair } from './servers.js';
import { markdownTable, summaryLine } from './stats.js';

const { values } = parseArgs({
  options: {
    datasets: { type: 'string', default: '10k,100k' },
    runs: { type: 'string', default: '10' },
    keep: { type: 'boolean', default: false },
    series: { type: 'string' },
  },
});

function seriesCount(name: string): number {
  const m = /^(\d+(?:\.\d+)?)([km]?)$/i.exec(name.trim());
  if (m === null) throw new Error(`--datasets: "${name}" is not a series count like 10k or 100k`);
  return Math.round(Number(m[1]) * ({ '': 1, k: 1e3, m: 1e6 }[(m[2] as string).toLowerCase()] as number));
}

const runs = Number(values.runs);
if (!Number.isInteger(runs) || runs < 1) throw new Error(`--runs must be a positive integer, got ${values.runs}`);
const datasetNames = values.series !== undefined ? [values.series] : (values.datasets as string).split(',');
const targets = datasetNames.map((name) => ({ name, series: seriesCount(name) }));

const pairs = new Set<ServerPair>();
let cleaning: Promise<void> | undefined;
const cleanup = (): Promise<void> => (cleaning ??= Promise.all([...pairs].map((p) => p.stop())).then(() => closeHttp()));
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    process.stderr.write(`\n${signal}: stopping servers ...\n`);
    void cleanup().finally(() => process.exit(130));
  });
}

function loadLine(server: string, r: LoadResult, queryableMs: number | undefined, rssMiB: number): string {
  const s = r.elapsedMs / 1000;
  return `- load into ${server}: ${r.samples.toLocaleString('en-US')} samples in ${r.requests.toLocaleString('en-US')} requests, ${s.toFixed(1)} s (${Math.round(r.samples / s).toLocaleString('en-US')} samples/s)${r.retries > 0 ? `, ${r.retries} retried on back-pressure` : ''}; all series queryable ${((queryableMs ?? NaN) / 1000).toFixed(1)} s after loading ended; peak RSS ${rssMiB.toFixed(0)} MiB`;
}

async function benchDataset(name: string, target: number): Promise<void> {
  // End two minutes before now, on a whole minute, so range steps line up with samples.
  const endMs = Math.floor((Date.now() - 120_000) / 60_000) * 60_000;
  const ds: Dataset = defineDataset(name, target, endMs);
  process.stderr.write(`\n[${name}] ${ds.series.toLocaleString('en-US')} series (${ds.instances} instances) x ${ds.steps} samples, ${new Date(ds.startMs).toISOString()} .. ${new Date(ds.endMs).toISOString()}\n`);
  const pair = await startPair();
  pairs.add(pair);
  process.stderr.write(`  Prometheus ${pair.prometheusUrl} (pid ${pair.prometheus.pid}), Omniscope ${pair.omniscopeUrl} (pid ${pair.omniscope.proc.pid})\n`);

  const promLoad = await loadDataset(ds, 'Prometheus', pair.prometheus.writeUrl);
  const promWait = await waitUntilQueryable(ds, [{ name: 'prometheus', url: pair.prometheusUrl }]);
  const omniLoad = await loadDataset(ds, 'Omniscope', `${pair.omniscopeUrl}/api/v1/write`);
  const omniWait = await waitUntilQueryable(ds, [{ name: 'omniscope', url: pair.omniscopeUrl }]);
  const rss = { prometheus: peakRssMiB(pair.prometheus.pid), omniscope: peakRssMiB(pair.omniscope.proc.pid) };

  process.stderr.write(`  running ${QUERIES.length} queries x (range + instant), 2 warm-ups + ${runs} runs each ...\n`);
  const results = await runBattery(ds, pair.prometheusUrl, pair.omniscopeUrl, runs);

  console.log(`\n### Dataset ${name}: ${ds.series.toLocaleString('en-US')} series x 1 h at 15 s (${(ds.series * ds.steps).toLocaleString('en-US')} samples)\n`);
  console.log(`Range queries: the whole hour at step 60 s; instant queries: at the last timestamp. ${runs} runs per server after 2 warm-ups, alternating; client wall time; ratio = Omniscope p50 / Prometheus p50.\n`);
  console.log(markdownTable(results));
  console.log(`\n${summaryLine(results)}`);
  console.log(loadLine('Prometheus', promLoad, promWait.get('prometheus'), rss.prometheus));
  console.log(loadLine('Omniscope', omniLoad, omniWait.get('omniscope'), rss.omniscope));
  for (const r of results) if (r.disagreement !== undefined) console.log(`- ${r.name} (${r.kind}) answers differ: ${r.disagreement}`);

  if (!values.keep) {
    await pair.stop();
    pairs.delete(pair);
  }
}

try {
  for (const t of targets) await benchDataset(t.name, t.series);
  console.log('\nQueries:');
  for (const q of QUERIES) console.log(`- ${q.name}: \`${q.expr}\``);
} catch (e) {
  process.stderr.write(`\nbench:promql failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  for (const p of pairs) process.stderr.write(`--- Omniscope output (last 3000 chars):\n${p.omniscope.output().slice(-3000)}\n`);
  process.exitCode = 1;
}

if (values.keep && process.exitCode !== 1 && pairs.size > 0) {
  console.log('\nServers left running (Ctrl-C stops them and removes their directories):');
  for (const p of pairs) console.log(`- Prometheus ${p.prometheusUrl} (pid ${p.prometheus.pid}, dir ${p.prometheus.dir}); Omniscope ${p.omniscopeUrl} (pid ${p.omniscope.proc.pid}, dir ${p.omniscopeDir})`);
  closeHttp();
} else {
  await cleanup();
}
