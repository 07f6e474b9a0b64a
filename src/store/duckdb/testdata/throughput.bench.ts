/**
 * Write throughput through the Store API (not a test): 1M samples over 10k series in batches
 * of 10k, then 100k spans in batches of 2k with 10 attributes each, each measured twice:
 * closed loop (`inFlight` writers each waiting for their ack) and open loop (a batch submitted
 * every event loop turn, as independent clients would). Run with
 * `node --import tsx src/store/duckdb/testdata/throughput.bench.ts [inFlight]`.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Labels, MetricBatch, SpanBatch } from '../../../model/index.js';
import { MetricBatchBuilder, SpanBatchBuilder } from '../../../model/index.js';
import type { Store } from '../../contract.js';
import { openDuckDBStore } from '../index.js';

const DAY_MS = 86_400_000;
const SERIES = 10_000;
const ROUNDS = 100;
const SPAN_BATCHES = 100;
const SPANS_PER_BATCH = 2000;

function metricBatches(nowMs: number): MetricBatch[] {
  const labels: Labels[] = [];
  for (let i = 0; i < SERIES; i++) {
    labels.push([
      { name: '__name__', value: `bench_metric_${i % 100}` },
      { name: 'instance', value: `host-${i % 50}:9100` },
      { name: 'job', value: 'bench' },
      { name: 'series', value: String(i) },
    ]);
  }
  const out: MetricBatch[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    const b = new MetricBatchBuilder('bench');
    const ts = nowMs - (ROUNDS - r) * 15_000;
    for (let i = 0; i < SERIES; i++) b.sample(b.series(labels[i] as Labels), ts, Math.random() * 1000);
    out.push(b.build());
  }
  return out;
}

function spanBatches(nowMs: number): SpanBatch[] {
  const out: SpanBatch[] = [];
  for (let k = 0; k < SPAN_BATCHES; k++) {
    const b = new SpanBatchBuilder('bench');
    const r = b.resource({ serviceName: `svc-${k % 5}`, attributes: [{ key: 'service.name', value: `svc-${k % 5}` }, { key: 'host.name', value: 'h1' }], droppedAttributesCount: 0, schemaUrl: '' });
    const sc = b.scope({ name: 'bench', version: '1', attributes: [], droppedAttributesCount: 0, schemaUrl: '' });
    for (let i = 0; i < SPANS_PER_BATCH; i++) {
      const n = k * SPANS_PER_BATCH + i;
      const start = BigInt(nowMs - 60_000 + (n % 60_000)) * 1_000_000n;
      b.span({
        resourceIndex: r,
        scopeIndex: sc,
        traceId: (Math.floor(n / 10) + 1).toString(16).padStart(32, '0'),
        spanId: (n + 1).toString(16).padStart(16, '0'),
        parentSpanId: '',
        traceState: '',
        name: `GET /api/${n % 20}`,
        kind: 2,
        startTimeUnixNano: start,
        endTimeUnixNano: start + 1_234_567n,
        statusCode: 0,
        statusMessage: '',
        attributes: Array.from({ length: 10 }, (_, a) => ({ key: `attr.${a}`, value: a % 2 === 0 ? `value-${n % 100}` : BigInt(n) })),
        events: [],
        links: [],
        flags: 1,
        droppedAttributesCount: 0,
        droppedEventsCount: 0,
        droppedLinksCount: 0,
      });
    }
    out.push(b.build());
  }
  return out;
}

async function timed<T>(items: readonly T[], inFlight: number, write: (x: T) => Promise<unknown>): Promise<number> {
  const start = performance.now();
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) await write(items[next++] as T);
  };
  await Promise.all(Array.from({ length: inFlight }, worker));
  return performance.now() - start;
}

/** Submits one item per event loop turn without waiting for acks; resolves when all are acked. */
async function openLoop<T>(items: readonly T[], write: (x: T) => Promise<unknown>): Promise<number> {
  const start = performance.now();
  const acks: Promise<unknown>[] = [];
  for (const x of items) {
    acks.push(write(x));
    await new Promise((r) => setImmediate(r));
  }
  await Promise.all(acks);
  return performance.now() - start;
}

function report(what: string, n: number, ms: number, unit: string): void {
  process.stdout.write(`${what}: ${n} ${unit} in ${ms.toFixed(0)} ms = ${Math.round(n / (ms / 1000))} ${unit}/s\n`);
}

async function main(): Promise<void> {
  const inFlight = Number(process.argv[2] ?? 4);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'omniscope-bench-'));
  const nowMs = Date.now();
  const retention = { metricsMs: DAY_MS, logsMs: DAY_MS, tracesMs: DAY_MS };
  let store: Store | undefined;
  try {
    store = await openDuckDBStore({ path: path.join(dir, 'bench.duckdb'), retention });
    const s = store;
    const metrics = metricBatches(nowMs);
    const firstMs = await timed(metrics.slice(0, 1), 1, (b) => s.metrics.appendMetrics(b));
    process.stdout.write(`first batch (10k new series): ${firstMs.toFixed(0)} ms\n`);
    const half = Math.floor(ROUNDS / 2);
    report(`metrics, closed loop (${inFlight} in flight)`, (half - 1) * SERIES, await timed(metrics.slice(1, half), inFlight, (b) => s.metrics.appendMetrics(b)), 'samples');
    report('metrics, open loop', (ROUNDS - half) * SERIES, await openLoop(metrics.slice(half), (b) => s.metrics.appendMetrics(b)), 'samples');
    const spans = spanBatches(nowMs);
    const halfSpans = SPAN_BATCHES / 2;
    report(`traces, closed loop (${inFlight} in flight)`, halfSpans * SPANS_PER_BATCH, await timed(spans.slice(0, halfSpans), inFlight, (b) => s.traces.appendSpans(b)), 'spans');
    report('traces, open loop', halfSpans * SPANS_PER_BATCH, await openLoop(spans.slice(halfSpans), (b) => s.traces.appendSpans(b)), 'spans');
    const signal = new AbortController().signal;
    let t0 = performance.now();
    let n = 0;
    for await (const b of s.metrics.selectSamples({ tenant: 'bench', matchers: [{ name: 'job', type: '=', value: 'bench' }], startMs: nowMs - 3_600_000, endMs: nowMs }, undefined, signal)) n += b.timestampsMs.length;
    process.stdout.write(`read back: ${n} samples of ${SERIES} series in ${(performance.now() - t0).toFixed(0)} ms\n`);
    t0 = performance.now();
    n = 0;
    for await (const b of s.metrics.selectSamples({ tenant: 'bench', matchers: [{ name: '__name__', type: '=', value: 'bench_metric_7' }], startMs: nowMs - 3_600_000, endMs: nowMs }, undefined, signal)) n += b.timestampsMs.length;
    process.stdout.write(`read back one metric: ${n} samples in ${(performance.now() - t0).toFixed(0)} ms\n`);
    t0 = performance.now();
    n = 0;
    for await (const b of s.metrics.selectSeries({ tenant: 'bench', matchers: [{ name: 'job', type: '=', value: 'bench' }], startMs: nowMs - 1_234_567, endMs: nowMs - 7_000 }, signal)) n += b.length;
    process.stdout.write(`selectSeries (exact range, partial hours): ${n} series in ${(performance.now() - t0).toFixed(0)} ms\n`);
    t0 = performance.now();
    const values = await s.metrics.labelValues('series', { tenant: 'bench', startMs: nowMs - 3_600_000, endMs: nowMs, matcherSets: [[{ name: 'instance', type: '=~', value: 'host-1.*' }]] }, signal);
    process.stdout.write(`labelValues with a regex matcher: ${values.length} values in ${(performance.now() - t0).toFixed(0)} ms\n`);
    t0 = performance.now();
    const tr = await s.traces.getTrace('bench', (4242).toString(16).padStart(32, '0'), undefined, signal);
    process.stdout.write(`getTrace without hint: ${tr?.length ?? 0} spans in ${(performance.now() - t0).toFixed(1)} ms\n`);
  } finally {
    await store?.close();
    const size = fs.statSync(path.join(dir, 'bench.duckdb')).size;
    process.stdout.write(`database file: ${(size / 1e6).toFixed(1)} MB\n`);
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

await main();
