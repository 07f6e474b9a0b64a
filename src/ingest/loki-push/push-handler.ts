import type { LogBatch } from '../../model/index.js';
import { badInput, toOmniscopeError, tooLarge } from '../../model/index.js';
import type { OmniscopeMetrics } from '../../self-monitoring/index.js';
import type { WriteResult } from '../../store/index.js';
import { SnappyDecodeError, snappyDecode } from '../remote-write/index.js';
import { decodePushRequestJson } from './decode-push-json.js';
import { decodePushRequestJsonLegacy } from './decode-push-json-legacy.js';
import { decodePushRequestProto } from './decode-push-proto.js';
import type { LokiPushDecodeResult } from './push-assembler.js';
import { describeStoreRejections, entries } from './store-rejections.js';
import type { RetentionView } from './store-rejections.js';

/** The protocol label of the self-monitoring ingest counters. */
export const LOKI_PUSH_PROTOCOL = 'loki_push';

/** `json_legacy` is the JSON of the old path /api/prom/push (see decode-push-json-legacy.ts). */
export type LokiPushFormat = 'protobuf' | 'json' | 'json_legacy';

export interface LokiPushDeps extends RetentionView {
  /** Where decoded entries go: the store's logs writer. */
  readonly appendLogs: (batch: LogBatch) => Promise<WriteResult>;
  readonly metrics: OmniscopeMetrics;
  /** Limit on the snappy-decoded size of a protobuf body, checked before decoding. */
  readonly maxDecodedBytes: number;
}

/**
 * What to answer for a request that did not throw:
 * - `stored`: 204, everything valid was stored;
 * - `partial`: 400 with `message`; what counts in `accepted` is stored all the same (Loki keeps
 *   the valid streams and entries of a request and reports the others);
 * - `no_streams`: 422 with `message`, as Loki 3.4+ answers a push without any stream.
 */
export interface LokiPushOutcome {
  readonly kind: 'stored' | 'partial' | 'no_streams';
  readonly accepted: number;
  readonly message: string;
}

/** Loki's message for a push without streams (validation.MissingStreamsErrorMsg). */
const NO_STREAMS_MESSAGE = 'error at least one valid stream is required for ingestion';

/**
 * Handles one push body (after Content-Encoding was undone, still snappy for protobuf):
 * decodes it, stores what is valid, and resolves only once the accepted entries are durable.
 *
 * Throws `too_large` when the snappy-decoded size is over the limit, `bad_input` for a body
 * Loki would refuse whole (corrupt snappy or protobuf, invalid JSON, unparsable labels, an
 * unreadable timestamp; nothing is stored then), and the store's error (`unavailable` on
 * overload) when the write fails, in which case nothing was stored and the client retries.
 */
export async function handleLokiPush(deps: LokiPushDeps, body: Uint8Array, format: LokiPushFormat, tenant: string): Promise<LokiPushOutcome> {
  const { metrics } = deps;
  let decoded: LokiPushDecodeResult;
  try {
    decoded = decode(deps, body, format, tenant);
  } catch (e) {
    metrics.rejectedRecords.labels('logs', LOKI_PUSH_PROTOCOL, 'malformed').inc();
    throw e;
  }
  if (decoded.streams === 0) return { kind: 'no_streams', accepted: 0, message: NO_STREAMS_MESSAGE };
  const { batch } = decoded;
  let result: WriteResult = { accepted: 0, rejected: {} };
  if (batch.length > 0) {
    try {
      result = await deps.appendLogs(batch);
    } catch (e) {
      const err = toOmniscopeError(e);
      metrics.rejectedRecords.labels('logs', LOKI_PUSH_PROTOCOL, err.kind === 'unavailable' ? 'overload' : 'store_error').inc(batch.length);
      throw err;
    }
  }
  metrics.receivedRecords.labels('logs', LOKI_PUSH_PROTOCOL).inc(result.accepted);
  if (decoded.rejected > 0) metrics.rejectedRecords.labels('logs', LOKI_PUSH_PROTOCOL, 'invalid_labels').inc(decoded.rejected);
  for (const [reason, n] of Object.entries(result.rejected)) {
    if (n) metrics.rejectedRecords.labels('logs', LOKI_PUSH_PROTOCOL, reason).inc(n);
  }
  const problems = [...decoded.messages];
  if (decoded.rejected > 0) problems.push(`${decoded.rejected} ${entries(decoded.rejected)} rejected: invalid stream labels`);
  problems.push(...describeStoreRejections(batch, result.rejected, deps));
  if (problems.length === 0) return { kind: 'stored', accepted: result.accepted, message: '' };
  const n = result.accepted;
  problems.push(`${n} ${entries(n)} of this request ${n === 1 ? 'was' : 'were'} stored`);
  return { kind: 'partial', accepted: result.accepted, message: problems.join('; ') };
}

function decode(deps: LokiPushDeps, body: Uint8Array, format: LokiPushFormat, tenant: string): LokiPushDecodeResult {
  if (format === 'json') return decodePushRequestJson(body, tenant);
  if (format === 'json_legacy') return decodePushRequestJsonLegacy(body, tenant);
  return decodePushRequestProto(decompress(body, deps.maxDecodedBytes), tenant);
}

/** Protobuf pushes are snappy block-compressed whatever Content-Encoding says (as in Loki). */
function decompress(compressed: Uint8Array, maxDecodedBytes: number): Uint8Array {
  try {
    return snappyDecode(compressed, maxDecodedBytes);
  } catch (e) {
    if (!(e instanceof SnappyDecodeError)) throw e;
    if (e.tooLarge) throw tooLarge(`${e.message} (limits.max_loki_push_body_bytes)`);
    throw badInput(`cannot decode the snappy-compressed body (${compressed.length} bytes): ${e.message}`, e);
  }
}
