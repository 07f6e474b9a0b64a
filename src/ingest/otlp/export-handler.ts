import type { RejectCounts, WriteResult } from '../../store/index.js';
import type { LogBatch, MetricBatch, SpanBatch } from '../../model/index.js';
import { toOmniscopeError } from '../../model/index.js';
import type { OmniscopeError } from '../../model/index.js';
import type { OmniscopeMetrics } from '../../self-monitoring/index.js';
import { decodeTracesJson, decodeTracesProto } from './traces/index.js';
import { decodeLogsJson, decodeLogsProto } from './logs/index.js';
import { decodeMetricsJson, decodeMetricsProto } from './metrics/index.js';
import type { DecodeResult } from './common/index.js';
import { outOfOrderExplanation } from '../shared/out-of-order-text.js';

export type OtlpSignal = 'traces' | 'metrics' | 'logs';
export type OtlpEncoding = 'protobuf' | 'json';
/** Which wire the request came in on, for the self-monitoring counters. */
export type OtlpProtocol = 'otlp_grpc' | 'otlp_http';

/** Where decoded OTLP data goes: the store's writers, nothing more. */
export interface OtlpWriters {
  appendSpans(batch: SpanBatch): Promise<WriteResult>;
  appendMetrics(batch: MetricBatch): Promise<WriteResult>;
  appendLogs(batch: LogBatch): Promise<WriteResult>;
}

/** The partial-success part of an Export response: zero rejected means full success. */
export interface ExportOutcome {
  readonly rejected: number;
  readonly errorMessage: string;
}

const REJECT_EXPLANATIONS: Record<string, (retention: string, outOfOrderWindow: string) => string> = {
  too_old: (r) => `older than the retention window${r}; they would be deleted at once (shift the timestamps to now, or raise storage.retention)`,
  invalid: () => 'invalid',
  limit: () => 'over a configured limit',
  out_of_order: (_, w) => outOfOrderExplanation(w),
};

function describeStoreRejections(signal: OtlpSignal, rejected: RejectCounts, retentionText: string, outOfOrderWindowText: string): string[] {
  const out: string[] = [];
  for (const [reason, count] of Object.entries(rejected)) {
    if (!count) continue;
    const explain = REJECT_EXPLANATIONS[reason]?.(retentionText, outOfOrderWindowText) ?? reason;
    // Metrics are refused by the store sample by sample (a histogram point is many samples).
    out.push(`${count} ${signal === 'metrics' ? 'samples' : signal === 'traces' ? 'spans' : 'log records'} rejected: ${explain}`);
  }
  return out;
}

function decode(signal: OtlpSignal, encoding: OtlpEncoding, body: Uint8Array, tenant: string): DecodeResult<SpanBatch | MetricBatch | LogBatch> {
  if (signal === 'traces') return encoding === 'protobuf' ? decodeTracesProto(body, tenant) : decodeTracesJson(body, tenant);
  if (signal === 'logs') return encoding === 'protobuf' ? decodeLogsProto(body, tenant) : decodeLogsJson(body, tenant);
  return encoding === 'protobuf' ? decodeMetricsProto(body, tenant) : decodeMetricsJson(body, tenant);
}

function recordCount(signal: OtlpSignal, batch: SpanBatch | MetricBatch | LogBatch): number {
  return signal === 'metrics' ? (batch as MetricBatch).values.length : (batch as SpanBatch | LogBatch).length;
}

export interface ExportHandlerDeps {
  readonly writers: OtlpWriters;
  readonly metrics: OmniscopeMetrics;
  /** Retention per signal in words ("15d"), used in rejection messages. */
  readonly retentionText: Readonly<Record<OtlpSignal, string>>;
  /** `storage.metrics_out_of_order_window` in words ("30m"), for rejection messages. */
  readonly outOfOrderWindowText: string;
}

/**
 * Handles one OTLP Export request, whatever the transport: decodes, stores, and answers with
 * the partial-success outcome. Resolves only once accepted data is durable. Throws an
 * OmniscopeError (bad_input for malformed payloads, unavailable on overload) that the
 * transport maps to its own status.
 */
export async function handleExport(
  deps: ExportHandlerDeps,
  signal: OtlpSignal,
  encoding: OtlpEncoding,
  protocol: OtlpProtocol,
  body: Uint8Array,
  tenant: string,
): Promise<ExportOutcome> {
  let decoded: DecodeResult<SpanBatch | MetricBatch | LogBatch>;
  try {
    decoded = decode(signal, encoding, body, tenant);
  } catch (e) {
    const err: OmniscopeError = toOmniscopeError(e);
    deps.metrics.rejectedRecords.labels(signal, protocol, 'malformed').inc();
    throw err;
  }
  const count = recordCount(signal, decoded.batch);
  let result: WriteResult = { accepted: 0, rejected: {} };
  if (count > 0) {
    try {
      result =
        signal === 'traces'
          ? await deps.writers.appendSpans(decoded.batch as SpanBatch)
          : signal === 'logs'
            ? await deps.writers.appendLogs(decoded.batch as LogBatch)
            : await deps.writers.appendMetrics(decoded.batch as MetricBatch);
    } catch (e) {
      const err = toOmniscopeError(e);
      deps.metrics.rejectedRecords.labels(signal, protocol, err.kind === 'unavailable' ? 'overload' : 'store_error').inc(count);
      throw err;
    }
  }
  deps.metrics.receivedRecords.labels(signal, protocol).inc(result.accepted);
  if (decoded.rejected > 0) deps.metrics.rejectedRecords.labels(signal, protocol, 'invalid').inc(decoded.rejected);
  let storeRejected = 0;
  for (const [reason, n] of Object.entries(result.rejected)) {
    if (!n) continue;
    storeRejected += n;
    deps.metrics.rejectedRecords.labels(signal, protocol, reason).inc(n);
  }
  const messages = [...decoded.rejectionMessages, ...describeStoreRejections(signal, result.rejected, ` (${deps.retentionText[signal]})`, deps.outOfOrderWindowText)];
  return { rejected: decoded.rejected + storeRejected, errorMessage: messages.join('; ') };
}
