import type { Attribute, SpanBatch, SpanEvent, SpanLink } from '../../../model/index.js';
import { SpanBatchBuilder } from '../../../model/index.js';
import type { DecodeResult, JsonObject } from '../common/index.js';
import {
  RejectionCollector,
  SPAN_ID_BYTES,
  TRACE_ID_BYTES,
  attributesFromJson,
  isAllZeroHex,
  jsonArray,
  jsonEnum,
  jsonHexId,
  jsonInt64,
  jsonObject,
  jsonString,
  jsonUint32,
  optionalIdProblem,
  parseJsonBody,
  requiredIdProblem,
  resourceFromJson,
  scopeFromJson,
  shapeError,
} from '../common/index.js';
import {
  NO_ITEMS,
  SPAN_KIND_NAMES,
  STATUS_CODE_NAMES,
  normalizeSpanKind,
  normalizeStatusCode,
  toInstrumentationScope,
  toSpanResource,
} from './span-values.js';

const REQUEST = 'ExportTraceServiceRequest';

/**
 * Decodes an OTLP/JSON ExportTraceServiceRequest ("JSON Protobuf Encoding") into one
 * SpanBatch for `tenant`, with the same results and rejection rules as decodeTracesProto.
 * Field names in lowerCamelCase (snake_case accepted too), trace/span ids as hex, 64-bit
 * integers as decimal strings or numbers, enums as numbers or names, other bytes as base64;
 * unknown fields are ignored. An id that is not hex text rejects its span.
 *
 * Throws `badInput` for invalid JSON or a value of the wrong type, naming its path.
 */
export function decodeTracesJson(body: Uint8Array | string, tenant: string): DecodeResult<SpanBatch> {
  const root = jsonObject(parseJsonBody(body, REQUEST), REQUEST);
  if (root === undefined) throw shapeError(REQUEST, 'an object', null);
  const builder = new SpanBatchBuilder(tenant);
  const rejections = new RejectionCollector();
  const resourceSpans = jsonArray(root.resourceSpans ?? root.resource_spans, 'resourceSpans');
  for (let i = 0; i < resourceSpans.length; i++) {
    decodeResourceSpans(resourceSpans[i], `resourceSpans[${i}]`, builder, rejections);
  }
  return rejections.result(builder.build());
}

function decodeResourceSpans(v: unknown, path: string, builder: SpanBatchBuilder, rejections: RejectionCollector): void {
  const o = jsonObject(v, path);
  if (o === undefined) return;
  const resource = resourceFromJson(o.resource, `${path}.resource`);
  const schemaUrl = jsonString(o.schemaUrl ?? o.schema_url, `${path}.schemaUrl`);
  const scopeSpans = jsonArray(o.scopeSpans ?? o.scope_spans, `${path}.scopeSpans`);
  let resourceIndex = -1;
  for (let i = 0; i < scopeSpans.length; i++) {
    const sp = `${path}.scopeSpans[${i}]`;
    const ss = jsonObject(scopeSpans[i], sp);
    if (ss === undefined) continue;
    const scope = scopeFromJson(ss.scope, `${sp}.scope`);
    const scopeSchemaUrl = jsonString(ss.schemaUrl ?? ss.schema_url, `${sp}.schemaUrl`);
    const spans = jsonArray(ss.spans, `${sp}.spans`);
    let scopeIndex = -1;
    for (let j = 0; j < spans.length; j++) {
      const spanPath = `${sp}.spans[${j}]`;
      const span = jsonObject(spans[j], spanPath);
      if (span === undefined) throw shapeError(spanPath, 'a Span object', null);
      const decoded = decodeSpan(span, spanPath);
      if (typeof decoded === 'string') {
        rejections.reject(decoded);
        continue;
      }
      if (resourceIndex < 0) resourceIndex = builder.resource(toSpanResource(resource, schemaUrl));
      if (scopeIndex < 0) scopeIndex = builder.scope(toInstrumentationScope(scope, scopeSchemaUrl));
      builder.span({ ...decoded, resourceIndex, scopeIndex });
    }
  }
}

interface JsonSpan {
  traceId: string;
  spanId: string;
  parentSpanId: string;
  traceState: string;
  name: string;
  kind: number;
  startTimeUnixNano: bigint;
  endTimeUnixNano: bigint;
  statusCode: number;
  statusMessage: string;
  attributes: Attribute[] | readonly never[];
  events: SpanEvent[] | readonly never[];
  links: SpanLink[] | readonly never[];
  flags: number;
  droppedAttributesCount: number;
  droppedEventsCount: number;
  droppedLinksCount: number;
}

/** The span, or the reason it is rejected. */
function decodeSpan(o: JsonObject, path: string): JsonSpan | string {
  let traceId: string | undefined = '';
  let spanId: string | undefined = '';
  let parentSpanId: string | undefined = '';
  const s: JsonSpan = {
    traceId: '',
    spanId: '',
    parentSpanId: '',
    traceState: '',
    name: '',
    kind: 0,
    startTimeUnixNano: 0n,
    endTimeUnixNano: 0n,
    statusCode: 0,
    statusMessage: '',
    attributes: NO_ITEMS,
    events: NO_ITEMS,
    links: NO_ITEMS,
    flags: 0,
    droppedAttributesCount: 0,
    droppedEventsCount: 0,
    droppedLinksCount: 0,
  };
  let invalidLinks = 0;
  for (const k in o) {
    const f = o[k];
    const p = `${path}.${k}`;
    switch (k) {
      case 'traceId':
      case 'trace_id':
        traceId = jsonHexId(f);
        break;
      case 'spanId':
      case 'span_id':
        spanId = jsonHexId(f);
        break;
      case 'parentSpanId':
      case 'parent_span_id':
        parentSpanId = jsonHexId(f);
        break;
      case 'traceState':
      case 'trace_state':
        s.traceState = jsonString(f, p);
        break;
      case 'name':
        s.name = jsonString(f, p);
        break;
      case 'kind':
        s.kind = normalizeSpanKind(jsonEnum(f, p, SPAN_KIND_NAMES));
        break;
      case 'startTimeUnixNano':
      case 'start_time_unix_nano':
        s.startTimeUnixNano = jsonInt64(f, p, false);
        break;
      case 'endTimeUnixNano':
      case 'end_time_unix_nano':
        s.endTimeUnixNano = jsonInt64(f, p, false);
        break;
      case 'attributes':
        s.attributes = attributesFromJson(f, p);
        break;
      case 'droppedAttributesCount':
      case 'dropped_attributes_count':
        s.droppedAttributesCount = jsonUint32(f, p);
        break;
      case 'events':
        s.events = decodeEvents(f, p);
        break;
      case 'droppedEventsCount':
      case 'dropped_events_count':
        s.droppedEventsCount = jsonUint32(f, p);
        break;
      case 'links': {
        const items = jsonArray(f, p);
        const links: SpanLink[] = [];
        for (let i = 0; i < items.length; i++) {
          const link = decodeLink(items[i], `${p}[${i}]`);
          if (link === undefined) invalidLinks++;
          else links.push(link);
        }
        s.links = links;
        break;
      }
      case 'droppedLinksCount':
      case 'dropped_links_count':
        s.droppedLinksCount = jsonUint32(f, p);
        break;
      case 'status': {
        const st = jsonObject(f, p);
        if (st === undefined) break;
        s.statusMessage = jsonString(st.message, `${p}.message`);
        s.statusCode = normalizeStatusCode(jsonEnum(st.code, `${p}.code`, STATUS_CODE_NAMES));
        break;
      }
      case 'flags':
        s.flags = jsonUint32(f, p);
        break;
      default:
        break;
    }
  }
  if (traceId === undefined) return 'span traceId is not hex text';
  if (spanId === undefined) return 'span spanId is not hex text';
  if (parentSpanId === undefined) return 'span parentSpanId is not hex text';
  const problem =
    requiredIdProblem('span trace_id', traceId.length / 2, isAllZeroHex(traceId), TRACE_ID_BYTES) ||
    requiredIdProblem('span span_id', spanId.length / 2, isAllZeroHex(spanId), SPAN_ID_BYTES) ||
    optionalIdProblem('span parent_span_id', parentSpanId.length / 2, SPAN_ID_BYTES);
  if (problem !== '') return problem;
  s.traceId = traceId;
  s.spanId = spanId;
  s.parentSpanId = isAllZeroHex(parentSpanId) ? '' : parentSpanId;
  s.droppedLinksCount += invalidLinks;
  return s;
}

function decodeEvents(v: unknown, path: string): SpanEvent[] {
  const items = jsonArray(v, path);
  const out: SpanEvent[] = [];
  for (let i = 0; i < items.length; i++) {
    const p = `${path}[${i}]`;
    const o = jsonObject(items[i], p);
    if (o === undefined) throw shapeError(p, 'an Event object', null);
    out.push({
      timeUnixNano: jsonInt64(o.timeUnixNano ?? o.time_unix_nano, `${p}.timeUnixNano`, false),
      name: jsonString(o.name, `${p}.name`),
      attributes: attributesFromJson(o.attributes, `${p}.attributes`),
      droppedAttributesCount: jsonUint32(o.droppedAttributesCount ?? o.dropped_attributes_count, `${p}.droppedAttributesCount`),
    });
  }
  return out;
}

/** A link, or undefined when its ids are invalid (counted as dropped by the caller). */
function decodeLink(v: unknown, path: string): SpanLink | undefined {
  const o = jsonObject(v, path);
  if (o === undefined) throw shapeError(path, 'a Link object', null);
  const attributes = attributesFromJson(o.attributes, `${path}.attributes`);
  const traceState = jsonString(o.traceState ?? o.trace_state, `${path}.traceState`);
  const droppedAttributesCount = jsonUint32(o.droppedAttributesCount ?? o.dropped_attributes_count, `${path}.droppedAttributesCount`);
  const flags = jsonUint32(o.flags, `${path}.flags`);
  const traceId = jsonHexId(o.traceId ?? o.trace_id);
  const spanId = jsonHexId(o.spanId ?? o.span_id);
  if (
    traceId === undefined ||
    spanId === undefined ||
    traceId.length !== TRACE_ID_BYTES * 2 ||
    spanId.length !== SPAN_ID_BYTES * 2 ||
    isAllZeroHex(traceId) ||
    isAllZeroHex(spanId)
  ) {
    return undefined;
  }
  return { traceId, spanId, traceState, attributes, droppedAttributesCount, flags };
}
