/**
 * Overload: with a tiny write queue, concurrent OTLP writes beyond it are refused with 503 and
 * Retry-After (OTLP/gRPC: UNAVAILABLE), which exporters retry; every write that was answered
 * 200 is stored, and the server keeps working.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { getJson, startTestOmniscope } from '../helpers/test-omniscope.js';
import type { TestOmniscope } from '../helpers/test-omniscope.js';

const SPANS = 500;

function body(n: number): string {
  const now = BigInt(Date.now()) * 1_000_000n;
  const spans = Array.from({ length: SPANS }, (_, i) => ({
    traceId: (n + 1).toString(16).padStart(32, '0'),
    spanId: (i + 1).toString(16).padStart(16, '0'),
    name: 'op',
    startTimeUnixNano: String(now),
    endTimeUnixNano: String(now + 1n),
  }));
  return JSON.stringify({ resourceSpans: [{ resource: { attributes: [{ key: 'service.name', value: { stringValue: 'busy' } }] }, scopeSpans: [{ spans }] }] });
}

describe('overload', () => {
  let omni: TestOmniscope;
  before(async () => {
    omni = await startTestOmniscope({}, 'limits:\n  max_pending_write_rows: 1\n');
  });
  after(async () => {
    await omni.stop();
  });

  it('answers 503 with Retry-After beyond the write queue, and keeps every acknowledged write', async () => {
    const results = await Promise.all(
      Array.from({ length: 24 }, async (_, n) => {
        const res = await fetch(`${omni.baseUrl}/v1/traces`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: body(n) });
        const json = (await res.json()) as { code?: number; message?: string };
        return { n, status: res.status, retryAfter: res.headers.get('retry-after'), json };
      }),
    );
    const refused = results.filter((r) => r.status === 503);
    const accepted = results.filter((r) => r.status === 200);
    assert.ok(refused.length > 0, 'some writes were refused');
    assert.ok(accepted.length > 0, 'some writes were accepted');
    assert.equal(refused.length + accepted.length, results.length, 'nothing but 200 or 503');
    for (const r of refused) {
      assert.ok(Number(r.retryAfter) >= 1, 'Retry-After is set');
      assert.equal(r.json.code, 14, 'UNAVAILABLE status code in the body');
      assert.match(r.json.message ?? '', /queue full/);
    }
    for (const r of accepted) {
      const trace = await getJson<{ batches: Array<{ scopeSpans: Array<{ spans: unknown[] }> }> }>(`${omni.baseUrl}/api/traces/${(r.n + 1).toString(16).padStart(32, '0')}`);
      assert.equal(trace.batches.flatMap((b) => b.scopeSpans.flatMap((s) => s.spans)).length, SPANS);
    }
    const metrics = await (await fetch(`${omni.baseUrl}/metrics`)).text();
    assert.match(metrics, /omniscope_ingest_records_rejected_total\{signal="traces",protocol="otlp_http",reason="overload"\} \d+/);
  });
});
