/**
 * Streams a dataset into one server through remote write, in global time order as a fresh
 * Prometheus 2.42 requires (see test/helpers/prometheus-process.ts): for each timestamp,
 * every series' sample of that timestamp, in requests of CHUNK samples, at most CONCURRENCY
 * in flight. All requests of a timestamp are answered before the next timestamp is sent, so
 * no series' samples can overtake each other. 429 and 503 (Omniscope's back-pressure) are
 * retried after Retry-After; any other refusal stops the benchmark.
 */
import { generateSlices, seriesLabels } from './data.js';
import type { Dataset } from './data.js';
import { SliceEncoder, selfCheck } from './encode.js';
import { postRemoteWrite } from './http.js';

const CHUNK = 5000;
const CONCURRENCY = 2;

export interface LoadResult {
  readonly samples: number;
  readonly requests: number;
  readonly retries: number;
  readonly elapsedMs: number;
}

/** POSTs `body` until it is answered 2xx; 429/503 wait for Retry-After (at most 5 s) and retry, anything else throws. */
export async function postWithRetry(url: string, body: Uint8Array, onRetry: () => void): Promise<void> {
  for (;;) {
    const res = await postRemoteWrite(url, body);
    if (res.status >= 200 && res.status < 300) return;
    if (res.status === 429 || res.status === 503) {
      onRetry();
      const after = Number(res.headers['retry-after'] ?? 1);
      await new Promise((r) => setTimeout(r, Math.min(5, Number.isFinite(after) ? after : 1) * 1000));
      continue;
    }
    throw new Error(`remote write to ${url} answered ${res.status}: ${res.body.trim().slice(0, 500)}`);
  }
}

let sharedEncoder: { series: number; enc: SliceEncoder } | undefined;

/** The encoder for `ds`, built (and checked against the reference encoder) once per series count. */
export function encoderFor(ds: Dataset): SliceEncoder {
  if (sharedEncoder?.series !== ds.series) {
    const enc = new SliceEncoder(ds.series, seriesLabels);
    const probe = Float64Array.from({ length: ds.series }, (_, i) => i * 1.5);
    selfCheck(enc, seriesLabels, ds.endMs, probe);
    sharedEncoder = { series: ds.series, enc };
  }
  return sharedEncoder.enc;
}

export async function loadDataset(ds: Dataset, serverName: string, writeUrl: string): Promise<LoadResult> {
  const enc = encoderFor(ds);
  const total = ds.series * ds.steps;
  const started = performance.now();
  let samples = 0;
  let requests = 0;
  let retries = 0;
  let failure: unknown;
  const progress = (): void => {
    const s = (performance.now() - started) / 1000;
    process.stderr.write(
      `\r  ${ds.name} -> ${serverName}: ${(samples / 1e6).toFixed(2)}M / ${(total / 1e6).toFixed(2)}M samples, ${Math.round(samples / Math.max(s, 1e-3)).toLocaleString('en-US')} samples/s, ${s.toFixed(1)} s${retries > 0 ? `, ${retries} retries` : ''}   `,
    );
  };
  const timer = setInterval(progress, 2000);
  try {
    for (const { timestampMs, values } of generateSlices(ds)) {
      const inFlight = new Set<Promise<void>>();
      for (let from = 0; from < ds.series; from += CHUNK) {
        const to = Math.min(ds.series, from + CHUNK);
        const body = enc.encodeBody(from, to, timestampMs, values);
        // Never rejects: a failure is kept and thrown once nothing is in flight any more.
        const p: Promise<void> = postWithRetry(writeUrl, body, () => retries++).then(
          () => {
            inFlight.delete(p);
            samples += to - from;
            requests++;
          },
          (e: unknown) => {
            inFlight.delete(p);
            failure ??= e;
          },
        );
        inFlight.add(p);
        if (inFlight.size >= CONCURRENCY) await Promise.race(inFlight);
        if (failure !== undefined) break;
      }
      await Promise.all(inFlight);
      if (failure !== undefined) throw failure;
    }
  } finally {
    clearInterval(timer);
  }
  progress();
  process.stderr.write('\n');
  return { samples, requests, retries, elapsedMs: performance.now() - started };
}
