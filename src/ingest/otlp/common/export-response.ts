import { ProtobufWriter } from '../../shared/protobuf-writer.js';

/** The three OTLP export signals; each has its own partial-success counter name. */
export type OtlpSignal = 'traces' | 'logs' | 'metrics';

const EMPTY = new Uint8Array(0);

/**
 * Encodes an Export{Trace,Logs,Metrics}ServiceResponse. The three share one layout: field 1 is
 * `partial_success`, whose field 1 is the rejected count (int64) and field 2 `error_message`.
 * With nothing rejected and no message the response is empty (zero bytes), which is what a
 * full success looks like on the wire.
 * https://opentelemetry.io/docs/specs/otlp/#partial-success
 */
export function encodeExportResponseProto(rejected: number, message: string): Uint8Array {
  if (rejected === 0 && message === '') return EMPTY;
  return new ProtobufWriter()
    .message(1, (w) => {
      if (rejected !== 0) w.int64(1, rejected);
      if (message !== '') w.string(2, message);
    })
    .finish();
}

const REJECTED_FIELD: Readonly<Record<OtlpSignal, string>> = {
  traces: 'rejectedSpans',
  logs: 'rejectedLogRecords',
  metrics: 'rejectedDataPoints',
};

/**
 * The OTLP/JSON response body: `{}` on full success, otherwise
 * `{"partialSuccess":{"rejectedSpans":"3","errorMessage":"..."}}` (int64 as a decimal string,
 * the counter named per signal). A message with zero rejections is a warning and is kept.
 */
export function exportResponseJson(signal: OtlpSignal, rejected: number, message: string): object {
  if (rejected === 0 && message === '') return {};
  const partialSuccess: Record<string, string> = {};
  if (rejected !== 0) partialSuccess[REJECTED_FIELD[signal]] = String(rejected);
  if (message !== '') partialSuccess.errorMessage = message;
  return { partialSuccess };
}
