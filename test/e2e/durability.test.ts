/**
 * The durability contract, end to end: a 2xx from Omniscope means the data survives `kill -9`
 * right after. Writers for all three signals run concurrently against a separate Omniscope
 * process; it is killed with SIGKILL while requests are in flight; after a restart on the same
 * data directory every acknowledged record must be readable. A SIGTERM stop must exit 0.
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startOmniscopeProcess } from '../helpers/omniscope-process.js';
import type { OmniscopeProcess } from '../helpers/omniscope-process.js';

const SPANS_PER_REQUEST = 20;

/** Distinct for every n: a fixed non-zero first digit, then n zero-padded (padding with a hex digit would make 0x0 and 0xa0 collide). */
function traceIdOf(n: number): string {
  return `a${n.toString(16).padStart(31, '0')}`;
}

function tracesBody(n: number, nowNs: bigint): string {
  const spans = Array.from({ length: SPANS_PER_REQUEST }, (_, i) => ({
    traceId: traceIdOf(n),
    spanId: (i + 1).toString(16).padStart(16, '0'),
    name: `op-${i}`,
    kind: 2,
    startTimeUnixNano: String(nowNs),
    endTimeUnixNano: String(nowNs + 1000n),
  }));
  return JSON.stringify({
    resourceSpans: [{ resource: { attributes: [{ key: 'service.name', value: { stringValue: 'durable' } }] }, scopeSpans: [{ spans }] }],
  });
}

function metricsBody(n: number, nowNs: bigint): string {
  return JSON.stringify({
    resourceMetrics: [
      {
        resource: { attributes: [{ key: 'service.name', value: { stringValue: 'durable' } }] },
        scopeMetrics: [{ metrics: [{ name: 'durability_probe', gauge: { dataPoints: [{ asDouble: n, timeUnixNano: String(nowNs), attributes: [{ key: 'req', value: { stringValue: String(n) } }] }] } }] }],
      },
    ],
  });
}

function logsBody(n: number, nowNs: bigint): string {
  return JSON.stringify({
    resourceLogs: [
      {
        resource: { attributes: [{ key: 'service.name', value: { stringValue: 'durable' } }] },
        scopeLogs: [{ logRecords: [{ timeUnixNano: String(nowNs + BigInt(n)), severityNumber: 9, body: { stringValue: `durable line ${n}` } }] }],
      },
    ],
  });
}

async function post(port: number, path: string, body: string): Promise<boolean> {
  try {
    const res = await fetch(`http://127.0.0.1:${port}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    await res.arrayBuffer();
    return res.ok;
  } catch {
    return false; // the process was killed mid-request: not acknowledged
  }
}

describe('durability', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'omniscope-durability-'));
  let proc: OmniscopeProcess | null = null;
  after(async () => {
    if (proc) await proc.kill9().catch(() => undefined);
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('keeps every acknowledged span, sample and log record after kill -9', async () => {
    proc = await startOmniscopeProcess(dataDir);
    const port = proc.otlpHttpPort;
    const nowNs = BigInt(Date.now()) * 1_000_000n;
    const acked = { traces: [] as number[], metrics: [] as number[], logs: [] as number[] };
    let stop = false;
    let next = 0;
    const writer = async (signal: keyof typeof acked, body: (n: number, t: bigint) => string): Promise<void> => {
      while (!stop) {
        const n = next++;
        if (await post(port, `/v1/${signal}`, body(n, nowNs))) acked[signal].push(n);
      }
    };
    const writers = [
      writer('traces', tracesBody),
      writer('traces', tracesBody),
      writer('metrics', metricsBody),
      writer('logs', logsBody),
    ];
    // Kill once a good number of writes were acknowledged, while the writers are still busy.
    while (acked.traces.length < 60 || acked.metrics.length < 30 || acked.logs.length < 30) {
      await new Promise((r) => setTimeout(r, 20));
    }
    await proc.kill9();
    stop = true;
    await Promise.all(writers);

    proc = await startOmniscopeProcess(dataDir);
    const base = `http://127.0.0.1:${proc.httpPort}`;
    for (const n of acked.traces) {
      const res = await fetch(`${base}/api/traces/${traceIdOf(n)}`);
      assert.equal(res.status, 200, `acknowledged trace ${n} survived`);
      const body = (await res.json()) as { batches: Array<{ scopeSpans: Array<{ spans: unknown[] }> }> };
      const count = body.batches.flatMap((b) => b.scopeSpans.flatMap((s) => s.spans)).length;
      assert.equal(count, SPANS_PER_REQUEST, `all spans of trace ${n}`);
    }
    const series = (await (await fetch(`${base}/api/v1/series?match[]=durability_probe`)).json()) as { data: Array<{ req: string }> };
    const reqs = new Set(series.data.map((s) => Number(s.req)));
    for (const n of acked.metrics) assert.ok(reqs.has(n), `acknowledged sample ${n} survived`);
    const start = (nowNs - 10n ** 9n).toString();
    const end = (nowNs + 10n ** 12n).toString();
    const logs = (await (
      await fetch(`${base}/loki/api/v1/query_range?query=${encodeURIComponent('{service_name="durable"}')}&start=${start}&end=${end}&limit=5000`)
    ).json()) as { data: { result: Array<{ values: Array<[string, string]> }> } };
    const lines = new Set(logs.data.result.flatMap((s) => s.values.map((v) => v[1])));
    for (const n of acked.logs) assert.ok(lines.has(`durable line ${n}`), `acknowledged log ${n} survived`);
  });

  it('stops cleanly on SIGTERM and keeps the data', async () => {
    assert.ok(proc);
    const code = await proc.stop();
    assert.equal(code, 0);
    proc = await startOmniscopeProcess(dataDir);
    const res = await fetch(`http://127.0.0.1:${proc.httpPort}/jaeger/api/services`);
    const body = (await res.json()) as { data: string[] };
    assert.ok(body.data.includes('durable'));
    assert.equal(await proc.stop(), 0);
    proc = null;
  });
});
