/**
 * The whole dataset encoded once, before any server is loaded: every server then receives
 * exactly the same bytes, and the client spends no CPU on generating or encoding during a
 * measured load (the machine has 2 cores, shared with the server under test). Remote write
 * bodies of this data are about 15 bytes per sample, so 100k series x 1 h (24M samples) hold
 * about 360 MB in memory.
 *
 * The series are split into `shards` contiguous, equal ranges, the way Prometheus's remote
 * write queue gives every series to one shard; a shard's samples of one timestamp go in
 * `ceil(shard size / batch)` requests of equal size.
 */
import { generateSlices } from '../promql/data.js';
import type { Dataset } from '../promql/data.js';
import { encoderFor } from '../promql/load.js';

export interface EncodedRequest {
  readonly body: Uint8Array;
  readonly samples: number;
}

export interface EncodedDataset {
  readonly ds: Dataset;
  /** requests[t][s]: shard s's requests for timestamp t (oldest first). */
  readonly requests: readonly (readonly (readonly EncodedRequest[])[])[];
  readonly shards: number;
  readonly samples: number;
  readonly requestCount: number;
  /** Compressed body bytes of all requests. */
  readonly bodyBytes: number;
  readonly elapsedMs: number;
}

/** [from, to) series ranges of one request each, per shard. */
function requestRanges(series: number, shards: number, batch: number): [number, number][][] {
  const out: [number, number][][] = [];
  for (let s = 0; s < shards; s++) {
    const from = Math.floor((series * s) / shards);
    const to = Math.floor((series * (s + 1)) / shards);
    const n = Math.max(1, Math.ceil((to - from) / batch));
    const ranges: [number, number][] = [];
    for (let r = 0; r < n; r++) ranges.push([from + Math.floor(((to - from) * r) / n), from + Math.floor(((to - from) * (r + 1)) / n)]);
    out.push(ranges);
  }
  return out;
}

export function encodeDataset(ds: Dataset, shards: number, batch: number, progress: (line: string) => void): EncodedDataset {
  const started = performance.now();
  const enc = encoderFor(ds);
  const ranges = requestRanges(ds.series, Math.min(shards, ds.series), batch);
  const requests: EncodedRequest[][][] = [];
  let samples = 0;
  let requestCount = 0;
  let bodyBytes = 0;
  let lastReport = started;
  for (const { timestampMs, step, values } of generateSlices(ds)) {
    requests.push(
      ranges.map((shard) =>
        shard.map(([from, to]) => {
          const body = enc.encodeBody(from, to, timestampMs, values);
          samples += to - from;
          bodyBytes += body.length;
          requestCount++;
          return { body, samples: to - from };
        }),
      ),
    );
    if (performance.now() - lastReport > 3000) {
      lastReport = performance.now();
      progress(`  encoding ${ds.name}: ${step} / ${ds.steps} timestamps, ${(bodyBytes / 2 ** 20).toFixed(0)} MiB of bodies, ${((lastReport - started) / 1000).toFixed(1)} s`);
    }
  }
  return { ds, requests, shards: ranges.length, samples, requestCount, bodyBytes, elapsedMs: performance.now() - started };
}
