import type { Attributes } from './any-value.js';
import { GrowableBigInt64, GrowableInt32 } from './growable.js';

/**
 * Spans in the OTLP model, column by column. Span i has resource `resources[resourceIndex[i]]`
 * and scope `scopes[scopeIndex[i]]`. Ids are lowercase hex ('' for no parent). Times are Unix
 * nanoseconds in BigInt64Array so they stay exact.
 */
export interface SpanBatch {
  readonly tenant: string;
  readonly resources: readonly SpanResource[];
  readonly scopes: readonly InstrumentationScope[];
  readonly resourceIndex: Int32Array;
  readonly scopeIndex: Int32Array;
  readonly traceId: readonly string[];
  readonly spanId: readonly string[];
  readonly parentSpanId: readonly string[];
  readonly traceState: readonly string[];
  readonly name: readonly string[];
  readonly kind: Uint8Array;
  readonly startTimeUnixNano: BigInt64Array;
  readonly endTimeUnixNano: BigInt64Array;
  readonly statusCode: Uint8Array;
  readonly statusMessage: readonly string[];
  readonly attributes: readonly Attributes[];
  readonly events: readonly (readonly SpanEvent[])[];
  readonly links: readonly (readonly SpanLink[])[];
  readonly flags: Uint32Array;
  readonly droppedAttributesCount: Uint32Array;
  readonly droppedEventsCount: Uint32Array;
  readonly droppedLinksCount: Uint32Array;
  readonly length: number;
}

export interface SpanResource {
  readonly attributes: Attributes;
  readonly droppedAttributesCount: number;
  readonly schemaUrl: string;
  /** `service.name`, or "unknown_service" when absent, as the OTel SDKs default. */
  readonly serviceName: string;
}

export interface InstrumentationScope {
  readonly name: string;
  readonly version: string;
  readonly attributes: Attributes;
  readonly droppedAttributesCount: number;
  readonly schemaUrl: string;
}

export interface SpanEvent {
  readonly timeUnixNano: bigint;
  readonly name: string;
  readonly attributes: Attributes;
  readonly droppedAttributesCount: number;
}

export interface SpanLink {
  readonly traceId: string;
  readonly spanId: string;
  readonly traceState: string;
  readonly attributes: Attributes;
  readonly droppedAttributesCount: number;
  readonly flags: number;
}

/** OTLP SpanKind numbers. */
export const SpanKind = { UNSPECIFIED: 0, INTERNAL: 1, SERVER: 2, CLIENT: 3, PRODUCER: 4, CONSUMER: 5 } as const;
/** OTLP Status.StatusCode numbers. */
export const StatusCode = { UNSET: 0, OK: 1, ERROR: 2 } as const;

export interface SpanInput {
  readonly resourceIndex: number;
  readonly scopeIndex: number;
  readonly traceId: string;
  readonly spanId: string;
  readonly parentSpanId: string;
  readonly traceState: string;
  readonly name: string;
  readonly kind: number;
  readonly startTimeUnixNano: bigint;
  readonly endTimeUnixNano: bigint;
  readonly statusCode: number;
  readonly statusMessage: string;
  readonly attributes: Attributes;
  readonly events: readonly SpanEvent[];
  readonly links: readonly SpanLink[];
  readonly flags: number;
  readonly droppedAttributesCount: number;
  readonly droppedEventsCount: number;
  readonly droppedLinksCount: number;
}

/**
 * Accumulates spans straight into columns (typed arrays for numbers and times), so `build()`
 * is a handful of subarray views rather than a pass over per-span objects.
 */
export class SpanBatchBuilder {
  private readonly resourceList: SpanResource[] = [];
  private readonly scopeList: InstrumentationScope[] = [];
  private readonly resourceIdx = new GrowableInt32();
  private readonly scopeIdx = new GrowableInt32();
  private readonly traceIds: string[] = [];
  private readonly spanIds: string[] = [];
  private readonly parentIds: string[] = [];
  private readonly traceStates: string[] = [];
  private readonly names: string[] = [];
  private readonly kinds = new GrowableInt32();
  private readonly starts = new GrowableBigInt64();
  private readonly ends = new GrowableBigInt64();
  private readonly statusCodes = new GrowableInt32();
  private readonly statusMessages: string[] = [];
  private readonly attrs: Attributes[] = [];
  private readonly eventLists: (readonly SpanEvent[])[] = [];
  private readonly linkLists: (readonly SpanLink[])[] = [];
  private readonly flagValues = new GrowableInt32();
  private readonly droppedAttrs = new GrowableInt32();
  private readonly droppedEvents = new GrowableInt32();
  private readonly droppedLinks = new GrowableInt32();

  constructor(readonly tenant: string) {}

  resource(r: SpanResource): number {
    this.resourceList.push(r);
    return this.resourceList.length - 1;
  }

  scope(s: InstrumentationScope): number {
    this.scopeList.push(s);
    return this.scopeList.length - 1;
  }

  span(s: SpanInput): void {
    this.resourceIdx.push(s.resourceIndex);
    this.scopeIdx.push(s.scopeIndex);
    this.traceIds.push(s.traceId);
    this.spanIds.push(s.spanId);
    this.parentIds.push(s.parentSpanId);
    this.traceStates.push(s.traceState);
    this.names.push(s.name);
    this.kinds.push(s.kind);
    this.starts.push(s.startTimeUnixNano);
    this.ends.push(s.endTimeUnixNano);
    this.statusCodes.push(s.statusCode);
    this.statusMessages.push(s.statusMessage);
    this.attrs.push(s.attributes);
    this.eventLists.push(s.events);
    this.linkLists.push(s.links);
    this.flagValues.push(s.flags);
    this.droppedAttrs.push(s.droppedAttributesCount);
    this.droppedEvents.push(s.droppedEventsCount);
    this.droppedLinks.push(s.droppedLinksCount);
  }

  get length(): number {
    return this.names.length;
  }

  build(): SpanBatch {
    return {
      tenant: this.tenant,
      resources: this.resourceList,
      scopes: this.scopeList,
      resourceIndex: this.resourceIdx.view(),
      scopeIndex: this.scopeIdx.view(),
      traceId: this.traceIds,
      spanId: this.spanIds,
      parentSpanId: this.parentIds,
      traceState: this.traceStates,
      name: this.names,
      kind: Uint8Array.from(this.kinds.view()),
      startTimeUnixNano: this.starts.view(),
      endTimeUnixNano: this.ends.view(),
      statusCode: Uint8Array.from(this.statusCodes.view()),
      statusMessage: this.statusMessages,
      attributes: this.attrs,
      events: this.eventLists,
      links: this.linkLists,
      // Flags and counts are uint32 on the wire; reinterpreting the int32 bits keeps them exact.
      flags: new Uint32Array(this.flagValues.view().slice().buffer),
      droppedAttributesCount: new Uint32Array(this.droppedAttrs.view().slice().buffer),
      droppedEventsCount: new Uint32Array(this.droppedEvents.view().slice().buffer),
      droppedLinksCount: new Uint32Array(this.droppedLinks.view().slice().buffer),
      length: this.names.length,
    };
  }
}
