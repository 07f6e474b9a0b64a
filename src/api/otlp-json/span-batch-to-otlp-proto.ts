import type { AnyValue, Attribute, Attributes, SpanBatch, SpanEvent, SpanLink } from '../../model/index.js';
import { KeyValueList } from '../../model/index.js';
import { ProtobufWriter } from '../../ingest/shared/protobuf-writer.js';
import type { ResourceGroup, ScopeGroup } from './span-groups.js';
import { groupSpansByResourceAndScope } from './span-groups.js';

/**
 * Encodes a batch as the protobuf bytes of OTLP `TracesData`
 * (opentelemetry/proto/trace/v1/trace.proto): field 1, repeated `ResourceSpans`. The same bytes
 * are a Tempo `tempopb.Trace` (its field 1 is the same repeated message), which is what Grafana's
 * Tempo data source asks for with `Accept: application/protobuf`.
 *
 * Spans are grouped as in `spanBatchToOtlpJson`. Every field of the model is written; scalar
 * fields holding their proto3 default are left out, as protobuf encoders do, while `resource`,
 * `scope` and `status` are always present and a oneof AnyValue member is written even when it
 * is the default ("", false, 0). Ids are raw bytes, times fixed64. Returns a fresh array.
 */
export function spanBatchToOtlpProto(batch: SpanBatch): Uint8Array {
  const w = new ProtobufWriter();
  for (const g of groupSpansByResourceAndScope(batch)) w.message(1, (rs) => writeResourceSpans(rs, batch, g));
  return w.finish();
}

function writeResourceSpans(w: ProtobufWriter, batch: SpanBatch, g: ResourceGroup): void {
  const r = g.resource;
  w.message(1, (res) => {
    writeAttributes(res, 1, r.attributes);
    if (r.droppedAttributesCount !== 0) res.uint64(2, r.droppedAttributesCount);
  });
  for (const s of g.scopes) w.message(2, (ss) => writeScopeSpans(ss, batch, s));
  if (r.schemaUrl !== '') w.string(3, r.schemaUrl);
}

function writeScopeSpans(w: ProtobufWriter, batch: SpanBatch, g: ScopeGroup): void {
  const s = g.scope;
  w.message(1, (sc) => {
    if (s.name !== '') sc.string(1, s.name);
    if (s.version !== '') sc.string(2, s.version);
    writeAttributes(sc, 3, s.attributes);
    if (s.droppedAttributesCount !== 0) sc.uint64(4, s.droppedAttributesCount);
  });
  for (const i of g.spans) w.message(2, (sp) => writeSpan(sp, batch, i));
  if (s.schemaUrl !== '') w.string(3, s.schemaUrl);
}

function writeSpan(w: ProtobufWriter, b: SpanBatch, i: number): void {
  w.bytes(1, idBytes(b.traceId[i] ?? ''));
  w.bytes(2, idBytes(b.spanId[i] ?? ''));
  const traceState = b.traceState[i] ?? '';
  if (traceState !== '') w.string(3, traceState);
  const parent = b.parentSpanId[i] ?? '';
  if (parent !== '') w.bytes(4, idBytes(parent));
  const name = b.name[i] ?? '';
  if (name !== '') w.string(5, name);
  const kind = b.kind[i] ?? 0;
  if (kind !== 0) w.uint64(6, kind);
  w.fixed64(7, b.startTimeUnixNano[i] ?? 0n);
  w.fixed64(8, b.endTimeUnixNano[i] ?? 0n);
  writeAttributes(w, 9, b.attributes[i] ?? []);
  const droppedAttributes = b.droppedAttributesCount[i] ?? 0;
  if (droppedAttributes !== 0) w.uint64(10, droppedAttributes);
  for (const e of b.events[i] ?? []) w.message(11, (ew) => writeEvent(ew, e));
  const droppedEvents = b.droppedEventsCount[i] ?? 0;
  if (droppedEvents !== 0) w.uint64(12, droppedEvents);
  for (const l of b.links[i] ?? []) w.message(13, (lw) => writeLink(lw, l));
  const droppedLinks = b.droppedLinksCount[i] ?? 0;
  if (droppedLinks !== 0) w.uint64(14, droppedLinks);
  const message = b.statusMessage[i] ?? '';
  const code = b.statusCode[i] ?? 0;
  w.message(15, (st) => {
    if (message !== '') st.string(2, message);
    if (code !== 0) st.uint64(3, code);
  });
  const flags = b.flags[i] ?? 0;
  if (flags !== 0) w.fixed32(16, flags);
}

function writeEvent(w: ProtobufWriter, e: SpanEvent): void {
  w.fixed64(1, e.timeUnixNano);
  if (e.name !== '') w.string(2, e.name);
  writeAttributes(w, 3, e.attributes);
  if (e.droppedAttributesCount !== 0) w.uint64(4, e.droppedAttributesCount);
}

function writeLink(w: ProtobufWriter, l: SpanLink): void {
  w.bytes(1, idBytes(l.traceId));
  w.bytes(2, idBytes(l.spanId));
  if (l.traceState !== '') w.string(3, l.traceState);
  writeAttributes(w, 4, l.attributes);
  if (l.droppedAttributesCount !== 0) w.uint64(5, l.droppedAttributesCount);
  if (l.flags !== 0) w.fixed32(6, l.flags);
}

/** Repeated `KeyValue` at `field`. */
function writeAttributes(w: ProtobufWriter, field: number, attrs: Attributes): void {
  for (const a of attrs) w.message(field, (kv) => writeKeyValue(kv, a));
}

function writeKeyValue(w: ProtobufWriter, a: Attribute): void {
  w.string(1, a.key);
  w.message(2, (v) => writeAnyValue(v, a.value));
}

/** The AnyValue oneof; `null` (an empty AnyValue) writes nothing. */
function writeAnyValue(w: ProtobufWriter, v: AnyValue): void {
  if (v === null) return;
  if (typeof v === 'string') w.string(1, v);
  else if (typeof v === 'boolean') w.bool(2, v);
  else if (typeof v === 'bigint') w.int64(3, v);
  else if (typeof v === 'number') w.double(4, v);
  else if (v instanceof Uint8Array) w.bytes(7, v);
  else if (v instanceof KeyValueList) w.message(6, (kvl) => writeAttributes(kvl, 1, v.values));
  else w.message(5, (arr) => {
    for (const item of v) arr.message(1, (iv) => writeAnyValue(iv, item));
  });
}

function idBytes(hex: string): Uint8Array {
  return Buffer.from(hex, 'hex');
}
