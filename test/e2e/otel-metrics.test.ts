/**
 * Real OpenTelemetry JS metric exporters (gRPC, HTTP/protobuf, HTTP/JSON) send a counter, an
 * up-down counter, a histogram and a gauge; the series are read back through the Prometheus
 * API (names, labels, metadata) and the stored samples through the store contract (values and
 * histogram buckets), since the PromQL query API arrives with its own issue.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { MeterProvider, PeriodicExportingMetricReader, AggregationTemporality } from '@opentelemetry/sdk-metrics';
import type { PushMetricExporter } from '@opentelemetry/sdk-metrics';
import { OTLPMetricExporter as GrpcMetricExporter } from '@opentelemetry/exporter-metrics-otlp-grpc';
import { OTLPMetricExporter as ProtoMetricExporter } from '@opentelemetry/exporter-metrics-otlp-proto';
import { OTLPMetricExporter as JsonMetricExporter } from '@opentelemetry/exporter-metrics-otlp-http';
import { getJson, startTestOmniscope } from '../helpers/test-omniscope.js';
import type { TestOmniscope } from '../helpers/test-omniscope.js';
import { labelsToRecord } from '../../src/model/index.js';

async function recordMetrics(exporter: PushMetricExporter, namespace: string): Promise<void> {
  const provider = new MeterProvider({
    resource: resourceFromAttributes({
      'service.name': 'billing',
      'service.namespace': namespace,
      'service.instance.id': 'pod-1',
      'cloud.region': 'eu-west-1',
    }),
    readers: [new PeriodicExportingMetricReader({ exporter, exportIntervalMillis: 3_600_000 })],
  });
  const meter = provider.getMeter('e2e-meter', '0.9.0');
  const requests = meter.createCounter('http.server.requests', { unit: '{request}', description: 'Requests served.' });
  requests.add(3, { 'http.route': '/pay', 'http.status_code': 200 });
  requests.add(2, { 'http.route': '/pay', 'http.status_code': 500 });
  const inflight = meter.createUpDownCounter('jobs.active', { description: 'Jobs running.' });
  inflight.add(5);
  inflight.add(-2);
  const latency = meter.createHistogram('http.server.duration', {
    unit: 'ms',
    description: 'Request latency.',
    advice: { explicitBucketBoundaries: [10, 50, 100] },
  });
  for (const v of [5, 20, 20, 70, 500]) latency.record(v, { 'http.route': '/pay' });
  const temp = meter.createObservableGauge('room.temperature', { unit: 'Cel', description: 'Temperature.' });
  temp.addCallback((r) => r.observe(21.5, { room: 'lab' }));
  await provider.forceFlush();
  await provider.shutdown();
}

describe('OpenTelemetry JS metric exporters to Omniscope', () => {
  let omni: TestOmniscope;
  before(async () => {
    omni = await startTestOmniscope();
  });
  after(async () => {
    await omni.stop();
  });

  async function samples(selector: Record<string, string>): Promise<Map<string, number>> {
    const out = new Map<string, number>();
    const matchers = Object.entries(selector).map(([name, value]) => ({ name, type: '=' as const, value }));
    const now = Date.now();
    for await (const batch of omni.running.store.metrics.selectSamples(
      { tenant: 'default', matchers, startMs: now - 3_600_000, endMs: now + 60_000 },
      undefined,
      AbortSignal.timeout(10_000),
    )) {
      batch.series.forEach((labels, s) => {
        const last = (batch.offsets[s + 1] as number) - 1;
        const rec = labelsToRecord(labels);
        const key = rec.le !== undefined ? `le=${rec.le}` : JSON.stringify(rec);
        out.set(key, batch.values[last] as number);
      });
    }
    return out;
  }

  const transports: Array<[string, () => PushMetricExporter]> = [
    ['grpc', () => new GrpcMetricExporter({ url: omni.otlpGrpcUrl, temporalityPreference: AggregationTemporality.CUMULATIVE })],
    ['http/protobuf', () => new ProtoMetricExporter({ url: `${omni.otlpHttpUrl}/v1/metrics` })],
    ['http/json', () => new JsonMetricExporter({ url: `${omni.baseUrl}/v1/metrics` })],
  ];

  for (const [name, makeExporter] of transports) {
    it(`stores counters, gauges and histograms sent over ${name}`, async () => {
      const ns = `ns-${name.replace('/', '-')}`;
      await recordMetrics(makeExporter(), ns);
      const job = `${ns}/billing`;

      const series = await getJson<{ status: string; data: Array<Record<string, string>> }>(
        `${omni.baseUrl}/api/v1/series?match[]=${encodeURIComponent(`{job="${job}"}`)}`,
      );
      assert.equal(series.status, 'success');
      const names = new Set(series.data.map((s) => s.__name__));
      for (const n of [
        'http_server_requests_total',
        'jobs_active',
        'http_server_duration_milliseconds_bucket',
        'http_server_duration_milliseconds_sum',
        'http_server_duration_milliseconds_count',
        'room_temperature_celsius',
      ]) {
        assert.ok(names.has(n), `series ${n} exists (got ${[...names].join(', ')})`);
      }
      const counter = series.data.find((s) => s.__name__ === 'http_server_requests_total' && s.http_status_code === '500');
      assert.ok(counter);
      assert.equal(counter.instance, 'pod-1');
      assert.equal(counter.http_route, '/pay');
      assert.equal(counter.otel_scope_name, 'e2e-meter');

      const info = await getJson<{ data: Array<Record<string, string>> }>(
        `${omni.baseUrl}/api/v1/series?match[]=${encodeURIComponent(`target_info{job="${job}"}`)}`,
      );
      assert.equal(info.data[0]?.cloud_region, 'eu-west-1');

      const c = await samples({ __name__: 'http_server_requests_total', job, http_status_code: '200' });
      assert.deepEqual([...c.values()], [3]);
      const g = await samples({ __name__: 'jobs_active', job });
      assert.deepEqual([...g.values()], [3]);
      const t = await samples({ __name__: 'room_temperature_celsius', job });
      assert.deepEqual([...t.values()], [21.5]);
      const buckets = await samples({ __name__: 'http_server_duration_milliseconds_bucket', job });
      assert.deepEqual(Object.fromEntries(buckets), { 'le=10': 1, 'le=50': 3, 'le=100': 4, 'le=+Inf': 5 });
      assert.deepEqual([...(await samples({ __name__: 'http_server_duration_milliseconds_sum', job })).values()], [615]);
      assert.deepEqual([...(await samples({ __name__: 'http_server_duration_milliseconds_count', job })).values()], [5]);
    });
  }

  it('serves metadata for the translated families', async () => {
    const meta = await getJson<{ data: Record<string, Array<{ type: string; help: string; unit: string }>> }>(
      `${omni.baseUrl}/api/v1/metadata`,
    );
    const hist = meta.data.http_server_duration_milliseconds;
    assert.equal(hist?.[0]?.type, 'histogram');
    assert.equal(hist?.[0]?.help, 'Request latency.');
    const gauge = meta.data.room_temperature_celsius;
    assert.equal(gauge?.[0]?.type, 'gauge');
  });

  it('rejects delta temporality with a partial-success reason, not silently', async () => {
    const res = await fetch(`${omni.baseUrl}/v1/metrics`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        resourceMetrics: [
          {
            resource: { attributes: [{ key: 'service.name', value: { stringValue: 'delta-svc' } }] },
            scopeMetrics: [
              {
                metrics: [
                  {
                    name: 'delta.counter',
                    sum: {
                      aggregationTemporality: 1,
                      isMonotonic: true,
                      dataPoints: [{ asInt: '4', timeUnixNano: String(BigInt(Date.now()) * 1_000_000n) }],
                    },
                  },
                ],
              },
            ],
          },
        ],
      }),
    });
    assert.equal(res.status, 200);
    const body = (await res.json()) as { partialSuccess?: { rejectedDataPoints?: string; errorMessage?: string } };
    assert.equal(String(body.partialSuccess?.rejectedDataPoints), '1');
    assert.match(body.partialSuccess?.errorMessage ?? '', /delta/i);
  });
});
