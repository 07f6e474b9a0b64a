/**
 * The OTLP example requests of the OpenTelemetry project (../shared/conformance/otlp/), sent as
 * OTLP/JSON. Their timestamps are from 2018: as they are, every record is older than the
 * retention window, and Omniscope must say so in the partial-success answer (not drop them
 * silently). Shifted to now, they must round-trip through the read APIs.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { getJson, startTestOmniscope } from '../helpers/test-omniscope.js';
import type { TestOmniscope } from '../helpers/test-omniscope.js';
import { labelsToRecord } from '../../src/model/index.js';

const DIR = fileURLToPath(new URL('../../../shared/conformance/otlp/', import.meta.url));
const PRESENT = existsSync(DIR);
if (!PRESENT) console.log(`# skipping OTLP example tests: ${DIR} is absent (it is always present in CI)`);

const EXAMPLE_BASE_NS = 1544712660000000000n;

type Json = Record<string, unknown> | unknown[] | string | number | boolean | null;

/** Adds `deltaNs` to every non-zero `...UnixNano` field, keeping relative times exact. */
function shiftTimes(doc: Json, deltaNs: bigint): Json {
  if (Array.isArray(doc)) return doc.map((d) => shiftTimes(d as Json, deltaNs));
  if (doc === null || typeof doc !== 'object') return doc;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(doc)) {
    out[k] = k.endsWith('UnixNano') && (typeof v === 'string' || typeof v === 'number') && BigInt(v) !== 0n ? String(BigInt(v) + deltaNs) : shiftTimes(v as Json, deltaNs);
  }
  return out;
}

function load(name: string): Json {
  return JSON.parse(readFileSync(`${DIR}${name}`, 'utf8')) as Json;
}

async function postJson(omni: TestOmniscope, path: string, doc: Json): Promise<Record<string, Record<string, string>>> {
  const res = await fetch(`${omni.baseUrl}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(doc) });
  assert.equal(res.status, 200, await res.clone().text());
  return (await res.json()) as Record<string, Record<string, string>>;
}

const spansOf = (doc: Json): Array<Record<string, unknown>> =>
  ((doc as { resourceSpans: Array<{ scopeSpans: Array<{ spans: Array<Record<string, unknown>> }> }> }).resourceSpans).flatMap((r) => r.scopeSpans.flatMap((s) => s.spans));
const logRecordsOf = (doc: Json): Array<Record<string, unknown>> =>
  ((doc as { resourceLogs: Array<{ scopeLogs: Array<{ logRecords: Array<Record<string, unknown>> }> }> }).resourceLogs).flatMap((r) => r.scopeLogs.flatMap((s) => s.logRecords));

describe('OTLP example requests', { skip: !PRESENT }, () => {
  let omni: TestOmniscope;
  const deltaNs = (BigInt(Date.now()) - 60_000n) * 1_000_000n - EXAMPLE_BASE_NS;
  before(async () => {
    omni = await startTestOmniscope();
  });
  after(async () => {
    await omni.stop();
  });

  it('refuses the 2018 timestamps as older than retention, in the partial-success answer', async () => {
    const traces = await postJson(omni, '/v1/traces', load('trace.json'));
    assert.equal(String(traces.partialSuccess?.rejectedSpans), String(spansOf(load('trace.json')).length));
    assert.match(traces.partialSuccess?.errorMessage ?? '', /older than the retention window \(15d\)/);
    for (const f of ['logs.json', 'events.json']) {
      const logs = await postJson(omni, '/v1/logs', load(f));
      assert.equal(String(logs.partialSuccess?.rejectedLogRecords), String(logRecordsOf(load(f)).length), f);
      assert.match(logs.partialSuccess?.errorMessage ?? '', /retention/);
    }
    const metrics = await postJson(omni, '/v1/metrics', load('metrics.json'));
    assert.ok(Number(metrics.partialSuccess?.rejectedDataPoints) >= 4);
    assert.match(metrics.partialSuccess?.errorMessage ?? '', /retention/);
    const services = await getJson<{ data: string[] }>(`${omni.baseUrl}/jaeger/api/services`);
    assert.deepEqual(services.data, [], 'nothing was stored');
  });

  it('round-trips trace.json shifted to now', async () => {
    const doc = shiftTimes(load('trace.json'), deltaNs);
    const answer = await postJson(omni, '/v1/traces', doc);
    assert.deepEqual(answer, {});
    const want = spansOf(doc);
    const traceId = String(want[0]?.traceId).toLowerCase();
    const got = await getJson<{ trace: { resourceSpans: Array<{ scopeSpans: Array<{ scope: { name: string }; spans: Array<Record<string, unknown>> }> }> } }>(
      `${omni.baseUrl}/api/v2/traces/${traceId}`,
    );
    const spans = got.trace.resourceSpans.flatMap((r) => r.scopeSpans.flatMap((s) => s.spans));
    assert.equal(spans.length, want.length);
    for (const w of want) {
      const spanIdB64 = Buffer.from(String(w.spanId), 'hex').toString('base64');
      const g = spans.find((s) => s.spanId === spanIdB64);
      assert.ok(g, `span ${String(w.name)}`);
      assert.equal(g.name, w.name);
      assert.equal(g.startTimeUnixNano, w.startTimeUnixNano);
      assert.equal(g.endTimeUnixNano, w.endTimeUnixNano);
      assert.deepEqual(
        ((g.attributes as Array<{ key: string }>) ?? []).map((a) => a.key).sort(),
        ((w.attributes as Array<{ key: string }>) ?? []).map((a) => a.key).sort(),
      );
    }
    assert.equal(got.trace.resourceSpans[0]?.scopeSpans[0]?.scope.name, 'my.library');
  });

  it('round-trips logs.json and events.json shifted to now', async () => {
    for (const f of ['logs.json', 'events.json']) {
      const doc = shiftTimes(load(f), deltaNs);
      assert.deepEqual(await postJson(omni, '/v1/logs', doc), {}, f);
    }
    const nowNs = BigInt(Date.now()) * 1_000_000n;
    const url = `${omni.baseUrl}/loki/api/v1/query_range?query=${encodeURIComponent('{service_name="my.service"}')}&start=${nowNs - 3_600_000_000_000n}&end=${nowNs}&direction=forward`;
    const res = await getJson<{ data: { result: Array<{ stream: Record<string, string>; values: Array<[string, string, { structuredMetadata?: Record<string, string> }]> }> } }>(
      url,
      { 'X-Loki-Response-Encoding-Flags': 'categorize-labels' },
    );
    const entries = res.data.result.flatMap((s) => s.values.map((v) => ({ stream: s.stream, ts: v[0], line: v[1], meta: v[2]?.structuredMetadata ?? {} })));
    const wantLogs = [...logRecordsOf(shiftTimes(load('logs.json'), deltaNs)), ...logRecordsOf(shiftTimes(load('events.json'), deltaNs))];
    assert.equal(entries.length, wantLogs.length);
    const example = entries.find((e) => e.line === 'Example log record');
    assert.ok(example);
    assert.equal(example.ts, String(wantLogs[0]?.timeUnixNano));
    assert.equal(example.stream.level, 'info');
    assert.equal(example.meta.trace_id, '5b8efff798038103d269b633813fc60c');
    assert.equal(example.meta.int_attribute, '10');
    assert.equal(example.meta.boolean_attribute, 'true');
    const event = entries.find((e) => e.meta.event_name === 'browser.page_view');
    assert.ok(event, 'the event record carries its event name');
    assert.match(event.line, /guidgenerator/);
  });

  it('stores the gauge of metrics.json shifted to now and names why the rest is refused', async () => {
    const doc = shiftTimes(load('metrics.json'), deltaNs);
    const answer = await postJson(omni, '/v1/metrics', doc);
    assert.equal(String(answer.partialSuccess?.rejectedDataPoints), '3');
    assert.match(answer.partialSuccess?.errorMessage ?? '', /delta/);
    assert.match(answer.partialSuccess?.errorMessage ?? '', /xponential/);
    // The same request with cumulative temporality: counter and histogram are stored too.
    const cumulative = JSON.parse(JSON.stringify(doc).replaceAll('"aggregationTemporality":1', '"aggregationTemporality":2')) as Json;
    const answer2 = await postJson(omni, '/v1/metrics', cumulative);
    assert.equal(String(answer2.partialSuccess?.rejectedDataPoints), '1', 'only the exponential histogram');
    const series = await getJson<{ data: Array<Record<string, string>> }>(`${omni.baseUrl}/api/v1/series?match[]=${encodeURIComponent('{job="my.service"}')}`);
    const names = new Set(series.data.map((s) => s.__name__));
    for (const n of ['my_gauge_ratio', 'my_counter_total', 'my_histogram_bucket', 'my_histogram_sum', 'my_histogram_count']) assert.ok(names.has(n), n);
    const now = Date.now();
    const values = new Map<string, number>();
    for await (const b of omni.running.store.metrics.selectSamples(
      { tenant: 'default', matchers: [{ name: 'job', type: '=', value: 'my.service' }], startMs: now - 3_600_000, endMs: now },
      undefined,
      AbortSignal.timeout(10_000),
    )) {
      b.series.forEach((labels, s) => {
        const r = labelsToRecord(labels);
        values.set(`${r.__name__}${r.le ? `{le=${r.le}}` : ''}`, b.values[b.offsets[s] as number] as number);
      });
    }
    assert.equal(values.get('my_gauge_ratio'), 10);
    assert.equal(values.get('my_counter_total'), 5);
    assert.equal(values.get('my_histogram_bucket{le=1}'), 1);
    assert.equal(values.get('my_histogram_bucket{le=+Inf}'), 2);
    assert.equal(values.get('my_histogram_count'), 2);
  });
});
