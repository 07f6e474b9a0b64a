import type { Attributes } from './any-value.js';

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

export class SpanBatchBuilder {
  private readonly resourceList: SpanResource[] = [];
  private readonly scopeList: InstrumentationScope[] = [];
  private readonly rows: SpanInput[] = [];

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
    this.rows.push(s);
  }

  get length(): number {
    return this.rows.length;
  }

  build(): SpanBatch {
    const rows = this.rows;
    const col = <T>(f: (s: SpanInput) => T): T[] => rows.map(f);
    return {
      tenant: this.tenant,
      resources: this.resourceList,
      scopes: this.scopeList,
      resourceIndex: Int32Array.from(rows, (s) => s.resourceIndex),
      scopeIndex: Int32Array.from(rows, (s) => s.scopeIndex),
      traceId: col((s) => s.traceId),
      spanId: col((s) => s.spanId),
      parentSpanId: col((s) => s.parentSpanId),
      traceState: col((s) => s.traceState),
      name: col((s) => s.name),
      kind: Uint8Array.from(rows, (s) => s.kind),
      startTimeUnixNano: BigInt64Array.from(rows, (s) => s.startTimeUnixNano),
      endTimeUnixNano: BigInt64Array.from(rows, (s) => s.endTimeUnixNano),
      statusCode: Uint8Array.from(rows, (s) => s.statusCode),
      statusMessage: col((s) => s.statusMessage),
      attributes: col((s) => s.attributes),
      events: col((s) => s.events),
      links: col((s) => s.links),
      flags: Uint32Array.from(rows, (s) => s.flags),
      droppedAttributesCount: Uint32Array.from(rows, (s) => s.droppedAttributesCount),
      droppedEventsCount: Uint32Array.from(rows, (s) => s.droppedEventsCount),
      droppedLinksCount: Uint32Array.from(rows, (s) => s.droppedLinksCount),
      length: rows.length,
    };
  }
}
