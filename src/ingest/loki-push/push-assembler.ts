import type { Attributes, Label, LogBatch } from '../../model/index.js';
import { LogBatchBuilder } from '../../model/index.js';
import { validateStreamLabels } from './stream-labels.js';

/** What every push decoder returns. A malformed request throws `bad_input` instead. */
export interface LokiPushDecodeResult {
  readonly batch: LogBatch;
  /** Streams in the request, entries or not: Loki answers 422 to a push with none. */
  readonly streams: number;
  /** Entries dropped because their stream's labels are invalid. */
  readonly rejected: number;
  /** Distinct reasons for `rejected`, at most MAX_MESSAGES, in order of first occurrence. */
  readonly messages: readonly string[];
}

const MAX_MESSAGES = 5;
const NO_METADATA: Attributes = Object.freeze([]);

/**
 * Maps decoded streams and entries onto a LogBatch. Stream labels are the pushed labels as
 * they are; each entry's structured metadata becomes the record's metadata (string values);
 * severity stays unset (0, ''), which the model reads as level `unknown`: a Loki push carries
 * no level. Loki 3 by default also guesses a `detected_level` from the line and adds a
 * `service_name` label (discover_log_levels, discover_service_name); we add nothing, so what
 * is read back is what was pushed (docs/loki-push.md).
 *
 * Call startStream, then entry for each of its entries, in request order.
 */
export class PushAssembler {
  private readonly builder: LogBatchBuilder;
  private streamCount = 0;
  private rejectedCount = 0;
  private readonly messages: string[] = [];

  constructor(tenant: string) {
    this.builder = new LogBatchBuilder(tenant);
  }

  /**
   * Starts a stream whose labels already parsed (parse errors reject the whole request, see
   * stream-labels.ts). Returns the batch stream index, or -1 when its `entryCount` entries must
   * be skipped: none, or labels Loki refuses (counted as rejected, with the reason). A stream
   * without entries is not validated, as in Loki.
   */
  startStream(raw: Label[], entryCount: number): number {
    this.streamCount++;
    if (entryCount === 0) return -1;
    const labels = validateStreamLabels(raw);
    if (typeof labels === 'string') {
      this.rejectedCount += entryCount;
      if (this.messages.length < MAX_MESSAGES && !this.messages.includes(labels)) this.messages.push(labels);
      return -1;
    }
    return this.builder.stream(labels);
  }

  /** Adds one entry; `metadata` is kept as is (the caller gives a fresh array per entry). */
  entry(stream: number, timeUnixNano: bigint, line: string, metadata: Attributes | null): void {
    this.builder.record(stream, { timeUnixNano, line, metadata: metadata ?? NO_METADATA });
  }

  result(): LokiPushDecodeResult {
    return { batch: this.builder.build(), streams: this.streamCount, rejected: this.rejectedCount, messages: this.messages };
  }
}
