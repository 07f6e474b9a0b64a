import type { MetricBatch } from '../../model/index.js';
import { toOmniscopeError } from '../../model/index.js';
import type { OmniscopeMetrics } from '../../self-monitoring/index.js';
import type { RejectCounts, WriteResult } from '../../store/index.js';
import type { RemoteWriteDecodeResult } from './write-request-decoder.js';
import type { DecodeRemoteWrite } from './request-decoding.js';
import { outOfOrderExplanation } from '../shared/out-of-order-text.js';

/** The protocol label of the self-monitoring ingest counters. */
export const REMOTE_WRITE_PROTOCOL = 'remote_write';

export interface RemoteWriteDeps {
  /** Where decoded samples go: the store's metrics writer. */
  readonly appendMetrics: (batch: MetricBatch) => Promise<WriteResult>;
  readonly metrics: OmniscopeMetrics;
  /** Metrics retention in words ("15d"), for rejection messages. */
  readonly retentionText: string;
  /** `storage.metrics_out_of_order_window` in words ("30m"), for rejection messages. */
  readonly outOfOrderWindowText: string;
  /**
   * Decodes a body (snappy + protobuf), enforcing the limit on its decoded size: on this thread
   * (`decodeOnThisThread`) or in worker threads (`RemoteWriteDecodePool`).
   */
  readonly decode: DecodeRemoteWrite;
}

/**
 * What to answer for a request that was stored: 204 when `problem` is empty, else 400 with
 * `problem` as the body. Everything counted in `accepted` is durable either way (a partial
 * write, as remote write 2.0 defines it); a 400 tells the sender not to retry.
 */
export interface RemoteWriteOutcome {
  readonly accepted: number;
  readonly problem: string;
}

const STORE_EXPLANATIONS: Record<string, (deps: RemoteWriteDeps) => string> = {
  too_old: (d) => `older than the metrics retention (${d.retentionText}); they would be deleted at once`,
  invalid: () => 'invalid (a timestamp that is not an integer number of milliseconds)',
  limit: () => 'over a configured limit',
  out_of_order: (d) => outOfOrderExplanation(d.outOfOrderWindowText),
};

/**
 * Handles one remote write 1.0 request body (still snappy-compressed): decodes it, stores
 * what is valid, counts the rest, and resolves only once the accepted samples are durable.
 *
 * Throws `too_large` when the declared decoded size is over the limit, `bad_input` for corrupt
 * snappy or protobuf (nothing is stored then), and the store's error (`unavailable` on
 * overload, `internal` otherwise) when the write fails, in which case nothing was stored and
 * the sender should retry. Series with invalid labels are skipped and only counted, as
 * Prometheus's own receiver does; samples refused for any other reason make the outcome a 400.
 */
export async function handleRemoteWrite(deps: RemoteWriteDeps, compressed: Uint8Array, tenant: string): Promise<RemoteWriteOutcome> {
  const { metrics } = deps;
  let decoded: RemoteWriteDecodeResult;
  try {
    decoded = await deps.decode(compressed, tenant);
  } catch (e) {
    metrics.rejectedRecords.labels('metrics', REMOTE_WRITE_PROTOCOL, 'malformed').inc();
    throw e;
  }
  const { batch } = decoded;
  const problems: string[] = [];
  for (const [reason, n] of Object.entries(decoded.rejected)) {
    if (n) metrics.rejectedRecords.labels('metrics', REMOTE_WRITE_PROTOCOL, reason).inc(n);
    if (n && reason !== 'invalid_labels') problems.push(`${n} ${reason.replace('_', ' ')} sample(s) rejected`);
  }
  let result: WriteResult = { accepted: 0, rejected: {} };
  if (batch.values.length > 0 || batch.metadata.length > 0 || batch.exemplars.length > 0) {
    try {
      result = await deps.appendMetrics(batch);
    } catch (e) {
      const err = toOmniscopeError(e);
      const reason = err.kind === 'unavailable' ? 'overload' : 'store_error';
      metrics.rejectedRecords.labels('metrics', REMOTE_WRITE_PROTOCOL, reason).inc(batch.values.length);
      throw err;
    }
  }
  metrics.receivedRecords.labels('metrics', REMOTE_WRITE_PROTOCOL).inc(result.accepted);
  problems.push(...countStoreRejections(deps, result.rejected));
  if (problems.length === 0) return { accepted: result.accepted, problem: '' };
  const details = decoded.messages.filter((m) => !m.includes(' skipped: '));
  const stored = `${result.accepted} sample(s) of this request were stored`;
  return { accepted: result.accepted, problem: [...problems, ...details, stored].join('; ') };
}

function countStoreRejections(deps: RemoteWriteDeps, rejected: RejectCounts): string[] {
  const out: string[] = [];
  for (const [reason, n] of Object.entries(rejected)) {
    if (!n) continue;
    deps.metrics.rejectedRecords.labels('metrics', REMOTE_WRITE_PROTOCOL, reason).inc(n);
    const explain = STORE_EXPLANATIONS[reason]?.(deps) ?? reason;
    out.push(`${n} sample(s) rejected: ${explain}`);
  }
  return out;
}
