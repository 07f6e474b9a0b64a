/**
 * "Find in trace": each span's searchable text is built once per trace (operation, service,
 * span id, tags as `key=value`, process tags, event fields); a query is then a substring test
 * per span. All whitespace-separated terms must match (case-insensitive). Pure: no DOM.
 */
import { valueText } from './jaeger-types';
import type { JaegerKeyValue, JaegerTrace } from './jaeger-types';
import type { TraceModel } from './span-tree';

const kv = (t: JaegerKeyValue): string => `${t.key}=${valueText(t.value)}`;

/** The searchable text of each row, lower-cased, in row order. */
export function buildFindIndex(trace: JaegerTrace, model: TraceModel): string[] {
  return model.rows.map(({ span, service }) => {
    const parts = [span.operationName, service, span.spanID];
    for (const t of span.tags) parts.push(kv(t));
    for (const t of trace.processes[span.processID]?.tags ?? []) parts.push(kv(t));
    for (const l of span.logs) for (const f of l.fields) parts.push(kv(f));
    return parts.join('\n').toLowerCase();
  });
}

/** Row indexes whose text contains every term of `query`, in row order; none for a blank query. */
export function findMatches(index: readonly string[], query: string): number[] {
  const terms = query.toLowerCase().split(/\s+/).filter((t) => t !== '');
  if (terms.length === 0) return [];
  const out: number[] = [];
  for (let i = 0; i < index.length; i++) {
    const text = index[i] as string;
    if (terms.every((t) => text.includes(t))) out.push(i);
  }
  return out;
}
