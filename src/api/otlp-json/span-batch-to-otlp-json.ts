import type { Attributes, SpanBatch, SpanEvent, SpanLink } from '../../model/index.js';
import { attributesToOtlpJson } from '../../model/index.js';
import type { ResourceGroup, ScopeGroup } from './span-groups.js';
import { groupSpansByResourceAndScope } from './span-groups.js';

/**
 * The two JSON dialects of OTLP trace data in use:
 * - `otlp` (default): the OTLP/JSON encoding of the OTLP specification
 *   (https://opentelemetry.io/docs/specs/otlp/#json-protobuf-encoding): ids as hex, enums as
 *   integers. What the OTel Collector and SDKs write.
 * - `protojson`: the plain proto3 JSON mapping that Go's jsonpb writes: ids (bytes) as base64,
 *   enums by name (`SPAN_KIND_SERVER`). What Tempo's HTTP API returns and its Go clients parse.
 *
 * Both write 64-bit integers as decimal strings, keys in lowerCamelCase, and omit fields that
 * hold their default value (empty string, 0, empty list), except `status`, always present.
 */
export type OtlpJsonDialect = 'otlp' | 'protojson';

export interface OtlpJsonOptions {
  readonly dialect?: OtlpJsonDialect;
}

/** An OTLP/JSON object: `TracesData` in OTLP terms, `Trace` in Tempo's. */
export interface OtlpJsonTraces {
  resourceSpans: Record<string, unknown>[];
}

const SPAN_KIND_NAMES = [
  'SPAN_KIND_UNSPECIFIED',
  'SPAN_KIND_INTERNAL',
  'SPAN_KIND_SERVER',
  'SPAN_KIND_CLIENT',
  'SPAN_KIND_PRODUCER',
  'SPAN_KIND_CONSUMER',
];
const STATUS_CODE_NAMES = ['STATUS_CODE_UNSET', 'STATUS_CODE_OK', 'STATUS_CODE_ERROR'];

/**
 * Encodes a batch as OTLP JSON, spans grouped by resource and then by scope (see
 * `groupSpansByResourceAndScope`), in batch order. The result is a fresh plain object, ready for
 * `JSON.stringify`; it shares no mutable state with the batch.
 */
export function spanBatchToOtlpJson(batch: SpanBatch, options?: OtlpJsonOptions): OtlpJsonTraces {
  const enc = new JsonEncoder(options?.dialect ?? 'otlp');
  return { resourceSpans: groupSpansByResourceAndScope(batch).map((g) => enc.resourceSpans(batch, g)) };
}

class JsonEncoder {
  constructor(private readonly dialect: OtlpJsonDialect) {}

  resourceSpans(batch: SpanBatch, g: ResourceGroup): Record<string, unknown> {
    const r = g.resource;
    const resource: Record<string, unknown> = {};
    putAttributes(resource, r.attributes, r.droppedAttributesCount);
    const out: Record<string, unknown> = {
      resource,
      scopeSpans: g.scopes.map((s) => this.scopeSpans(batch, s)),
    };
    if (r.schemaUrl !== '') out.schemaUrl = r.schemaUrl;
    return out;
  }

  private scopeSpans(batch: SpanBatch, g: ScopeGroup): Record<string, unknown> {
    const s = g.scope;
    const scope: Record<string, unknown> = {};
    if (s.name !== '') scope.name = s.name;
    if (s.version !== '') scope.version = s.version;
    putAttributes(scope, s.attributes, s.droppedAttributesCount);
    const out: Record<string, unknown> = { scope, spans: g.spans.map((i) => this.span(batch, i)) };
    if (s.schemaUrl !== '') out.schemaUrl = s.schemaUrl;
    return out;
  }

  private span(b: SpanBatch, i: number): Record<string, unknown> {
    const out: Record<string, unknown> = { traceId: this.id(b.traceId[i] ?? ''), spanId: this.id(b.spanId[i] ?? '') };
    const traceState = b.traceState[i] ?? '';
    if (traceState !== '') out.traceState = traceState;
    const parent = b.parentSpanId[i] ?? '';
    if (parent !== '') out.parentSpanId = this.id(parent);
    const flags = b.flags[i] ?? 0;
    if (flags !== 0) out.flags = flags;
    out.name = b.name[i] ?? '';
    const kind = b.kind[i] ?? 0;
    if (kind !== 0) out.kind = this.enumValue(kind, SPAN_KIND_NAMES);
    out.startTimeUnixNano = (b.startTimeUnixNano[i] ?? 0n).toString();
    out.endTimeUnixNano = (b.endTimeUnixNano[i] ?? 0n).toString();
    putAttributes(out, b.attributes[i] ?? [], b.droppedAttributesCount[i] ?? 0);
    const events = b.events[i] ?? [];
    if (events.length > 0) out.events = events.map(eventJson);
    const droppedEvents = b.droppedEventsCount[i] ?? 0;
    if (droppedEvents !== 0) out.droppedEventsCount = droppedEvents;
    const links = b.links[i] ?? [];
    if (links.length > 0) out.links = links.map((l) => this.link(l));
    const droppedLinks = b.droppedLinksCount[i] ?? 0;
    if (droppedLinks !== 0) out.droppedLinksCount = droppedLinks;
    const status: Record<string, unknown> = {};
    const message = b.statusMessage[i] ?? '';
    if (message !== '') status.message = message;
    const code = b.statusCode[i] ?? 0;
    if (code !== 0) status.code = this.enumValue(code, STATUS_CODE_NAMES);
    out.status = status;
    return out;
  }

  private link(l: SpanLink): Record<string, unknown> {
    const out: Record<string, unknown> = { traceId: this.id(l.traceId), spanId: this.id(l.spanId) };
    if (l.traceState !== '') out.traceState = l.traceState;
    putAttributes(out, l.attributes, l.droppedAttributesCount);
    if (l.flags !== 0) out.flags = l.flags;
    return out;
  }

  private id(hex: string): string {
    return this.dialect === 'otlp' ? hex : Buffer.from(hex, 'hex').toString('base64');
  }

  /** proto3 JSON writes an enum number without a name as the number, in both dialects. */
  private enumValue(n: number, names: readonly string[]): number | string {
    return this.dialect === 'otlp' ? n : (names[n] ?? n);
  }
}

function eventJson(e: SpanEvent): Record<string, unknown> {
  const out: Record<string, unknown> = { timeUnixNano: e.timeUnixNano.toString() };
  if (e.name !== '') out.name = e.name;
  putAttributes(out, e.attributes, e.droppedAttributesCount);
  return out;
}

function putAttributes(out: Record<string, unknown>, attrs: Attributes, dropped: number): void {
  if (attrs.length > 0) out.attributes = attributesToOtlpJson(attrs);
  if (dropped !== 0) out.droppedAttributesCount = dropped;
}
