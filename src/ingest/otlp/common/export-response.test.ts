import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ProtobufLogsSerializer, ProtobufMetricsSerializer, ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import { encodeExportResponseProto, exportResponseJson } from './index.js';

describe('encodeExportResponseProto', () => {
  it('is empty on full success', () => {
    assert.equal(encodeExportResponseProto(0, '').length, 0);
    assert.deepEqual(ProtobufTraceSerializer.deserializeResponse(encodeExportResponseProto(0, '')), {});
  });

  it('is read by the official SDK deserializers for every signal', () => {
    const bytes = encodeExportResponseProto(3, 'span trace_id is all zeros');
    const traces = ProtobufTraceSerializer.deserializeResponse(bytes);
    assert.equal(Number(traces.partialSuccess?.rejectedSpans), 3);
    assert.equal(traces.partialSuccess?.errorMessage, 'span trace_id is all zeros');
    const logs = ProtobufLogsSerializer.deserializeResponse(bytes);
    assert.equal(Number(logs.partialSuccess?.rejectedLogRecords), 3);
    const metrics = ProtobufMetricsSerializer.deserializeResponse(bytes);
    assert.equal(Number(metrics.partialSuccess?.rejectedDataPoints), 3);
  });

  it('encodes the exact bytes', () => {
    // partial_success (field 1, LEN 5) { rejected (field 1) = 2, error_message (field 2) = "ab" }
    assert.deepEqual([...encodeExportResponseProto(2, 'ab')], [0x0a, 0x06, 0x08, 0x02, 0x12, 0x02, 0x61, 0x62]);
    // A warning without rejections keeps only the message.
    assert.deepEqual([...encodeExportResponseProto(0, 'w')], [0x0a, 0x03, 0x12, 0x01, 0x77]);
  });
});

describe('exportResponseJson', () => {
  it('names the counter per signal', () => {
    assert.deepEqual(exportResponseJson('traces', 0, ''), {});
    assert.deepEqual(exportResponseJson('traces', 3, 'm'), { partialSuccess: { rejectedSpans: '3', errorMessage: 'm' } });
    assert.deepEqual(exportResponseJson('logs', 1, ''), { partialSuccess: { rejectedLogRecords: '1' } });
    assert.deepEqual(exportResponseJson('metrics', 2, 'x'), { partialSuccess: { rejectedDataPoints: '2', errorMessage: 'x' } });
    assert.deepEqual(exportResponseJson('logs', 0, 'warn'), { partialSuccess: { errorMessage: 'warn' } });
  });
});
