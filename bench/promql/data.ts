/**
 * The benchmark's data: dashboard-like series of many instances, generated one scrape (one
 * 15 s timestamp) at a time, deterministically (same seed, same numbers), so that the same
 * data can be streamed into Prometheus and then into Omniscope without holding more than one
 * timestamp of values in memory.
 *
 * Every instance has SERIES_PER_INSTANCE series, in this order:
 * - 20 counters `bench_http_requests_total{job,instance,method,status}` (4 methods x 5 statuses);
 * - a classic histogram `bench_http_request_duration_seconds_bucket{job,instance,le}` (12
 *   buckets) with `_sum` and `_count`;
 * - 5 gauges `bench_gauge{job,instance,kind}`;
 * - 1 info series `bench_build_info{job,instance,version}` (value 1).
 * Instances are `host-0`, `host-1`, ... spread round-robin over JOBS. A few instances restart
 * half-way through (their counters and histogram reset to 0), as real targets do.
 */
import type { Label } from '../../src/model/index.js';
import { seededRandom } from '../../test/helpers/prometheus-answers.js';

export const SCRAPE_INTERVAL_MS = 15_000;
export const JOBS = ['api', 'web', 'worker', 'auth', 'search'] as const;
const METHODS = ['GET', 'POST', 'PUT', 'DELETE'] as const;
const METHOD_SHARE = [0.7, 0.2, 0.07, 0.03] as const;
const STATUSES = ['200', '201', '404', '500', '503'] as const;
const STATUS_SHARE = [0.9, 0.05, 0.03, 0.015, 0.005] as const;
const LE = ['0.005', '0.01', '0.025', '0.05', '0.1', '0.25', '0.5', '1', '2.5', '5', '10', '+Inf'] as const;
const GAUGE_KINDS = ['cpu', 'memory', 'queue', 'connections', 'temperature'] as const;
const VERSIONS = ['1.4.2', '1.5.0', '1.5.1', '2.0.0'] as const;

const COUNTERS = METHODS.length * STATUSES.length;
const BUCKET0 = COUNTERS;
const SUM = BUCKET0 + LE.length;
const COUNT = SUM + 1;
const GAUGE0 = COUNT + 1;
const INFO = GAUGE0 + GAUGE_KINDS.length;
export const SERIES_PER_INSTANCE = INFO + 1;

/** Every this many instances, one restarts half-way through the dataset. */
const RESTART_EVERY = 37;

const random = seededRandom;

export interface Dataset {
  readonly name: string;
  readonly instances: number;
  readonly series: number;
  /** The last timestamp (ms, a whole minute); the first is `startMs + 15s`. */
  readonly endMs: number;
  readonly startMs: number;
  /** Timestamps per series. */
  readonly steps: number;
}

/**
 * A dataset of about `targetSeries` series (rounded up to whole instances) for the `hours`
 * (default 1, a multiple of 15 s) ending at `endMs`.
 */
export function defineDataset(name: string, targetSeries: number, endMs: number, hours = 1): Dataset {
  const instances = Math.max(1, Math.ceil(targetSeries / SERIES_PER_INSTANCE));
  const spanMs = Math.round(hours * 3_600_000);
  const steps = Math.floor(spanMs / SCRAPE_INTERVAL_MS);
  if (steps < 1 || steps * SCRAPE_INTERVAL_MS !== spanMs) throw new Error(`hours must be a positive multiple of 15 s, got ${hours}`);
  return { name, instances, series: instances * SERIES_PER_INSTANCE, endMs, startMs: endMs - spanMs, steps };
}

/** The labels of series `i`, sorted by name, as Prometheus sends them. */
export function seriesLabels(i: number): Label[] {
  const k = Math.floor(i / SERIES_PER_INSTANCE);
  const j = i % SERIES_PER_INSTANCE;
  const job = JOBS[k % JOBS.length] as string;
  const instance = `host-${k}`;
  const l = (name: string, value: string): Label => ({ name, value });
  if (j < COUNTERS) {
    return [
      l('__name__', 'bench_http_requests_total'),
      l('instance', instance),
      l('job', job),
      l('method', METHODS[Math.floor(j / STATUSES.length)] as string),
      l('status', STATUSES[j % STATUSES.length] as string),
    ];
  }
  if (j < SUM) return [l('__name__', 'bench_http_request_duration_seconds_bucket'), l('instance', instance), l('job', job), l('le', LE[j - BUCKET0] as string)];
  if (j === SUM) return [l('__name__', 'bench_http_request_duration_seconds_sum'), l('instance', instance), l('job', job)];
  if (j === COUNT) return [l('__name__', 'bench_http_request_duration_seconds_count'), l('instance', instance), l('job', job)];
  if (j < INFO) return [l('__name__', 'bench_gauge'), l('instance', instance), l('job', job), l('kind', GAUGE_KINDS[j - GAUGE0] as string)].sort((a, b) => (a.name < b.name ? -1 : 1));
  return [l('__name__', 'bench_build_info'), l('instance', instance), l('job', job), l('version', VERSIONS[k % VERSIONS.length] as string)];
}

/**
 * Yields, for each timestamp oldest first, the value of every series at that timestamp. The
 * `values` array is the same object every time: use it before asking for the next slice.
 */
export function* generateSlices(ds: Dataset): Generator<{ timestampMs: number; step: number; values: Float64Array }> {
  const rnd = random(20240611);
  const values = new Float64Array(ds.series);
  // Per-instance character: request rate, median latency, gauge levels.
  const rps = new Float64Array(ds.instances);
  const medianLatency = new Float64Array(ds.instances);
  for (let k = 0; k < ds.instances; k++) {
    rps[k] = 2 + rnd() * 60;
    medianLatency[k] = 0.02 + rnd() * 0.3;
    const base = k * SERIES_PER_INSTANCE;
    for (let g = 0; g < GAUGE_KINDS.length; g++) values[base + GAUGE0 + g] = (g + 1) * 10 + rnd() * 50;
    for (let j = 0; j < COUNTERS; j++) values[base + j] = Math.floor(rnd() * 10_000);
    values[base + INFO] = 1;
  }
  const cdf = new Float64Array(LE.length);
  const restartStep = Math.floor(ds.steps / 2);
  for (let step = 1; step <= ds.steps; step++) {
    const timestampMs = ds.startMs + step * SCRAPE_INTERVAL_MS;
    const wave = 1 + 0.3 * Math.sin((2 * Math.PI * step) / ds.steps);
    for (let k = 0; k < ds.instances; k++) {
      const base = k * SERIES_PER_INSTANCE;
      if (step === restartStep && k % RESTART_EVERY === 3) {
        for (let j = 0; j < GAUGE0; j++) values[base + j] = 0;
      }
      let requests = 0;
      for (let m = 0; m < METHODS.length; m++) {
        for (let s = 0; s < STATUSES.length; s++) {
          const mean = (rps[k] as number) * (METHOD_SHARE[m] as number) * (STATUS_SHARE[s] as number) * wave * (SCRAPE_INTERVAL_MS / 1000);
          const inc = Math.round(mean * (0.6 + 0.8 * rnd()));
          values[base + m * STATUSES.length + s] = (values[base + m * STATUSES.length + s] as number) + inc;
          requests += inc;
        }
      }
      // Classic histogram: the step's requests spread over the buckets by a log-logistic CDF
      // around the instance's median; rounding a monotonic CDF keeps the buckets cumulative.
      const median = (medianLatency[k] as number) * (0.8 + 0.4 * rnd());
      for (let b = 0; b < LE.length; b++) {
        const le = b === LE.length - 1 ? Infinity : Number(LE[b]);
        cdf[b] = le === Infinity ? 1 : 1 / (1 + (median / le) ** 2);
        values[base + BUCKET0 + b] = (values[base + BUCKET0 + b] as number) + Math.round(requests * (cdf[b] as number));
      }
      values[base + SUM] = (values[base + SUM] as number) + requests * median * 1.2;
      values[base + COUNT] = (values[base + COUNT] as number) + requests;
      for (let g = 0; g < GAUGE_KINDS.length; g++) {
        const v = (values[base + GAUGE0 + g] as number) + (rnd() - 0.5) * (g + 1);
        values[base + GAUGE0 + g] = Math.max(0, Math.round(v * 1000) / 1000);
      }
    }
    yield { timestampMs, step, values };
  }
}
