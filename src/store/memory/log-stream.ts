import type { Attributes, Labels } from '../../model/index.js';
import { utcDayOfNanos } from './retention-window.js';

/** One stored log record; `seq` is the store-wide write order, used to break time ties. */
export interface StoredLog {
  readonly timeUnixNano: bigint;
  readonly observedTimeUnixNano: bigint;
  readonly severityNumber: number;
  readonly severityText: string;
  readonly line: string;
  readonly metadata: Attributes;
  readonly traceId: string;
  readonly spanId: string;
  readonly flags: number;
  readonly seq: number;
}

/**
 * The records of one stream, sorted by (time, write order). In-order appends stay sorted; an
 * out-of-order append marks the stream and the next read sorts it once.
 */
export class LogStream {
  private records: StoredLog[] = [];
  private sorted = true;

  constructor(readonly labels: Labels) {}

  get length(): number {
    return this.records.length;
  }

  append(record: StoredLog): void {
    const last = this.records[this.records.length - 1];
    if (last !== undefined && record.timeUnixNano < last.timeUnixNano) this.sorted = false;
    this.records.push(record);
  }

  /** Records with time in [startUnixNano, endUnixNano) (end exclusive), oldest first. */
  inRange(startUnixNano: bigint, endUnixNano: bigint): readonly StoredLog[] {
    this.normalize();
    const from = this.lowerBound(startUnixNano);
    const to = Math.max(from, this.lowerBound(endUnixNano));
    return this.records.slice(from, to);
  }

  /** True when a record lies in the closed range [start, end] (label queries are closed). */
  hasRecordIn(startUnixNano: bigint, endUnixNano: bigint): boolean {
    this.normalize();
    const from = this.lowerBound(startUnixNano);
    return from < this.records.length && (this.records[from] as StoredLog).timeUnixNano <= endUnixNano;
  }

  /** Removes records older than `cutoffUnixNano`, adding their UTC days to `days`. */
  dropBefore(cutoffUnixNano: bigint, days: Set<number>): number {
    this.normalize();
    const n = this.lowerBound(cutoffUnixNano);
    for (let i = 0; i < n; i++) days.add(utcDayOfNanos((this.records[i] as StoredLog).timeUnixNano));
    if (n > 0) this.records = this.records.slice(n);
    return n;
  }

  private normalize(): void {
    if (this.sorted) return;
    this.records.sort((a, b) => (a.timeUnixNano < b.timeUnixNano ? -1 : a.timeUnixNano > b.timeUnixNano ? 1 : a.seq - b.seq));
    this.sorted = true;
  }

  /** First index whose time is >= t (sorted records only). */
  private lowerBound(t: bigint): number {
    let lo = 0;
    let hi = this.records.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.records[mid] as StoredLog).timeUnixNano < t) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
