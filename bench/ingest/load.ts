/**
 * The load generator, a separate process: POSTs OTLP/HTTP protobuf requests of one signal to
 * Omniscope from `--concurrency` loops for `--duration` seconds, then prints one JSON line with
 * accepted records, request count and latency percentiles. Each loop builds 8 request
 * templates up front and stamps every request with a unique trace-id prefix (spans, logs) or a
 * fresh timestamp (metrics); see payloads.ts.
 */
import { Agent, request } from 'node:http';
import { parseArgs } from 'node:util';
import { ID_MARKER, TIME_MARKER_NS, logsRequest, metricsRequest, patchMarker, traceRequest, u64Bytes } from './payloads.js';

const { values } = parseArgs({
  options: {
    url: { type: 'string' },
    signal: { type: 'string' },
    duration: { type: 'string', default: '60' },
    concurrency: { type: 'string', default: '4' },
    batch: { type: 'string', default: '1000' },
  },
});
const signal = values.signal as 'traces' | 'metrics' | 'logs';
const durationMs = Number(values.duration) * 1000;
const concurrency = Number(values.concurrency);
const batch = Number(values.batch);
const url = `${values.url}/v1/${signal}`;

// node:http with keep-alive costs the generator a fraction of what fetch does per request, so
// more of the machine's two cores are left to the server being measured.
const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
const target = new URL(url);

function post(body: Buffer): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      { agent, host: target.hostname, port: target.port, path: target.pathname, method: 'POST', headers: { 'content-type': 'application/x-protobuf', 'content-length': body.length } },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

const latenciesMs: number[] = [];
let records = 0;
let requests = 0;
let failures = 0;
let seq = 0;
let started = performance.now();
let deadline = started + durationMs;
let metricTsNs = BigInt(Date.now() - 3_600_000) * 1_000_000n;

const TEMPLATES_PER_LOOP = 8;
const nowNs = BigInt(Date.now()) * 1_000_000n;
const timeMarker = u64Bytes(TIME_MARKER_NS, true);

function buildTemplates(worker: number): Buffer[] {
  return Array.from({ length: TEMPLATES_PER_LOOP }, (_, k) => {
    if (signal === 'traces') return Buffer.from(traceRequest(k, batch, nowNs, worker));
    if (signal === 'logs') return Buffer.from(logsRequest(k, batch, nowNs, worker));
    return Buffer.from(metricsRequest(batch, TIME_MARKER_NS, worker, k));
  });
}

async function loop(templates: readonly Buffer[], worker: number): Promise<void> {
  while (performance.now() < deadline) {
    const n = seq++;
    const template = templates[n % TEMPLATES_PER_LOOP] as Buffer;
    let body: Buffer;
    if (signal === 'metrics') {
      // Each request is one scrape-like snapshot of `batch` series per worker, 1 s apart.
      metricTsNs += 1_000_000_000n;
      body = patchMarker(template, timeMarker, u64Bytes(metricTsNs, true));
    } else {
      body = patchMarker(template, ID_MARKER, u64Bytes(0x8000_0000_0000_0000n | (BigInt(worker) << 48n) | BigInt(n), false));
    }
    const t0 = performance.now();
    const status = await post(body);
    latenciesMs.push(performance.now() - t0);
    requests++;
    if (status >= 200 && status < 300) records += signal === 'metrics' ? Math.max(1, Math.floor(batch / 10)) * 10 : batch;
    else {
      failures++;
      if (status === 503 || status === 429) await new Promise((r) => setTimeout(r, 100));
    }
  }
}

// Templates take seconds to encode; the clock starts once they exist, so only sending is timed.
const templatesByLoop = Array.from({ length: concurrency }, (_, i) => buildTemplates(i));
started = performance.now();
deadline = started + durationMs;
await Promise.all(templatesByLoop.map((templates, i) => loop(templates, i)));
agent.destroy();
const elapsedS = (performance.now() - started) / 1000;
latenciesMs.sort((a, b) => a - b);
const pct = (p: number): number => latenciesMs[Math.min(latenciesMs.length - 1, Math.floor(p * latenciesMs.length))] ?? NaN;
process.stdout.write(
  `${JSON.stringify({ signal, records, requests, failures, elapsedS, p50Ms: pct(0.5), p99Ms: pct(0.99) })}\n`,
);
