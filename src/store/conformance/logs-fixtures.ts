import type { Attributes, LabelFilterExpr, Labels, LabelMatcher, LogRecordInput } from '../../model/index.js';
import { LogBatchBuilder } from '../../model/index.js';
import type { LineFilter, Store, WriteResult } from '../contract.js';
import { fmt, live } from './fixtures.js';

/** Appends records given as [stream labels, record] in order, as one batch. */
export function appendLogs(store: Store, tenant: string, records: readonly (readonly [Labels, LogRecordInput])[]): Promise<WriteResult> {
  const b = new LogBatchBuilder(tenant);
  for (const [labels, r] of records) b.record(b.stream(labels), r);
  return store.logs.appendLogs(b.build());
}

export interface ReadLog {
  readonly stream: string;
  readonly timeUnixNano: bigint;
  readonly line: string;
  readonly observedTimeUnixNano: bigint;
  readonly severityNumber: number;
  readonly severityText: string;
  readonly metadata: Attributes;
  readonly traceId: string;
  readonly spanId: string;
  readonly flags: number;
}

export interface LogQuery {
  readonly matchers: readonly LabelMatcher[];
  readonly startUnixNano: bigint;
  readonly endUnixNano: bigint;
  readonly direction?: 'forward' | 'backward';
  readonly limit?: number;
  readonly lineFilters?: readonly LineFilter[];
  readonly labelFilters?: readonly LabelFilterExpr[];
}

/** Every record selected, flattened in the order returned. */
export async function readLogs(store: Store, tenant: string, q: LogQuery): Promise<ReadLog[]> {
  const out: ReadLog[] = [];
  const sel = { tenant, direction: q.direction ?? 'forward', limit: q.limit ?? 1000, ...q };
  for await (const b of store.logs.selectLogs(sel, live())) {
    if (b.tenant !== tenant) throw new Error(`batch of tenant ${b.tenant}, expected ${tenant}`);
    for (let i = 0; i < b.length; i++) {
      out.push({
        stream: fmt(b.streams[b.streamIndex[i] as number] as Labels),
        timeUnixNano: b.timeUnixNano[i] as bigint,
        line: b.line[i] as string,
        observedTimeUnixNano: b.observedTimeUnixNano[i] as bigint,
        severityNumber: b.severityNumber[i] as number,
        severityText: b.severityText[i] as string,
        metadata: b.metadata[i] as Attributes,
        traceId: b.traceId[i] as string,
        spanId: b.spanId[i] as string,
        flags: b.flags[i] as number,
      });
    }
  }
  return out;
}

/** Lines only, in the order returned. */
export async function readLines(store: Store, tenant: string, q: LogQuery): Promise<string[]> {
  return (await readLogs(store, tenant, q)).map((r) => r.line);
}

/** Label filter expressions from matchers: `lf(eq('a', '1'))`, `lfOr(lf(...), lf(...))`. */
export const lf = (matcher: LabelMatcher): LabelFilterExpr => ({ op: 'match', matcher });
export const lfAnd = (left: LabelFilterExpr, right: LabelFilterExpr): LabelFilterExpr => ({ op: 'and', left, right });
export const lfOr = (left: LabelFilterExpr, right: LabelFilterExpr): LabelFilterExpr => ({ op: 'or', left, right });
