import type { LogBatch } from '../../model/index.js';
import { NANOS_PER_MILLI } from '../../model/index.js';
import type { RejectCounts } from '../../store/index.js';
import { formatLabelsShort } from '../remote-write/series-labels.js';

/** How many "entry for stream ..." examples a 400 lists; Loki lists every entry, which can be huge. */
const MAX_EXAMPLES = 5;

export interface RetentionView {
  /** "Now" in Unix ms, for the cutoff shown in messages. */
  readonly clock: () => number;
  readonly retentionMs: number;
  /** The logs retention in words ("15d"). */
  readonly retentionText: string;
}

/**
 * Sentences for the entries the store refused, for the 400 body. Counts come from the store;
 * for `too_old` a few entries are also named in Loki's own words
 * (validation.GreaterThanMaxSampleAgeErrorMsg), found by applying the retention cutoff to the
 * batch: the store decides, this only explains, so near the cutoff an example may be missing.
 */
export function describeStoreRejections(batch: LogBatch, rejected: RejectCounts, view: RetentionView): string[] {
  const out: string[] = [];
  const tooOld = rejected.too_old ?? 0;
  if (tooOld > 0) {
    const cutoffNs = BigInt(Math.floor(view.clock() - view.retentionMs)) * NANOS_PER_MILLI;
    out.push(...tooOldExamples(batch, cutoffNs));
    out.push(`${tooOld} ${entries(tooOld)} rejected: older than the logs retention (${view.retentionText}); they would be deleted at once`);
  }
  const invalid = rejected.invalid ?? 0;
  if (invalid > 0) out.push(`${invalid} ${entries(invalid)} rejected: timestamp outside the years 1970 to 9999 that Omniscope stores`);
  const limit = rejected.limit ?? 0;
  if (limit > 0) out.push(`${limit} ${entries(limit)} rejected: over a configured limit`);
  return out;
}

function tooOldExamples(batch: LogBatch, cutoffNs: bigint): string[] {
  const out: string[] = [];
  const cutoff = formatSeconds(cutoffNs);
  for (let i = 0; i < batch.length && out.length < MAX_EXAMPLES; i++) {
    const t = batch.timeUnixNano[i] as bigint;
    if (t < 0n || t >= cutoffNs) continue;
    const labels = batch.streams[batch.streamIndex[i] as number] ?? [];
    const msg = `entry for stream '${formatLabelsShort(labels)}' has timestamp too old: ${formatSeconds(t)}, oldest acceptable timestamp is: ${cutoff}`;
    if (!out.includes(msg)) out.push(msg);
  }
  return out;
}

/** RFC 3339 in UTC, whole seconds: how Loki prints times in validation errors. */
function formatSeconds(ns: bigint): string {
  return new Date(Number(ns / NANOS_PER_MILLI)).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export function entries(n: number): string {
  return n === 1 ? 'entry' : 'entries';
}
