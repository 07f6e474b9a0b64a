/**
 * Sends an encoded dataset to one server the way Prometheus's remote write queue does: one
 * sender per shard, each posting its requests one after the other in time order, so every
 * series' samples arrive in order while `shards` requests are in flight all the time. A shard
 * may run at most MAX_LEAD timestamps ahead of the slowest one, which keeps every sample well
 * inside what a fresh Prometheus 2.42 accepts (nothing older than its newest sample - 1 h).
 * 429/503 are retried after Retry-After (postWithRetry); any other refusal stops the load.
 * Progress goes to `progress` every 3 s.
 */
import { postWithRetry } from '../promql/load.js';
import type { LoadResult } from '../promql/load.js';
import type { EncodedDataset } from './encoded-dataset.js';

const MAX_LEAD = 4;

export async function sendDataset(data: EncodedDataset, writeUrl: string, label: string, progress: (line: string) => void): Promise<LoadResult> {
  const started = performance.now();
  const steps = data.requests.length;
  const done = new Int32Array(data.shards); // timestamps each shard has finished
  let samples = 0;
  let requests = 0;
  let retries = 0;
  let failure: unknown;
  let wake: (() => void)[] = [];
  const report = (): void => {
    const s = (performance.now() - started) / 1000;
    progress(
      `  ${label}: ${(samples / 1e6).toFixed(2)}M / ${(data.samples / 1e6).toFixed(2)}M samples, ${Math.round(samples / Math.max(s, 1e-3)).toLocaleString('en-US')} samples/s, ${s.toFixed(1)} s${retries > 0 ? `, ${retries} retries` : ''}`,
    );
  };
  const slowest = (): number => done.reduce((m, v) => Math.min(m, v), steps);

  const shard = async (s: number): Promise<void> => {
    for (let t = 0; t < steps && failure === undefined; t++) {
      while (t - slowest() >= MAX_LEAD && failure === undefined) await new Promise<void>((r) => wake.push(r));
      for (const req of data.requests[t]?.[s] ?? []) {
        await postWithRetry(writeUrl, req.body, () => retries++);
        samples += req.samples;
        requests++;
      }
      done[s] = t + 1;
      const waiting = wake;
      wake = [];
      for (const w of waiting) w();
    }
  };

  const timer = setInterval(report, 3000);
  try {
    await Promise.all(
      Array.from({ length: data.shards }, (_, s) =>
        shard(s).catch((e: unknown) => {
          failure ??= e;
          const waiting = wake;
          wake = [];
          for (const w of waiting) w();
        }),
      ),
    );
  } finally {
    clearInterval(timer);
  }
  if (failure !== undefined) throw failure;
  report();
  return { samples, requests, retries, elapsedMs: performance.now() - started };
}
