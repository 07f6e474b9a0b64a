/** The Markdown table of one dataset's results, the ratios against Prometheus, and the footnotes. */
import { DISK_METHOD, SERVER_LABEL } from './targets.js';
import type { ServerKind } from './targets.js';

export interface ServerResult {
  readonly kind: ServerKind;
  /** Set when the server could not be measured; the other fields are then meaningless. */
  readonly error?: string;
  readonly samples: number;
  readonly requests: number;
  readonly retries: number;
  readonly elapsedMs: number;
  /** CPU seconds (user + system) the server used during the load phase. */
  readonly cpuS: number;
  readonly idleRssMiB: number;
  readonly peakRssMiB: number;
  readonly series: number;
  /** The data directory right after the load, as is. */
  readonly liveBytes: number;
  readonly diskBytes: number;
  readonly diskNote?: string;
  /** ms from the last acknowledged write until every series counted; undefined if never. */
  readonly queryableMs: number | undefined;
  readonly seriesSeen: number | undefined;
  readonly samplesSeen: number | undefined;
  readonly wantSeries: number;
  readonly wantSamples: number;
}

export const ingestRate = (r: ServerResult): number => r.samples / (r.elapsedMs / 1000);
/** Server CPU time per sample during the load, in microseconds. */
export const cpuMicrosPerSample = (r: ServerResult): number => (r.cpuS * 1e6) / r.samples;
export const bytesPerSample = (r: ServerResult): number => r.diskBytes / r.samples;
/** Resident memory the load added, per series: (peak - idle) / series. */
export const rssKiBPerSeries = (r: ServerResult): number => ((r.peakRssMiB - r.idleRssMiB) * 1024) / r.series;

const int = (v: number): string => (Number.isFinite(v) ? Math.round(v).toLocaleString('en-US') : 'n/a');
const fixed = (v: number, digits: number): string => (Number.isFinite(v) ? v.toFixed(digits) : 'n/a');
const countsAgree = (r: ServerResult): boolean => r.seriesSeen === r.wantSeries && r.samplesSeen === r.wantSamples;

export function markdownTable(results: readonly ServerResult[]): string {
  const header = ['server', 'samples', 'ingest samples/s', 'server CPU µs / sample', 'peak RSS MiB', 'RSS KiB / active series', 'bytes on disk / sample', 'bytes on disk: how measured', 'counts agree'];
  const rows = results.map((r) =>
    r.error !== undefined
      ? [SERVER_LABEL[r.kind], '', '', '', '', '', '', '', `failed: ${r.error.split('\n')[0]?.slice(0, 60) ?? ''}`]
      : [SERVER_LABEL[r.kind], int(r.samples), int(ingestRate(r)), fixed(cpuMicrosPerSample(r), 2), int(r.peakRssMiB), fixed(rssKiBPerSeries(r), 2), fixed(bytesPerSample(r), 2), DISK_METHOD[r.kind], countsAgree(r) ? 'yes' : 'NO'],
  );
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => (row[i] as string).length)));
  const numeric = new Set([1, 2, 3, 4, 5, 6]);
  const line = (cells: string[]): string => `| ${cells.map((c, i) => (numeric.has(i) ? c.padStart(widths[i] as number) : c.padEnd(widths[i] as number))).join(' | ')} |`;
  const rule = `|${widths.map((w, i) => (numeric.has(i) ? `${'-'.repeat(w + 1)}:` : '-'.repeat(w + 2))).join('|')}|`;
  return [line(header), rule, ...rows.map(line)].join('\n');
}

const times = (a: number, b: number): string => (Number.isFinite(a / b) ? `${(a / b).toFixed(2)}x` : 'n/a');

/** Ratios of each other server to Prometheus, and the first bar and the goal for Omniscope. */
export function ratioLines(results: readonly ServerResult[]): string[] {
  const ok = results.filter((r) => r.error === undefined);
  const prom = ok.find((r) => r.kind === 'prometheus');
  const omni = ok.find((r) => r.kind === 'omniscope');
  const vm = ok.find((r) => r.kind === 'victoriametrics');
  const out: string[] = [];
  const ratios = (r: ServerResult, base: ServerResult): string =>
    `ingest ${times(ingestRate(r), ingestRate(base))}, CPU/sample ${times(cpuMicrosPerSample(r), cpuMicrosPerSample(base))}, peak RSS ${times(r.peakRssMiB, base.peakRssMiB)}, RSS per series ${times(rssKiBPerSeries(r), rssKiBPerSeries(base))}, bytes/sample ${times(bytesPerSample(r), bytesPerSample(base))}`;
  if (prom !== undefined) {
    for (const r of ok) if (r !== prom) out.push(`- ${SERVER_LABEL[r.kind]} / Prometheus: ${ratios(r, prom)}`);
    if (omni !== undefined) {
      const ingestOk = ingestRate(omni) >= ingestRate(prom);
      const diskOk = bytesPerSample(omni) <= bytesPerSample(prom);
      out.push(`- First bar (Omniscope ingest >= Prometheus, bytes/sample <= Prometheus): ingest ${ingestOk ? 'met' : 'NOT met'}, bytes/sample ${diskOk ? 'met' : 'NOT met'}`);
    }
  }
  if (omni !== undefined && vm !== undefined) out.push(`- Goal, Omniscope / VictoriaMetrics: ${ratios(omni, vm)}`);
  return out;
}

/** Per server: the raw figures behind the table. */
export function detailLines(results: readonly ServerResult[]): string[] {
  return results.map((r) => {
    const name = SERVER_LABEL[r.kind];
    if (r.error !== undefined) return `- ${name}: failed: ${r.error.split('\n').slice(0, 8).join(' ').slice(0, 600)} (full output on stderr)`;
    const queryable = r.queryableMs === undefined ? 'never counted every series within 2 min' : `every series counted ${(r.queryableMs / 1000).toFixed(1)} s after the last write was acknowledged`;
    return (
      `- ${name}: ${int(r.samples)} samples in ${int(r.requests)} requests, ${(r.elapsedMs / 1000).toFixed(1)} s${r.retries > 0 ? ` (${r.retries} retried on back-pressure)` : ''}; ${queryable}; ` +
      `RSS idle ${fixed(r.idleRssMiB, 0)} MiB, peak ${fixed(r.peakRssMiB, 0)} MiB; data dir right after the load ${fixed(r.liveBytes / 2 ** 20, 1)} MiB (${fixed(r.liveBytes / r.samples, 2)} B/sample), settled ${fixed(r.diskBytes / 2 ** 20, 1)} MiB${r.diskNote !== undefined ? ` (${r.diskNote})` : ''}; ` +
      `count({__name__=~".+"}) = ${r.seriesSeen ?? 'none'} (sent ${r.wantSeries}), samples counted ${r.samplesSeen ?? 'none'} (sent ${r.wantSamples})`
    );
  });
}

export const FOOTNOTES = `How each figure is obtained (every server runs alone, fresh, with its default settings, while the others are stopped; the same pre-encoded requests are sent to each):
- samples: samples acknowledged with a 2xx. Ingest samples/s: those samples / wall time of the load phase, from the first request to the last 2xx (one run per server unless --runs N is given, then the run with the median rate of N, each into a fresh server). This machine has 2 cores and may be shared, so the rate is noisy; server CPU µs / sample (user + system CPU time of the server process over the load phase, from /proc/PID/stat, divided by the samples) is steadier. The client sends the data as Prometheus's remote write queue does: the series split into CONCURRENCY shards, each shard posting its requests (at most BATCH samples each) one after the other in time order, so CONCURRENCY requests are in flight all the time and no shard runs more than 4 timestamps ahead of the slowest; requests answered 429/503 are retried and their wait counts.
- peak RSS: VmHWM from /proc/PID/status, read after the load and after every series became queryable, before any verification query or flush/merge/snapshot (so it covers start-up, ingest and the background work during ingest).
- RSS KiB / active series: (peak RSS - RSS when idle just after start-up (VmRSS)) / series written.
- bytes on disk / sample: apparent size (sum of file lengths) of the files below, divided by the samples written:
  - Omniscope: POST /-/compact first (every sample row becomes part of a per-series, per-hour chunk, as Omniscope does by itself once an hour has closed; the counterpart of Prometheus's snapshot of its head), then its data directory after a graceful stop (SIGTERM: the journal and write queue drain, then DuckDB CHECKPOINTs and closes), minus the blocks DuckDB keeps free inside its file (PRAGMA database_size: the space the rows took before compaction, which DuckDB gives to the next hours' rows but only returns to the file system when it is at the file's end; excluded as Prometheus's WAL is; the note under the table gives both);
  - Prometheus: after the load everything is still in the head (WAL + head chunks); POST /api/v1/admin/tsdb/snapshot?skip_head=false writes the head out as a block, and the snapshot directory (index + chunks + meta) is the figure: what the data takes once compacted into a block. The WAL/head-chunk size right after the load is the "data dir right after the load" figure;
  - VictoriaMetrics: GET /internal/force_flush, then /internal/force_merge?partition_prefix=YYYY_MM for the month(s) of the data, waiting until /metrics shows no active (forced or background) merge; the figure is the whole -storageDataPath (data parts + indexdb), shown next to the sum of its vm_data_size_bytes metric.
- counts agree: instant queries at the last timestamp, count({__name__=~".+"}) equal to the series sent and the sum over every metric name N of sum(count_over_time({__name__="N"}[RANGE])) equal to the samples sent (names from count by (__name__) ({__name__=~".+"}); one query over all names fails on Prometheus 2.42, whose name-dropping leaves duplicate label sets) (VictoriaMetrics: after force_flush, with nocache=1).`;
