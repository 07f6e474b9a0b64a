/**
 * Real OpenTelemetry JS log exporters (gRPC, HTTP/protobuf, HTTP/JSON) send log records; they
 * are read back through the Loki API, with stream labels, structured metadata, nanosecond
 * timestamps and trace context.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ROOT_CONTEXT, trace, TraceFlags } from '@opentelemetry/api';
import { SeverityNumber } from '@opentelemetry/api-logs';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { LoggerProvider, SimpleLogRecordProcessor } from '@opentelemetry/sdk-logs';
import type { LogRecordExporter } from '@opentelemetry/sdk-logs';
import { OTLPLogExporter as GrpcLogExporter } from '@opentelemetry/exporter-logs-otlp-grpc';
import { OTLPLogExporter as ProtoLogExporter } from '@opentelemetry/exporter-logs-otlp-proto';
import { OTLPLogExporter as JsonLogExporter } from '@opentelemetry/exporter-logs-otlp-http';
import { getJson, startTestOmniscope } from '../helpers/test-omniscope.js';
import type { TestOmniscope } from '../helpers/test-omniscope.js';

interface LokiStreams {
  status: string;
  data: { resultType: string; result: Array<{ stream: Record<string, string>; values: Array<[string, string, { structuredMetadata?: Record<string, string> }?]> }> };
}

const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const SPAN_ID = '00f067aa0ba902b7';

async function emitLogs(exporter: LogRecordExporter, service: string, baseNs: bigint): Promise<void> {
  const provider = new LoggerProvider({
    resource: resourceFromAttributes({ 'service.name': service, 'deployment.environment': 'test', 'host.name': 'box-1' }),
    processors: [new SimpleLogRecordProcessor({ exporter })],
  });
  const logger = provider.getLogger('e2e-logger', '2.0.0');
  const ctx = trace.setSpanContext(ROOT_CONTEXT, { traceId: TRACE_ID, spanId: SPAN_ID, traceFlags: TraceFlags.SAMPLED });
  const ms = Number(baseNs / 1_000_000n);
  logger.emit({ severityNumber: SeverityNumber.INFO, severityText: 'INFO', body: 'order accepted', timestamp: [Math.floor(ms / 1000), Number(baseNs % 1_000_000_000n)], attributes: { 'order.id': 42, 'user.vip': true } });
  logger.emit({ severityNumber: SeverityNumber.ERROR, severityText: 'ERROR', body: 'payment failed', timestamp: [Math.floor(ms / 1000), Number((baseNs + 5n) % 1_000_000_000n)], attributes: { 'error.type': 'CardDeclined' }, context: ctx });
  await provider.forceFlush();
  await provider.shutdown();
}

describe('OpenTelemetry JS log exporters to Omniscope', () => {
  let omni: TestOmniscope;
  before(async () => {
    omni = await startTestOmniscope();
  });
  after(async () => {
    await omni.stop();
  });

  const transports: Array<[string, () => LogRecordExporter]> = [
    ['grpc', () => new GrpcLogExporter({ url: omni.otlpGrpcUrl })],
    ['http/protobuf', () => new ProtoLogExporter({ url: `${omni.otlpHttpUrl}/v1/logs` })],
    ['http/json', () => new JsonLogExporter({ url: `${omni.baseUrl}/v1/logs` })],
  ];

  for (const [name, makeExporter] of transports) {
    it(`reads back log records sent over ${name} through the Loki API`, async () => {
      const service = `shop-${name.replace('/', '-')}`;
      // A base time with non-zero nanoseconds below the millisecond, a second ago.
      const baseNs = (BigInt(Date.now()) - 1000n) * 1_000_000n + 123_456n;
      await emitLogs(makeExporter(), service, baseNs);
      const q = encodeURIComponent(`{service_name="${service}"}`);
      const start = (baseNs - 60_000_000_000n).toString();
      const end = (baseNs + 60_000_000_000n).toString();
      const url = `${omni.baseUrl}/loki/api/v1/query_range?query=${q}&start=${start}&end=${end}&limit=10`;
      const res = await getJson<LokiStreams>(url, { 'X-Loki-Response-Encoding-Flags': 'categorize-labels' });
      assert.equal(res.status, 'success');
      assert.equal(res.data.resultType, 'streams');
      const entries = res.data.result.flatMap((s) => s.values.map((v) => ({ stream: s.stream, ts: v[0], line: v[1], meta: v[2]?.structuredMetadata ?? {} })));
      assert.equal(entries.length, 2);
      assert.deepEqual(entries.map((e) => e.line), ['payment failed', 'order accepted'], 'newest first by default');
      const failed = entries[0];
      assert.ok(failed);
      assert.equal(failed.ts, (baseNs + 5n).toString(), 'nanosecond timestamp');
      assert.equal(failed.stream.service_name, service);
      assert.equal(failed.stream.level, 'error');
      assert.equal(failed.stream.deployment_environment, 'test');
      assert.equal(failed.meta.trace_id, TRACE_ID);
      assert.equal(failed.meta.span_id, SPAN_ID);
      assert.equal(failed.meta.error_type, 'CardDeclined');
      assert.equal(entries[1]?.meta.order_id, '42');
      assert.equal(entries[1]?.meta.host_name, 'box-1');

      const errorsOnly = await getJson<LokiStreams>(
        `${omni.baseUrl}/loki/api/v1/query_range?query=${encodeURIComponent(`{service_name="${service}", level=~"err.*"}`)}&start=${start}&end=${end}`,
      );
      assert.deepEqual(errorsOnly.data.result.flatMap((s) => s.values.map((v) => v[1])), ['payment failed']);
    });
  }

  it('lists stream labels and values', async () => {
    const labels = await getJson<{ data: string[] }>(`${omni.baseUrl}/loki/api/v1/labels`);
    for (const l of ['service_name', 'level', 'deployment_environment']) assert.ok(labels.data.includes(l), l);
    const levels = await getJson<{ data: string[] }>(`${omni.baseUrl}/loki/api/v1/label/level/values`);
    assert.deepEqual(levels.data, ['error', 'info']);
  });
});
