import type { Attributes, InstrumentationScope, SpanBatch, SpanInput, SpanResource } from '../../model/index.js';
import { SpanBatchBuilder } from '../../model/index.js';
import type { Store, WriteResult } from '../contract.js';
import { NOW_NS } from './fixtures.js';

/** A span for tests: every field set, overridable. */
export interface TestSpan extends Omit<SpanInput, 'resourceIndex' | 'scopeIndex'> {
  readonly resource: SpanResource;
  readonly scope: InstrumentationScope;
}

export function resource(serviceName: string, attributes: Attributes = []): SpanResource {
  return { serviceName, attributes: [{ key: 'service.name', value: serviceName }, ...attributes], droppedAttributesCount: 0, schemaUrl: '' };
}

export const SCOPE: InstrumentationScope = { name: 'test-lib', version: '1.0.0', attributes: [], droppedAttributesCount: 0, schemaUrl: '' };

/** A 32-hex trace id from a small number, e.g. traceId(1) = '0000...0001' with a varied prefix. */
export function traceId(n: number): string {
  return `${(0x1000 + n).toString(16).padStart(16, 'a')}${n.toString(16).padStart(16, '0')}`;
}

export function spanId(n: number): string {
  return n.toString(16).padStart(16, '0');
}

/** A span starting `startAgoMs` before NOW and lasting `durationNs`. */
export function span(over: Partial<TestSpan> & { traceId: string; spanId: string }, startAgoMs = 1000, durationNs = 1_000_000n): TestSpan {
  const start = NOW_NS - BigInt(startAgoMs) * 1_000_000n;
  return {
    resource: resource('svc'),
    scope: SCOPE,
    parentSpanId: '',
    traceState: '',
    name: 'op',
    kind: 2,
    startTimeUnixNano: start,
    endTimeUnixNano: start + durationNs,
    statusCode: 0,
    statusMessage: '',
    attributes: [],
    events: [],
    links: [],
    flags: 0,
    droppedAttributesCount: 0,
    droppedEventsCount: 0,
    droppedLinksCount: 0,
    ...over,
  };
}

export function appendSpans(store: Store, tenant: string, spans: readonly TestSpan[]): Promise<WriteResult> {
  const b = new SpanBatchBuilder(tenant);
  const resources = new Map<SpanResource, number>();
  const scopes = new Map<InstrumentationScope, number>();
  for (const s of spans) {
    let r = resources.get(s.resource);
    if (r === undefined) resources.set(s.resource, (r = b.resource(s.resource)));
    let sc = scopes.get(s.scope);
    if (sc === undefined) scopes.set(s.scope, (sc = b.scope(s.scope)));
    const { resource: _r, scope: _s, ...rest } = s;
    b.span({ ...rest, resourceIndex: r, scopeIndex: sc });
  }
  return store.traces.appendSpans(b.build());
}

/** A batch flattened to one object per span (resource and scope inlined), sorted by span id. */
export function flattenSpans(batch: SpanBatch): TestSpan[] {
  const out: TestSpan[] = [];
  for (let i = 0; i < batch.length; i++) {
    out.push({
      resource: batch.resources[batch.resourceIndex[i] as number] as SpanResource,
      scope: batch.scopes[batch.scopeIndex[i] as number] as InstrumentationScope,
      traceId: batch.traceId[i] as string,
      spanId: batch.spanId[i] as string,
      parentSpanId: batch.parentSpanId[i] as string,
      traceState: batch.traceState[i] as string,
      name: batch.name[i] as string,
      kind: batch.kind[i] as number,
      startTimeUnixNano: batch.startTimeUnixNano[i] as bigint,
      endTimeUnixNano: batch.endTimeUnixNano[i] as bigint,
      statusCode: batch.statusCode[i] as number,
      statusMessage: batch.statusMessage[i] as string,
      attributes: batch.attributes[i] as Attributes,
      events: batch.events[i] ?? [],
      links: batch.links[i] ?? [],
      flags: batch.flags[i] as number,
      droppedAttributesCount: batch.droppedAttributesCount[i] as number,
      droppedEventsCount: batch.droppedEventsCount[i] as number,
      droppedLinksCount: batch.droppedLinksCount[i] as number,
    });
  }
  return out.sort((a, b) => (a.spanId < b.spanId ? -1 : a.spanId > b.spanId ? 1 : 0));
}
