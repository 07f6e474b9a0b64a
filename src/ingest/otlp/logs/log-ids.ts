import { SPAN_ID_BYTES, TRACE_ID_BYTES, hexFromBytes, isAllZeroBytes, isAllZeroHex, optionalIdProblem } from '../common/index.js';
import type { RawLogRecord } from './raw-log-record.js';

/**
 * Sets `rec.traceId`/`rec.spanId` from protobuf id bytes: lowercase hex, '' when absent or all
 * zeros; a wrong length sets `rec.idProblem` instead.
 */
export function setLogIdsFromBytes(rec: RawLogRecord, traceId: Uint8Array | undefined, spanId: Uint8Array | undefined): void {
  const problem =
    optionalIdProblem('log record trace_id', traceId?.length ?? 0, TRACE_ID_BYTES) ||
    optionalIdProblem('log record span_id', spanId?.length ?? 0, SPAN_ID_BYTES);
  if (problem !== '') {
    rec.idProblem = problem;
    return;
  }
  rec.traceId = traceId === undefined || isAllZeroBytes(traceId) ? '' : hexFromBytes(traceId);
  rec.spanId = spanId === undefined || isAllZeroBytes(spanId) ? '' : hexFromBytes(spanId);
}

/**
 * The same for OTLP/JSON hex ids (already lowercased by jsonHexId; undefined when the text was
 * not hex).
 */
export function setLogIdsFromHex(rec: RawLogRecord, traceId: string | undefined, spanId: string | undefined): void {
  if (traceId === undefined || spanId === undefined) {
    rec.idProblem = `log record ${traceId === undefined ? 'traceId' : 'spanId'} is not hex text`;
    return;
  }
  const problem =
    optionalIdProblem('log record trace_id', traceId.length / 2, TRACE_ID_BYTES) ||
    optionalIdProblem('log record span_id', spanId.length / 2, SPAN_ID_BYTES);
  if (problem !== '') {
    rec.idProblem = problem;
    return;
  }
  rec.traceId = isAllZeroHex(traceId) ? '' : traceId;
  rec.spanId = isAllZeroHex(spanId) ? '' : spanId;
}
