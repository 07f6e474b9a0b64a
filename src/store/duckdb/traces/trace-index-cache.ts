import type { ChunkAppender } from '../db/chunk-appender.js';
import type { WriterSession } from '../db/write-queue.js';

/** Keys remembered per generation; two generations bound memory to twice this. */
const GENERATION_SIZE = 200_000;

/**
 * Remembers recently indexed (tenant, day, trace key) triples so that the spans of one trace,
 * usually arriving within seconds in several batches, add one trace index row per day rather
 * than one per batch. Forgetting only costs a duplicate row, which readers de-duplicate.
 */
export class TraceIndexCache {
  private current = new Set<string>();
  private previous = new Set<string>();

  writer(session: WriterSession): TraceIndexWriter {
    const added: string[] = [];
    session.onRollback(() => {
      for (const k of added) {
        this.current.delete(k);
        this.previous.delete(k);
      }
    });
    return {
      add: (appender, tenantId, day, key) => {
        const k = `${tenantId}|${day}|${key}`;
        if (this.current.has(k) || this.previous.has(k)) return;
        if (this.current.size >= GENERATION_SIZE) {
          this.previous = this.current;
          this.current = new Set();
        }
        this.current.add(k);
        added.push(k);
        appender.num(0, tenantId);
        appender.big(1, key);
        appender.endRow();
      },
    };
  }
}

export interface TraceIndexWriter {
  /** Adds an index row for the trace key in that day's index table unless recently added. */
  add(appender: ChunkAppender, tenantId: number, day: number, key: bigint): void;
}
