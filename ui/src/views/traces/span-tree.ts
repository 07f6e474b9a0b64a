/**
 * A Jaeger trace as the waterfall needs it: spans in depth-first order (children by start time),
 * each with its depth, parent, subtree extent and offset from the trace start. Built once per
 * trace; everything per keystroke or per scroll works on these arrays. Pure: no DOM.
 */
import { isErrorSpan, serviceOf } from './jaeger-types';
import type { JaegerSpan, JaegerTrace } from './jaeger-types';

export interface SpanRow {
  readonly span: JaegerSpan;
  /** Position in depth-first order (the index of this row in `TraceModel.rows`). */
  readonly index: number;
  readonly depth: number;
  /** Index of the parent row; -1 for a root (or a span whose parent is not in the trace). */
  readonly parent: number;
  /** One past the last descendant: rows `index + 1 .. subtreeEnd - 1` are the subtree. */
  readonly subtreeEnd: number;
  readonly childCount: number;
  readonly service: string;
  /** Microseconds from the trace's start. */
  readonly offsetUs: number;
  readonly durationUs: number;
  readonly error: boolean;
}

export interface TraceModel {
  readonly traceID: string;
  readonly rows: readonly SpanRow[];
  readonly byId: ReadonlyMap<string, number>;
  /** Unix microseconds of the earliest span start. */
  readonly startUs: number;
  readonly durationUs: number;
  /** Services in order of first appearance in the tree. */
  readonly services: readonly string[];
  readonly errorCount: number;
  readonly maxDepth: number;
  readonly rootService: string;
  readonly rootOperation: string;
}

/** The parent's span id: the first CHILD_OF reference in the trace, else the first reference in it. */
export function parentIdOf(span: JaegerSpan, ids: ReadonlySet<string>): string | undefined {
  const inTrace = span.references.filter((r) => r.traceID === span.traceID && ids.has(r.spanID) && r.spanID !== span.spanID);
  return (inTrace.find((r) => r.refType === 'CHILD_OF') ?? inTrace[0])?.spanID;
}

const byStart = (a: JaegerSpan, b: JaegerSpan): number => a.startTime - b.startTime || a.spanID.localeCompare(b.spanID);

export function buildTraceModel(trace: JaegerTrace): TraceModel {
  const spans = trace.spans;
  const ids = new Set(spans.map((s) => s.spanID));
  const children = new Map<string, JaegerSpan[]>();
  const roots: JaegerSpan[] = [];
  let startUs = Infinity;
  let endUs = -Infinity;
  for (const s of spans) {
    startUs = Math.min(startUs, s.startTime);
    endUs = Math.max(endUs, s.startTime + s.duration);
    const parent = parentIdOf(s, ids);
    if (parent === undefined) roots.push(s);
    else {
      const list = children.get(parent);
      if (list === undefined) children.set(parent, [s]);
      else list.push(s);
    }
  }
  if (spans.length === 0) startUs = endUs = 0;
  roots.sort(byStart);
  for (const list of children.values()) list.sort(byStart);

  const rows: SpanRow[] = [];
  const mutable: { subtreeEnd: number }[] = [];
  const byId = new Map<string, number>();
  const services: string[] = [];
  const seenServices = new Set<string>();
  let errorCount = 0;
  let maxDepth = 0;
  // Iterative depth-first walk; a reference cycle cannot loop because each span is placed once.
  const visit = (root: JaegerSpan): void => {
    const stack: { span: JaegerSpan; depth: number; parent: number }[] = [{ span: root, depth: 0, parent: -1 }];
    while (stack.length > 0) {
      const { span, depth, parent } = stack.pop() as (typeof stack)[number];
      if (byId.has(span.spanID)) continue;
      const index = rows.length;
      byId.set(span.spanID, index);
      const service = serviceOf(trace, span);
      if (!seenServices.has(service)) {
        seenServices.add(service);
        services.push(service);
      }
      const error = isErrorSpan(span);
      if (error) errorCount++;
      maxDepth = Math.max(maxDepth, depth);
      const kids = (children.get(span.spanID) ?? []).filter((k) => !byId.has(k.spanID));
      const row = { span, index, depth, parent, subtreeEnd: index + 1, childCount: kids.length, service, offsetUs: span.startTime - startUs, durationUs: span.duration, error };
      rows.push(row);
      mutable.push(row);
      for (let i = kids.length - 1; i >= 0; i--) stack.push({ span: kids[i] as JaegerSpan, depth: depth + 1, parent: index });
    }
  };
  for (const r of roots) visit(r);
  // A cycle with no root: place what is left as roots.
  for (const s of [...spans].sort(byStart)) if (!byId.has(s.spanID)) visit(s);
  // Subtree ends, children before parents (depth-first order puts every descendant after its parent).
  for (let i = rows.length - 1; i >= 0; i--) {
    const row = mutable[i] as { subtreeEnd: number };
    const parent = (rows[i] as SpanRow).parent;
    if (parent >= 0) {
      const p = mutable[parent] as { subtreeEnd: number };
      p.subtreeEnd = Math.max(p.subtreeEnd, row.subtreeEnd);
    }
  }
  const root = rows[0];
  return {
    traceID: trace.traceID,
    rows,
    byId,
    startUs,
    durationUs: endUs - startUs,
    services,
    errorCount,
    maxDepth,
    rootService: root?.service ?? 'unknown',
    rootOperation: root?.span.operationName ?? '',
  };
}

export interface TraceSummary {
  readonly traceID: string;
  readonly rootService: string;
  readonly rootOperation: string;
  /** Unix microseconds. */
  readonly startUs: number;
  readonly durationUs: number;
  readonly spanCount: number;
  readonly errorCount: number;
  /** Each service with its number of spans, most spans first. */
  readonly services: readonly { readonly name: string; readonly count: number }[];
}

/** What a search result shows, without building the tree: the root is the earliest span without a parent in the trace. */
export function summarizeTrace(trace: JaegerTrace): TraceSummary {
  const ids = new Set(trace.spans.map((s) => s.spanID));
  let root: JaegerSpan | undefined;
  let startUs = Infinity;
  let endUs = -Infinity;
  let errorCount = 0;
  const counts = new Map<string, number>();
  for (const s of trace.spans) {
    startUs = Math.min(startUs, s.startTime);
    endUs = Math.max(endUs, s.startTime + s.duration);
    if (isErrorSpan(s)) errorCount++;
    const svc = serviceOf(trace, s);
    counts.set(svc, (counts.get(svc) ?? 0) + 1);
    if (parentIdOf(s, ids) === undefined && (root === undefined || s.startTime < root.startTime)) root = s;
  }
  root ??= [...trace.spans].sort(byStart)[0];
  return {
    traceID: trace.traceID,
    rootService: root === undefined ? 'unknown' : serviceOf(trace, root),
    rootOperation: root?.operationName ?? '',
    startUs: trace.spans.length === 0 ? 0 : startUs,
    durationUs: trace.spans.length === 0 ? 0 : endUs - startUs,
    spanCount: trace.spans.length,
    errorCount,
    services: [...counts].map(([name, count]) => ({ name, count })).sort((a, b) => b.count - a.count || a.name.localeCompare(b.name)),
  };
}
