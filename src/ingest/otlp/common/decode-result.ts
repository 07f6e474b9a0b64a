/**
 * What every OTLP decoder returns: the records it accepted as one model batch, plus the number
 * of records it had to reject (each counted once, e.g. a span with an all-zero trace id) and a
 * few distinct human-readable reasons. A wholly malformed request is not a DecodeResult: the
 * decoders throw `badInput` for it instead.
 */
export interface DecodeResult<B> {
  readonly batch: B;
  /** Records dropped while decoding; OTLP reports them as partial success. */
  readonly rejected: number;
  /** Distinct reasons, at most MAX_REJECTION_MESSAGES, in order of first occurrence. */
  readonly rejectionMessages: string[];
}

/** How many distinct rejection reasons a DecodeResult keeps. */
export const MAX_REJECTION_MESSAGES = 10;

/** Counts rejected records and keeps the first few distinct reasons. Not shared across requests. */
export class RejectionCollector {
  count = 0;
  readonly messages: string[] = [];

  /** Counts one rejected record; `reason` is kept if new and there is room. */
  reject(reason: string): void {
    this.count++;
    if (this.messages.length < MAX_REJECTION_MESSAGES && !this.messages.includes(reason)) {
      this.messages.push(reason);
    }
  }

  result<B>(batch: B): DecodeResult<B> {
    return { batch, rejected: this.count, rejectionMessages: this.messages };
  }
}

/**
 * One message for an OTLP partial-success response: the kept reasons joined by "; ", or ''
 * when nothing was rejected.
 */
export function rejectionSummary(result: DecodeResult<unknown>): string {
  if (result.rejected === 0) return '';
  return `rejected ${result.rejected} record(s): ${result.rejectionMessages.join('; ')}`;
}
