import type { Attributes } from '../../model/index.js';
import { anyValueToString } from '../../model/index.js';
import type { TraceSearchQuery } from '../contract.js';
import type { SpanRow } from './span-batch-slice.js';

/**
 * Jaeger's per-span search condition: every given condition holds on this one span.
 * - `serviceName`: the span's resource service name, exactly;
 * - `spanName`: the span name, exactly;
 * - each attribute: some span attribute, or some resource attribute of the span, with that key
 *   has that display string (`anyValueToString`); each condition may be met by either source;
 * - `minDurationNanos`/`maxDurationNanos`: inclusive bounds on end - start;
 * - the span starts in the closed range [startUnixNano, endUnixNano].
 */
export function spanMatches(span: SpanRow, q: TraceSearchQuery): boolean {
  if (span.startTimeUnixNano < q.startUnixNano || span.startTimeUnixNano > q.endUnixNano) return false;
  if (q.serviceName !== undefined && span.resource.serviceName !== q.serviceName) return false;
  if (q.spanName !== undefined && span.name !== q.spanName) return false;
  const durationNanos = span.endTimeUnixNano - span.startTimeUnixNano;
  if (q.minDurationNanos !== undefined && durationNanos < q.minDurationNanos) return false;
  if (q.maxDurationNanos !== undefined && durationNanos > q.maxDurationNanos) return false;
  for (const { key, value } of q.attributes ?? []) {
    if (!hasAttribute(span.attributes, key, value) && !hasAttribute(span.resource.attributes, key, value)) return false;
  }
  return true;
}

function hasAttribute(attrs: Attributes, key: string, value: string): boolean {
  for (const a of attrs) {
    if (a.key === key && anyValueToString(a.value) === value) return true;
  }
  return false;
}
