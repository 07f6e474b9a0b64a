import type { Attribute, SpanBatch, SpanEvent, SpanLink } from '../../../model/index.js';
import { SpanBatchBuilder } from '../../../model/index.js';
import type { ProtobufReader } from '../../shared/protobuf-reader.js';
import type { DecodeResult, OtlpResource, OtlpScope } from '../common/index.js';
import {
  EMPTY_RESOURCE,
  EMPTY_SCOPE,
  RejectionCollector,
  SPAN_ID_BYTES,
  TRACE_ID_BYTES,
  WIRE_I32,
  WIRE_I64,
  WIRE_LEN,
  WIRE_VARINT,
  decodeKeyValueProto,
  decodeProtoRequest,
  decodeResourceProto,
  decodeScopeProto,
  expectWire,
  hexFromBytes,
  isAllZeroBytes,
  mergeResources,
  optionalIdProblem,
  requiredIdProblem,
} from '../common/index.js';
import { NO_ITEMS, normalizeSpanKind, normalizeStatusCode, toInstrumentationScope, toSpanResource } from './span-values.js';

const REQUEST = 'ExportTraceServiceRequest';

/**
 * Decodes an OTLP/protobuf ExportTraceServiceRequest into one SpanBatch for `tenant`.
 *
 * Every Span field is kept; times stay exact bigint nanoseconds; ids become lowercase hex. A
 * span whose trace_id is not 16 non-zero bytes, whose span_id is not 8 non-zero bytes or whose
 * parent_span_id is neither empty nor 8 bytes is rejected and counted (an all-zero parent id
 * means "no parent"). A link with invalid ids is dropped and counted in the span's
 * droppedLinksCount. Each ResourceSpans adds one resource and each ScopeSpans one scope to
 * the batch, and only if at least one of its spans was accepted.
 *
 * Throws `badInput` when the bytes are not a well-formed message (truncated, bad wire types,
 * nesting too deep). The result does not reference `body`.
 */
export function decodeTracesProto(body: Uint8Array, tenant: string): DecodeResult<SpanBatch> {
  return decodeProtoRequest(REQUEST, body, (r) => new TracesProtoDecoder(r, tenant).decode());
}

class TracesProtoDecoder {
  private readonly builder: SpanBatchBuilder;
  private readonly rejections = new RejectionCollector();
  private resource: OtlpResource = EMPTY_RESOURCE;
  private resourceSchemaUrl = '';
  private resourceIndex = -1;
  private scope: OtlpScope = EMPTY_SCOPE;
  private scopeSchemaUrl = '';
  private scopeIndex = -1;

  constructor(
    private readonly r: ProtobufReader,
    tenant: string,
  ) {
    this.builder = new SpanBatchBuilder(tenant);
  }

  decode(): DecodeResult<SpanBatch> {
    const r = this.r;
    const end = r.length;
    while (r.pos < end) {
      const tag = r.tag();
      if (tag >>> 3 === 1) {
        expectWire(tag, WIRE_LEN, REQUEST);
        this.resourceSpans(r.messageEnd());
      } else r.skip(tag & 7);
    }
    return this.rejections.result(this.builder.build());
  }

  /** Two passes: resource and schema_url first (they may follow the spans on the wire), then spans. */
  private resourceSpans(end: number): void {
    const r = this.r;
    const start = r.pos;
    let resource = EMPTY_RESOURCE;
    let schemaUrl = '';
    while (r.pos < end) {
      const tag = r.tag();
      switch (tag >>> 3) {
        case 1:
          expectWire(tag, WIRE_LEN, 'ResourceSpans');
          resource = mergeResources(resource, decodeResourceProto(r, r.messageEnd()));
          break;
        case 2:
          expectWire(tag, WIRE_LEN, 'ResourceSpans');
          r.skip(WIRE_LEN);
          break;
        case 3:
          expectWire(tag, WIRE_LEN, 'ResourceSpans');
          schemaUrl = r.string();
          break;
        default:
          r.skip(tag & 7);
      }
    }
    r.expectEnd(end);
    this.resource = resource;
    this.resourceSchemaUrl = schemaUrl;
    this.resourceIndex = -1;
    r.pos = start;
    while (r.pos < end) {
      const tag = r.tag();
      if (tag >>> 3 === 2) this.scopeSpans(r.messageEnd());
      else r.skip(tag & 7);
    }
  }

  private scopeSpans(end: number): void {
    const r = this.r;
    const start = r.pos;
    let scope = EMPTY_SCOPE;
    let schemaUrl = '';
    while (r.pos < end) {
      const tag = r.tag();
      switch (tag >>> 3) {
        case 1:
          expectWire(tag, WIRE_LEN, 'ScopeSpans');
          scope = decodeScopeProto(r, r.messageEnd());
          break;
        case 2:
          expectWire(tag, WIRE_LEN, 'ScopeSpans');
          r.skip(WIRE_LEN);
          break;
        case 3:
          expectWire(tag, WIRE_LEN, 'ScopeSpans');
          schemaUrl = r.string();
          break;
        default:
          r.skip(tag & 7);
      }
    }
    r.expectEnd(end);
    this.scope = scope;
    this.scopeSchemaUrl = schemaUrl;
    this.scopeIndex = -1;
    r.pos = start;
    while (r.pos < end) {
      const tag = r.tag();
      if (tag >>> 3 === 2) this.span(r.messageEnd());
      else r.skip(tag & 7);
    }
  }

  private span(end: number): void {
    const r = this.r;
    let traceId: Uint8Array | undefined;
    let spanId: Uint8Array | undefined;
    let parentSpanId: Uint8Array | undefined;
    let traceState = '';
    let flags = 0;
    let name = '';
    let kind = 0;
    let startTimeUnixNano = 0n;
    let endTimeUnixNano = 0n;
    let attributes: Attribute[] | undefined;
    let droppedAttributesCount = 0;
    let events: SpanEvent[] | undefined;
    let droppedEventsCount = 0;
    let links: SpanLink[] | undefined;
    let droppedLinksCount = 0;
    let statusCode = 0;
    let statusMessage = '';
    while (r.pos < end) {
      const tag = r.tag();
      switch (tag >>> 3) {
        case 1:
          expectWire(tag, WIRE_LEN, 'Span');
          traceId = r.bytesView();
          break;
        case 2:
          expectWire(tag, WIRE_LEN, 'Span');
          spanId = r.bytesView();
          break;
        case 3:
          expectWire(tag, WIRE_LEN, 'Span');
          traceState = r.string();
          break;
        case 4:
          expectWire(tag, WIRE_LEN, 'Span');
          parentSpanId = r.bytesView();
          break;
        case 5:
          expectWire(tag, WIRE_LEN, 'Span');
          name = r.string();
          break;
        case 6:
          expectWire(tag, WIRE_VARINT, 'Span');
          kind = r.int32();
          break;
        case 7:
          expectWire(tag, WIRE_I64, 'Span');
          startTimeUnixNano = r.fixed64();
          break;
        case 8:
          expectWire(tag, WIRE_I64, 'Span');
          endTimeUnixNano = r.fixed64();
          break;
        case 9:
          expectWire(tag, WIRE_LEN, 'Span');
          (attributes ??= []).push(decodeKeyValueProto(r, r.messageEnd()));
          break;
        case 10:
          expectWire(tag, WIRE_VARINT, 'Span');
          droppedAttributesCount = r.uint32();
          break;
        case 11:
          expectWire(tag, WIRE_LEN, 'Span');
          (events ??= []).push(this.event(r.messageEnd()));
          break;
        case 12:
          expectWire(tag, WIRE_VARINT, 'Span');
          droppedEventsCount = r.uint32();
          break;
        case 13: {
          expectWire(tag, WIRE_LEN, 'Span');
          const link = this.link(r.messageEnd());
          if (link === undefined) droppedLinksCount++;
          else (links ??= []).push(link);
          break;
        }
        case 14:
          expectWire(tag, WIRE_VARINT, 'Span');
          // Added to, not replaced: links dropped above for invalid ids count too.
          droppedLinksCount += r.uint32();
          break;
        case 15: {
          expectWire(tag, WIRE_LEN, 'Span');
          const statusEnd = r.messageEnd();
          while (r.pos < statusEnd) {
            const t = r.tag();
            if (t >>> 3 === 2) {
              expectWire(t, WIRE_LEN, 'Status');
              statusMessage = r.string();
            } else if (t >>> 3 === 3) {
              expectWire(t, WIRE_VARINT, 'Status');
              statusCode = r.int32();
            } else r.skip(t & 7);
          }
          r.expectEnd(statusEnd);
          break;
        }
        case 16:
          expectWire(tag, WIRE_I32, 'Span');
          flags = r.fixed32();
          break;
        default:
          r.skip(tag & 7);
      }
    }
    r.expectEnd(end);

    const problem =
      requiredIdProblem('span trace_id', traceId?.length ?? 0, traceId === undefined || isAllZeroBytes(traceId), TRACE_ID_BYTES) ||
      requiredIdProblem('span span_id', spanId?.length ?? 0, spanId === undefined || isAllZeroBytes(spanId), SPAN_ID_BYTES) ||
      optionalIdProblem('span parent_span_id', parentSpanId?.length ?? 0, SPAN_ID_BYTES);
    if (problem !== '') {
      this.rejections.reject(problem);
      return;
    }
    if (this.resourceIndex < 0) this.resourceIndex = this.builder.resource(toSpanResource(this.resource, this.resourceSchemaUrl));
    if (this.scopeIndex < 0) this.scopeIndex = this.builder.scope(toInstrumentationScope(this.scope, this.scopeSchemaUrl));
    this.builder.span({
      resourceIndex: this.resourceIndex,
      scopeIndex: this.scopeIndex,
      traceId: hexFromBytes(traceId as Uint8Array),
      spanId: hexFromBytes(spanId as Uint8Array),
      parentSpanId: parentSpanId === undefined || isAllZeroBytes(parentSpanId) ? '' : hexFromBytes(parentSpanId),
      traceState,
      name,
      kind: normalizeSpanKind(kind),
      startTimeUnixNano,
      endTimeUnixNano,
      statusCode: normalizeStatusCode(statusCode),
      statusMessage,
      attributes: attributes ?? NO_ITEMS,
      events: events ?? NO_ITEMS,
      links: links ?? NO_ITEMS,
      flags,
      droppedAttributesCount,
      droppedEventsCount,
      droppedLinksCount,
    });
  }

  private event(end: number): SpanEvent {
    const r = this.r;
    let timeUnixNano = 0n;
    let name = '';
    let attributes: Attribute[] | undefined;
    let droppedAttributesCount = 0;
    while (r.pos < end) {
      const tag = r.tag();
      switch (tag >>> 3) {
        case 1:
          expectWire(tag, WIRE_I64, 'Span.Event');
          timeUnixNano = r.fixed64();
          break;
        case 2:
          expectWire(tag, WIRE_LEN, 'Span.Event');
          name = r.string();
          break;
        case 3:
          expectWire(tag, WIRE_LEN, 'Span.Event');
          (attributes ??= []).push(decodeKeyValueProto(r, r.messageEnd()));
          break;
        case 4:
          expectWire(tag, WIRE_VARINT, 'Span.Event');
          droppedAttributesCount = r.uint32();
          break;
        default:
          r.skip(tag & 7);
      }
    }
    r.expectEnd(end);
    return { timeUnixNano, name, attributes: attributes ?? NO_ITEMS, droppedAttributesCount };
  }

  /** A link, or undefined when its ids are invalid (the caller counts it as dropped). */
  private link(end: number): SpanLink | undefined {
    const r = this.r;
    let traceId: Uint8Array | undefined;
    let spanId: Uint8Array | undefined;
    let traceState = '';
    let attributes: Attribute[] | undefined;
    let droppedAttributesCount = 0;
    let flags = 0;
    while (r.pos < end) {
      const tag = r.tag();
      switch (tag >>> 3) {
        case 1:
          expectWire(tag, WIRE_LEN, 'Span.Link');
          traceId = r.bytesView();
          break;
        case 2:
          expectWire(tag, WIRE_LEN, 'Span.Link');
          spanId = r.bytesView();
          break;
        case 3:
          expectWire(tag, WIRE_LEN, 'Span.Link');
          traceState = r.string();
          break;
        case 4:
          expectWire(tag, WIRE_LEN, 'Span.Link');
          (attributes ??= []).push(decodeKeyValueProto(r, r.messageEnd()));
          break;
        case 5:
          expectWire(tag, WIRE_VARINT, 'Span.Link');
          droppedAttributesCount = r.uint32();
          break;
        case 6:
          expectWire(tag, WIRE_I32, 'Span.Link');
          flags = r.fixed32();
          break;
        default:
          r.skip(tag & 7);
      }
    }
    r.expectEnd(end);
    if (
      traceId === undefined ||
      spanId === undefined ||
      traceId.length !== TRACE_ID_BYTES ||
      spanId.length !== SPAN_ID_BYTES ||
      isAllZeroBytes(traceId) ||
      isAllZeroBytes(spanId)
    ) {
      return undefined;
    }
    return {
      traceId: hexFromBytes(traceId),
      spanId: hexFromBytes(spanId),
      traceState,
      attributes: attributes ?? NO_ITEMS,
      droppedAttributesCount,
      flags,
    };
  }
}
