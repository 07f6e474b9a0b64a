import { STALE_NAN } from '../../../src/model/index.js';
import type { SeriesToWrite } from '../../helpers/remote-write-client.js';
import { seededRandom } from '../../helpers/prometheus-answers.js';

export const SCRAPE_INTERVAL_MS = 15_000;

const random = seededRandom;

class SeriesBuilder {
  readonly timestampsMs: number[] = [];
  readonly values: number[] = [];
  /** V8 canonicalises NaNs stored in plain arrays, so markers are placed in the typed array last. */
  private readonly staleAt: number[] = [];
  constructor(readonly labels: Record<string, string>) {}
  add(t: number, v: number): void {
    this.timestampsMs.push(t);
    this.values.push(v);
  }
  addStale(t: number): void {
    this.staleAt.push(this.values.length);
    this.add(t, 0);
  }
  build(): SeriesToWrite {
    const values = Float64Array.from(this.values);
    for (const i of this.staleAt) values[i] = STALE_NAN;
    return { labels: this.labels, timestampsMs: this.timestampsMs, values };
  }
}

/**
 * Two hours of scrape-like data ending at `endMs` (aligned to 15 s): counters with resets,
 * gauges, a classic histogram, series that start late, stop (with a staleness marker) and
 * come back, and an info-style series.
 */
export function generateSideBySideData(endMs: number): SeriesToWrite[] {
  const rnd = random(42);
  const steps = (2 * 3_600_000) / SCRAPE_INTERVAL_MS;
  const startMs = endMs - steps * SCRAPE_INTERVAL_MS;
  const out: SeriesBuilder[] = [];

  const jobs = ['api', 'web'];
  const instances = ['i-1', 'i-2', 'i-3'];
  const methods = ['GET', 'POST'];
  for (const job of jobs) {
    for (const instance of instances) {
      for (const method of methods) {
        const s = new SeriesBuilder({ __name__: 'sbs_requests_total', job, instance, method });
        let v = Math.floor(rnd() * 1000);
        const resetAt = Math.floor(rnd() * steps);
        for (let i = 0; i <= steps; i++) {
          v = i === resetAt ? Math.floor(rnd() * 5) : v + Math.floor(rnd() * 20);
          s.add(startMs + i * SCRAPE_INTERVAL_MS, v);
        }
        out.push(s);
      }
    }
    const info = new SeriesBuilder({ __name__: 'sbs_info', job, version: job === 'api' ? '1.2.3' : '2.0.0' });
    for (let i = 0; i <= steps; i++) info.add(startMs + i * SCRAPE_INTERVAL_MS, 1);
    out.push(info);
  }

  for (const room of ['lab-1', 'lab-2', 'office-1', 'office-2', 'hall-9']) {
    const s = new SeriesBuilder({ __name__: 'sbs_temperature', room });
    let v = 18 + rnd() * 6;
    for (let i = 0; i <= steps; i++) {
      v += (rnd() - 0.5) * 0.8;
      s.add(startMs + i * SCRAPE_INTERVAL_MS, Math.round(v * 100) / 100);
    }
    out.push(s);
  }

  const bounds = ['0.005', '0.01', '0.05', '0.1', '0.5', '1', '5', '+Inf'];
  for (const job of jobs) {
    const buckets = bounds.map((le) => new SeriesBuilder({ __name__: 'sbs_latency_seconds_bucket', job, le }));
    const sum = new SeriesBuilder({ __name__: 'sbs_latency_seconds_sum', job });
    const count = new SeriesBuilder({ __name__: 'sbs_latency_seconds_count', job });
    const counts = new Array<number>(bounds.length).fill(0);
    let total = 0;
    for (let i = 0; i <= steps; i++) {
      const t = startMs + i * SCRAPE_INTERVAL_MS;
      const observations = Math.floor(rnd() * 30);
      for (let o = 0; o < observations; o++) {
        const latency = Math.exp(rnd() * 6 - 6);
        total += latency;
        bounds.forEach((le, b) => {
          if (latency <= Number(le)) counts[b] = (counts[b] as number) + 1;
        });
      }
      buckets.forEach((s, b) => s.add(t, counts[b] as number));
      sum.add(t, total);
      count.add(t, counts[bounds.length - 1] as number);
    }
    out.push(...buckets, sum, count);
  }

  // Flaky targets: one starts late, one stops with a staleness marker and comes back, one ends early.
  const flaky = instances.map((instance) => new SeriesBuilder({ __name__: 'sbs_flaky', instance }));
  for (let i = 0; i <= steps; i++) {
    const t = startMs + i * SCRAPE_INTERVAL_MS;
    const [late, gap, early] = flaky as [SeriesBuilder, SeriesBuilder, SeriesBuilder];
    if (i >= steps / 3) late.add(t, Math.floor(rnd() * 10));
    if (i < steps / 2 || i > (2 * steps) / 3) gap.add(t, i);
    else if (i === Math.floor(steps / 2)) gap.addStale(t);
    if (i < (3 * steps) / 4) early.add(t, rnd() > 0.5 ? 1 : 0);
  }
  out.push(...flaky);
  return out.map((s) => s.build());
}
