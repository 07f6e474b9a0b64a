import type { Attributes } from './any-value.js';
import type { Labels } from './labels.js';
import { labelsKey } from './labels.js';

/**
 * Log records, column by column. Record i belongs to stream `streams[streamIndex[i]]` (few,
 * low-cardinality labels such as `service_name`), happened at `timeUnixNano[i]`, and carries
 * its line, severity, trace context and structured metadata (high-cardinality key/values,
 * typed so that OTLP attributes round-trip; Loki shows them as strings).
 *
 * `traceId`/`spanId` are lowercase hex ('' when absent). `severityNumber` is the OTLP number
 * (0 = unspecified).
 */
export interface LogBatch {
  readonly tenant: string;
  readonly streams: readonly Labels[];
  readonly streamIndex: Int32Array;
  readonly timeUnixNano: BigInt64Array;
  readonly observedTimeUnixNano: BigInt64Array;
  readonly severityNumber: Uint8Array;
  readonly severityText: readonly string[];
  readonly line: readonly string[];
  readonly metadata: readonly Attributes[];
  readonly traceId: readonly string[];
  readonly spanId: readonly string[];
  readonly flags: Uint32Array;
  readonly length: number;
}

export interface LogRecordInput {
  readonly timeUnixNano: bigint;
  readonly observedTimeUnixNano?: bigint;
  readonly severityNumber?: number;
  readonly severityText?: string;
  readonly line: string;
  readonly metadata?: Attributes;
  readonly traceId?: string;
  readonly spanId?: string;
  readonly flags?: number;
}

export class LogBatchBuilder {
  private readonly streamList: Labels[] = [];
  private readonly streamIds = new Map<string, number>();
  private readonly streamIdx: number[] = [];
  private readonly time: bigint[] = [];
  private readonly observed: bigint[] = [];
  private readonly sevNum: number[] = [];
  private readonly sevText: string[] = [];
  private readonly lines: string[] = [];
  private readonly meta: Attributes[] = [];
  private readonly traceIds: string[] = [];
  private readonly spanIds: string[] = [];
  private readonly flagList: number[] = [];

  constructor(readonly tenant: string) {}

  stream(labels: Labels): number {
    const key = labelsKey(labels);
    let idx = this.streamIds.get(key);
    if (idx === undefined) {
      idx = this.streamList.length;
      this.streamList.push(labels);
      this.streamIds.set(key, idx);
    }
    return idx;
  }

  record(streamIndex: number, r: LogRecordInput): void {
    this.streamIdx.push(streamIndex);
    this.time.push(r.timeUnixNano);
    this.observed.push(r.observedTimeUnixNano ?? 0n);
    this.sevNum.push(r.severityNumber ?? 0);
    this.sevText.push(r.severityText ?? '');
    this.lines.push(r.line);
    this.meta.push(r.metadata ?? []);
    this.traceIds.push(r.traceId ?? '');
    this.spanIds.push(r.spanId ?? '');
    this.flagList.push(r.flags ?? 0);
  }

  get length(): number {
    return this.lines.length;
  }

  build(): LogBatch {
    return {
      tenant: this.tenant,
      streams: this.streamList,
      streamIndex: Int32Array.from(this.streamIdx),
      timeUnixNano: BigInt64Array.from(this.time),
      observedTimeUnixNano: BigInt64Array.from(this.observed),
      severityNumber: Uint8Array.from(this.sevNum),
      severityText: this.sevText,
      line: this.lines,
      metadata: this.meta,
      traceId: this.traceIds,
      spanId: this.spanIds,
      flags: Uint32Array.from(this.flagList),
      length: this.lines.length,
    };
  }
}

/** OTLP severity number ranges to the level names Loki and Grafana use. */
export function severityToLevel(severityNumber: number, severityText: string): string {
  if (severityNumber >= 21) return 'fatal';
  if (severityNumber >= 17) return 'error';
  if (severityNumber >= 13) return 'warn';
  if (severityNumber >= 9) return 'info';
  if (severityNumber >= 5) return 'debug';
  if (severityNumber >= 1) return 'trace';
  const t = severityText.toLowerCase();
  return t === '' ? 'unknown' : t;
}
