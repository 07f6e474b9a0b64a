/**
 * A Prometheus remote write 1.0 client for tests and benchmarks, built on Omniscope's own
 * encoder (protobuf + snappy). It talks to any receiver: Omniscope's /api/v1/write or a real
 * Prometheus started with --web.enable-remote-write-receiver (see prometheus-process.ts).
 *
 * Writing into Prometheus 2.42 has ordering rules (see the comment in prometheus-process.ts):
 * each series must arrive in time order, and nothing may be older than the newest sample in
 * its head minus one hour (or the configured out-of-order window). sendRemoteWrite therefore
 * sends ALL series' samples interleaved in global time order, oldest first, so that any
 * amount of history can be written into a fresh Prometheus.
 */
import type { MetricMetadata } from '../../src/model/index.js';
import { encodeRemoteWriteBody } from '../../src/ingest/remote-write/index.js';
import type { RemoteWriteSeries } from '../../src/ingest/remote-write/index.js';

export interface SeriesToWrite {
  readonly labels: Record<string, string>;
  /** Integer Unix milliseconds, sorted ascending, parallel to `values`. */
  readonly timestampsMs: ArrayLike<number>;
  /** Put staleness markers in a Float64Array: a plain array may quiet their NaN bits. */
  readonly values: ArrayLike<number>;
}

export interface SendRemoteWriteOptions {
  /** Samples per request (Prometheus 3 sends at most 2000 by default). */
  readonly maxSamplesPerRequest?: number;
  /** Extra headers, e.g. the tenant header. */
  readonly headers?: Record<string, string>;
  /** Metadata sent with the first request. */
  readonly metadata?: readonly MetricMetadata[];
}

export interface RemoteWriteResponse {
  readonly status: number;
  readonly body: string;
}

/** The headers Prometheus 2.42 sends with every remote write request. */
export const REMOTE_WRITE_HEADERS: Readonly<Record<string, string>> = {
  'Content-Type': 'application/x-protobuf',
  'Content-Encoding': 'snappy',
  'X-Prometheus-Remote-Write-Version': '0.1.0',
  'User-Agent': 'omniscope-test-client',
};

/** POSTs one already-encoded body; returns the status and body text whatever the status. */
export async function postRemoteWrite(url: string, body: Uint8Array, headers: Record<string, string> = {}): Promise<RemoteWriteResponse> {
  const res = await fetch(url, { method: 'POST', body, headers: { ...REMOTE_WRITE_HEADERS, ...headers } });
  return { status: res.status, body: await res.text() };
}

/**
 * Writes the series to `url` (e.g. `http://127.0.0.1:9090/api/v1/write`) in requests of at
 * most `maxSamplesPerRequest` samples, in global time order, one request at a time. Throws,
 * with the receiver's message, on the first answer that is not 2xx. Returns the number of
 * requests sent.
 */
export async function sendRemoteWrite(url: string, series: readonly SeriesToWrite[], options: SendRemoteWriteOptions = {}): Promise<number> {
  const maxSamples = options.maxSamplesPerRequest ?? 2000;
  for (const [i, s] of series.entries()) {
    if (s.timestampsMs.length !== s.values.length) throw new Error(`series ${i}: ${s.timestampsMs.length} timestamps, ${s.values.length} values`);
  }
  const order = timeOrder(series);
  let requests = 0;
  for (let start = 0; start < order.series.length || (requests === 0 && options.metadata !== undefined); start += maxSamples) {
    const end = Math.min(start + maxSamples, order.series.length);
    const chunk = chunkSeries(series, order, start, end);
    const body = encodeRemoteWriteBody(chunk, requests === 0 ? options.metadata : []);
    const res = await postRemoteWrite(url, body, options.headers);
    requests++;
    if (res.status < 200 || res.status > 299) {
      throw new Error(`remote write to ${url} (request ${requests}, samples ${start}..${end - 1}) answered ${res.status}: ${res.body.trim()}`);
    }
    if (end === order.series.length) break;
  }
  return requests;
}

/** Every sample as (series, index), sorted by timestamp, ties by series: parallel Int32Arrays. */
function timeOrder(series: readonly SeriesToWrite[]): { series: Int32Array; index: Int32Array } {
  let total = 0;
  for (const s of series) total += s.timestampsMs.length;
  const seriesOf = new Int32Array(total);
  const indexOf = new Int32Array(total);
  const ts = new Float64Array(total);
  let k = 0;
  series.forEach((s, si) => {
    for (let j = 0; j < s.timestampsMs.length; j++, k++) {
      seriesOf[k] = si;
      indexOf[k] = j;
      ts[k] = s.timestampsMs[j] as number;
    }
  });
  const perm = Array.from({ length: total }, (_, i) => i).sort((a, b) => (ts[a] as number) - (ts[b] as number) || (seriesOf[a] as number) - (seriesOf[b] as number));
  return { series: Int32Array.from(perm, (p) => seriesOf[p] as number), index: Int32Array.from(perm, (p) => indexOf[p] as number) };
}

/** The samples at positions [start, end) of the time order, grouped back into series. */
function chunkSeries(series: readonly SeriesToWrite[], order: { series: Int32Array; index: Int32Array }, start: number, end: number): RemoteWriteSeries[] {
  const bySeries = new Map<number, { ts: number[]; values: Float64Array; n: number }>();
  for (let k = start; k < end; k++) {
    const si = order.series[k] as number;
    let acc = bySeries.get(si);
    if (acc === undefined) {
      acc = { ts: [], values: new Float64Array(end - start), n: 0 };
      bySeries.set(si, acc);
    }
    const s = series[si] as SeriesToWrite;
    const j = order.index[k] as number;
    acc.ts.push(s.timestampsMs[j] as number);
    // Copy through a typed array read, so staleness markers keep their bits.
    acc.values[acc.n++] = s.values[j] as number;
  }
  return [...bySeries.entries()].map(([si, acc]) => ({
    labels: (series[si] as SeriesToWrite).labels,
    timestampsMs: acc.ts,
    values: acc.values.subarray(0, acc.n),
  }));
}
