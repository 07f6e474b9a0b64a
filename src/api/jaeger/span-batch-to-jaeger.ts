import type { SpanBatch, SpanLink, SpanResource } from '../../model/index.js';
import { formatJaegerTraceId } from './jaeger-trace-id.js';
import type { JaegerKeyValue } from './jaeger-tags.js';
import { attributeToJaegerTag, attributesToJaegerTags, spanToJaegerTags } from './jaeger-tags.js';

/** Jaeger UI's trace (`uimodel.Trace`), as `/api/traces` returns it. */
export interface JaegerTrace {
  readonly traceID: string;
  readonly spans: JaegerSpan[];
  readonly processes: Record<string, JaegerProcess>;
  readonly warnings: string[] | null;
}

export interface JaegerSpan {
  readonly traceID: string;
  readonly spanID: string;
  /** Only when non-zero (Go `omitempty`): 1 when the W3C sampled flag is set. */
  readonly flags?: number;
  readonly operationName: string;
  readonly references: JaegerReference[];
  /** Unix microseconds. */
  readonly startTime: number;
  /** Microseconds. */
  readonly duration: number;
  readonly tags: JaegerKeyValue[];
  readonly logs: JaegerLog[];
  readonly processID: string;
  readonly warnings: string[] | null;
}

export interface JaegerReference {
  readonly refType: 'CHILD_OF' | 'FOLLOWS_FROM';
  readonly traceID: string;
  readonly spanID: string;
}

export interface JaegerLog {
  /** Unix microseconds. */
  readonly timestamp: number;
  readonly fields: JaegerKeyValue[];
}

export interface JaegerProcess {
  readonly serviceName: string;
  readonly tags: JaegerKeyValue[];
}

const SAMPLED_FLAG = 1;

/**
 * Converts a batch to Jaeger UI traces, one per trace id in order of first appearance, spans in
 * batch order. The conversion follows the OTel Collector's OTLP → Jaeger translator
 * (pkg/translator/jaeger) and Jaeger's UI model:
 * - the parent is the first reference (CHILD_OF); each link follows as FOLLOWS_FROM, or
 *   CHILD_OF when its `opentracing.ref_type` attribute is `child_of`; a link to the parent
 *   only changes the parent reference's type;
 * - tags: see `spanToJaegerTags`; events become logs whose first field is `event` (the event
 *   name) unless the event has an `event` attribute of its own;
 * - the resource becomes the process (service name plus the other resource attributes as
 *   tags), deduplicated by content and keyed `p1`, `p2`, ... within each trace;
 * - times are truncated to microseconds; a negative duration becomes 0.
 */
export function spanBatchToJaegerTraces(batch: SpanBatch): JaegerTrace[] {
  const traces = new Map<string, { trace: JaegerTrace; processes: ProcessTable }>();
  for (let i = 0; i < batch.length; i++) {
    const traceId = batch.traceId[i] ?? '';
    let entry = traces.get(traceId);
    if (entry === undefined) {
      entry = {
        trace: { traceID: formatJaegerTraceId(traceId), spans: [], processes: {}, warnings: null },
        processes: new ProcessTable(),
      };
      traces.set(traceId, entry);
    }
    const resource = batch.resources[batch.resourceIndex[i] ?? -1];
    if (resource === undefined) continue;
    const processID = entry.processes.keyOf(resource, entry.trace.processes);
    entry.trace.spans.push(toJaegerSpan(batch, i, processID));
  }
  return [...traces.values()].map((e) => e.trace);
}

function toJaegerSpan(b: SpanBatch, i: number, processID: string): JaegerSpan {
  const traceId = b.traceId[i] ?? '';
  const scope = b.scopes[b.scopeIndex[i] ?? -1];
  const start = b.startTimeUnixNano[i] ?? 0n;
  const end = b.endTimeUnixNano[i] ?? 0n;
  const flags = (b.flags[i] ?? 0) & SAMPLED_FLAG;
  const span: JaegerSpan = {
    traceID: formatJaegerTraceId(traceId),
    spanID: b.spanId[i] ?? '',
    ...(flags !== 0 ? { flags } : {}),
    operationName: b.name[i] ?? '',
    references: references(traceId, b.parentSpanId[i] ?? '', b.links[i] ?? []),
    startTime: Number(start / 1000n),
    duration: end > start ? Number((end - start) / 1000n) : 0,
    tags: spanToJaegerTags(b.attributes[i] ?? [], {
      scopeName: scope?.name ?? '',
      scopeVersion: scope?.version ?? '',
      kind: b.kind[i] ?? 0,
      statusCode: b.statusCode[i] ?? 0,
      statusMessage: b.statusMessage[i] ?? '',
      traceState: b.traceState[i] ?? '',
    }),
    logs: (b.events[i] ?? []).map((e) => {
      const fields: JaegerKeyValue[] = [];
      if (e.name !== '' && !e.attributes.some((a) => a.key === 'event')) fields.push({ key: 'event', type: 'string', value: e.name });
      for (const a of e.attributes) fields.push(attributeToJaegerTag(a.key, a.value));
      return { timestamp: Number(e.timeUnixNano / 1000n), fields };
    }),
    processID,
    warnings: null,
  };
  return span;
}

function references(traceId: string, parentSpanId: string, links: readonly SpanLink[]): JaegerReference[] {
  const refs: JaegerReference[] = [];
  const parent: { refType: JaegerReference['refType']; traceID: string; spanID: string } | undefined =
    parentSpanId === '' ? undefined : { refType: 'CHILD_OF', traceID: formatJaegerTraceId(traceId), spanID: parentSpanId };
  if (parent !== undefined) refs.push(parent);
  for (const link of links) {
    const refType = linkRefType(link);
    if (parent !== undefined && link.traceId === traceId && link.spanId === parentSpanId) {
      parent.refType = refType;
      continue;
    }
    refs.push({ refType, traceID: formatJaegerTraceId(link.traceId), spanID: link.spanId });
  }
  return refs;
}

function linkRefType(link: SpanLink): JaegerReference['refType'] {
  for (const a of link.attributes) if (a.key === 'opentracing.ref_type') return a.value === 'child_of' ? 'CHILD_OF' : 'FOLLOWS_FROM';
  return 'FOLLOWS_FROM';
}

/** Assigns `p1`, `p2`, ... to distinct processes, in order of first appearance. */
class ProcessTable {
  private readonly byResource = new Map<SpanResource, string>();
  private readonly byContent = new Map<string, string>();

  keyOf(resource: SpanResource, out: Record<string, JaegerProcess>): string {
    const known = this.byResource.get(resource);
    if (known !== undefined) return known;
    const process: JaegerProcess = { serviceName: resource.serviceName, tags: attributesToJaegerTags(resource.attributes, 'service.name') };
    const content = JSON.stringify(process);
    let key = this.byContent.get(content);
    if (key === undefined) {
      key = `p${this.byContent.size + 1}`;
      this.byContent.set(content, key);
      out[key] = process;
    }
    this.byResource.set(resource, key);
    return key;
  }
}
