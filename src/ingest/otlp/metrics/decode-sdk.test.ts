import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ValueType } from '@opentelemetry/api';
import { JsonMetricsSerializer, ProtobufMetricsSerializer } from '@opentelemetry/otlp-transformer';
import { resourceFromAttributes } from '@opentelemetry/resources';
import type { ResourceMetrics, ViewOptions } from '@opentelemetry/sdk-metrics';
import { AggregationTemporality, AggregationType, MeterProvider, MetricReader } from '@opentelemetry/sdk-metrics';
import type { MetricBatch } from '../../../model/index.js';
import { isStaleNaN } from '../../../model/index.js';
import { REJECT_DELTA, REJECT_EXPONENTIAL_HISTOGRAM, decodeMetricsJson, decodeMetricsProto } from './index.js';

/** A pull reader: `collect()` gives the SDK's ResourceMetrics, as an exporter would get them. */
class TestReader extends MetricReader {
  protected override async onForceFlush(): Promise<void> {}
  protected override async onShutdown(): Promise<void> {}
}

const CONTEXT = ['job', 'instance', 'otel_scope_name', 'otel_scope_version', 'otel_scope_schema_url'];

/** `name{labels} value` per sample, sorted, leaving out the labels in `omit`. */
function render(batch: MetricBatch, omit: readonly string[] = CONTEXT): string[] {
  const out: string[] = [];
  for (let i = 0; i < batch.values.length; i++) {
    const labels = batch.series[batch.seriesIndex[i] as number] ?? [];
    const name = labels.find((l) => l.name === '__name__')?.value ?? '';
    const rest = labels.filter((l) => l.name !== '__name__' && !omit.includes(l.name)).map((l) => `${l.name}=${JSON.stringify(l.value)}`);
    out.push(`${name}{${rest.join(',')}} ${batch.values[i]}`);
  }
  return out.sort();
}

async function collect(temporality: AggregationTemporality, views: ViewOptions[] = []): Promise<ResourceMetrics> {
  const reader = new TestReader({ aggregationTemporalitySelector: () => temporality });
  const provider = new MeterProvider({
    resource: resourceFromAttributes({
      'service.name': 'checkout',
      'service.namespace': 'shop',
      'service.instance.id': 'pod-1',
      'deployment.environment': 'prod',
      'host.cpu.count': 8,
      'k8s.ready': true,
    }),
    readers: [reader],
    views,
  });
  const meter = provider.getMeter('checkout-meter', '1.2.3', { schemaUrl: 'https://opentelemetry.io/schemas/1.26.0' });

  const requests = meter.createCounter('http.server.requests', { unit: '{request}', description: 'Requests served', valueType: ValueType.INT });
  requests.add(3, { 'http.route': '/a', 'http.status_code': 200 });
  requests.add(2, { 'http.route': '/a', 'http.status_code': 200 });
  requests.add(1, { 'http.route': '/b', 'http.status_code': 503, retried: true });

  const depth = meter.createUpDownCounter('queue.depth', { unit: '{item}', description: 'Items waiting' });
  depth.add(5, { queue: 'emails' });
  depth.add(-2, { queue: 'emails' });

  const duration = meter.createHistogram('http.server.duration', {
    unit: 'ms',
    description: 'Request duration',
    advice: { explicitBucketBoundaries: [10, 100, 1000] },
  });
  for (const v of [5, 50, 50, 5000]) duration.record(v, { 'http.route': '/a', ratio: 0.5, tags: ['x', 'y'] });

  const memory = meter.createObservableGauge('process.memory.usage', { unit: 'By' });
  memory.addCallback((result) => {
    result.observe(1024, { kind: 'heap' });
    result.observe(2048, { kind: 'rss', 'a.b': 'dot', a_b: 'underscore' });
  });
  const cpu = meter.createObservableGauge('cpu.utilization', { unit: '1' });
  cpu.addCallback((result) => result.observe(0.25));

  const { resourceMetrics, errors } = await reader.collect();
  assert.deepEqual(errors, []);
  await provider.shutdown();
  return resourceMetrics;
}

function latestMs(rm: ResourceMetrics): number {
  let latest = 0;
  for (const sm of rm.scopeMetrics) {
    for (const m of sm.metrics) {
      for (const p of m.dataPoints) latest = Math.max(latest, p.endTime[0] * 1000 + Math.floor(p.endTime[1] / 1e6));
    }
  }
  return latest;
}

const EXPECTED_CUMULATIVE = [
  'cpu_utilization_ratio{} 0.25',
  'http_server_duration_milliseconds_bucket{http_route="/a",le="+Inf",ratio="0.5",tags="[\\"x\\",\\"y\\"]"} 4',
  'http_server_duration_milliseconds_bucket{http_route="/a",le="10",ratio="0.5",tags="[\\"x\\",\\"y\\"]"} 1',
  'http_server_duration_milliseconds_bucket{http_route="/a",le="100",ratio="0.5",tags="[\\"x\\",\\"y\\"]"} 3',
  'http_server_duration_milliseconds_bucket{http_route="/a",le="1000",ratio="0.5",tags="[\\"x\\",\\"y\\"]"} 3',
  'http_server_duration_milliseconds_count{http_route="/a",ratio="0.5",tags="[\\"x\\",\\"y\\"]"} 4',
  'http_server_duration_milliseconds_sum{http_route="/a",ratio="0.5",tags="[\\"x\\",\\"y\\"]"} 5105',
  'http_server_requests_total{http_route="/a",http_status_code="200"} 5',
  'http_server_requests_total{http_route="/b",http_status_code="503",retried="true"} 1',
  'process_memory_usage_bytes{a_b="dot;underscore",kind="rss"} 2048',
  'process_memory_usage_bytes{kind="heap"} 1024',
  'queue_depth{queue="emails"} 3',
  'target_info{deployment_environment="prod",host_cpu_count="8",k8s_ready="true"} 1',
];

describe('decoding what the OpenTelemetry JS SDK exports', () => {
  it('translates counter, up-down counter, histogram and gauges from protobuf exactly', async () => {
    const rm = await collect(AggregationTemporality.CUMULATIVE);
    const body = ProtobufMetricsSerializer.serializeRequest(rm);
    assert.ok(body);
    const { batch, rejected, rejectionMessages } = decodeMetricsProto(body, 'tenant-a');
    assert.equal(rejected, 0);
    assert.deepEqual(rejectionMessages, []);
    assert.equal(batch.tenant, 'tenant-a');
    assert.deepEqual(render(batch), EXPECTED_CUMULATIVE);

    // Every series carries the resource identity and the scope; target_info only the identity.
    for (const labels of batch.series) {
      const get = (n: string) => labels.find((l) => l.name === n)?.value;
      assert.equal(get('job'), 'shop/checkout');
      assert.equal(get('instance'), 'pod-1');
      const isTargetInfo = get('__name__') === 'target_info';
      assert.equal(get('otel_scope_name'), isTargetInfo ? undefined : 'checkout-meter');
      assert.equal(get('otel_scope_version'), isTargetInfo ? undefined : '1.2.3');
      assert.equal(get('otel_scope_schema_url'), isTargetInfo ? undefined : 'https://opentelemetry.io/schemas/1.26.0');
      const names = labels.map((l) => l.name);
      assert.deepEqual(names, [...names].sort(), 'labels are sorted');
    }
    // Timestamps are the points' end times in ms; target_info is at the latest of them.
    const latest = latestMs(rm);
    for (const ts of batch.timestampsMs) {
      assert.ok(Number.isInteger(ts) && ts <= latest && ts > latest - 60_000, `timestamp ${ts} near ${latest}`);
    }
    const targetIdx = batch.series.findIndex((s) => s.some((l) => l.value === 'target_info'));
    assert.equal(batch.timestampsMs[batch.seriesIndex.indexOf(targetIdx)], latest);

    assert.deepEqual(
      [...batch.metadata].sort((a, b) => a.metricFamilyName.localeCompare(b.metricFamilyName)),
      [
        { metricFamilyName: 'cpu_utilization_ratio', type: 'gauge', help: '', unit: 'ratio' },
        { metricFamilyName: 'http_server_duration_milliseconds', type: 'histogram', help: 'Request duration', unit: 'milliseconds' },
        { metricFamilyName: 'http_server_requests_total', type: 'counter', help: 'Requests served', unit: '' },
        { metricFamilyName: 'process_memory_usage_bytes', type: 'gauge', help: '', unit: 'bytes' },
        { metricFamilyName: 'queue_depth', type: 'gauge', help: 'Items waiting', unit: '' },
        { metricFamilyName: 'target_info', type: 'gauge', help: 'Target metadata', unit: '' },
      ],
    );
  });

  it('gives the same series from the SDK JSON serializer', async () => {
    const rm = await collect(AggregationTemporality.CUMULATIVE);
    const proto = decodeMetricsProto(ProtobufMetricsSerializer.serializeRequest(rm) as Uint8Array, 't');
    const json = decodeMetricsJson(JsonMetricsSerializer.serializeRequest(rm) as Uint8Array, 't');
    assert.equal(json.rejected, 0);
    assert.deepEqual(render(json.batch, []), render(proto.batch, []));
    assert.deepEqual([...json.batch.timestampsMs].sort(), [...proto.batch.timestampsMs].sort());
    assert.deepEqual(json.batch.metadata, proto.batch.metadata);
  });

  it('rejects delta sums and histograms, counting their points, and keeps gauges', async () => {
    const rm = await collect(AggregationTemporality.DELTA);
    for (const decoded of [
      decodeMetricsProto(ProtobufMetricsSerializer.serializeRequest(rm) as Uint8Array, 't'),
      decodeMetricsJson(JsonMetricsSerializer.serializeRequest(rm) as Uint8Array, 't'),
    ]) {
      // 2 counter series + 1 up-down counter series + 1 histogram series.
      assert.equal(decoded.rejected, 4);
      assert.deepEqual(decoded.rejectionMessages, [
        `metric "http.server.requests": ${REJECT_DELTA}`,
        `metric "queue.depth": ${REJECT_DELTA}`,
        `metric "http.server.duration": ${REJECT_DELTA}`,
      ]);
      assert.match(REJECT_DELTA, /OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE=cumulative/);
      assert.deepEqual(render(decoded.batch), [
        'cpu_utilization_ratio{} 0.25',
        'process_memory_usage_bytes{a_b="dot;underscore",kind="rss"} 2048',
        'process_memory_usage_bytes{kind="heap"} 1024',
        'target_info{deployment_environment="prod",host_cpu_count="8",k8s_ready="true"} 1',
      ]);
    }
  });

  it('rejects exponential histograms with a reason', async () => {
    const rm = await collect(AggregationTemporality.CUMULATIVE, [
      { instrumentName: 'http.server.duration', aggregation: { type: AggregationType.EXPONENTIAL_HISTOGRAM } },
    ]);
    const decoded = decodeMetricsProto(ProtobufMetricsSerializer.serializeRequest(rm) as Uint8Array, 't');
    assert.equal(decoded.rejected, 1);
    assert.deepEqual(decoded.rejectionMessages, [`metric "http.server.duration": ${REJECT_EXPONENTIAL_HISTOGRAM}`]);
    assert.match(REJECT_EXPONENTIAL_HISTOGRAM, /native histograms/);
    assert.equal(render(decoded.batch).filter((l) => l.startsWith('http_server_duration')).length, 0);
    assert.equal(render(decoded.batch).length, EXPECTED_CUMULATIVE.length - 6);
    assert.ok(!decoded.batch.values.some(isStaleNaN));
  });
});
