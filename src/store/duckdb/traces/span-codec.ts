import type { SpanEvent, SpanLink } from '../../../model/index.js';
import { decodeAttributesParsed, encodeAttributes } from '../../../model/index.js';

/**
 * Lossless text encodings of span events and links: JSON arrays of objects with short keys,
 * nanosecond times as decimal strings, and attributes embedded in the model's compact storage
 * encoding (encodeAttributes), so every AnyValue type round-trips. An empty list is `[]`.
 *
 * Event: {"t": time, "n": name, "a": attributes, "d": dropped attributes count}
 * Link:  {"tr": trace id, "sp": span id, "ts": trace state, "a": attributes, "d": dropped, "f": flags}
 */
export function encodeEvents(events: readonly SpanEvent[]): string {
  if (events.length === 0) return '[]';
  const parts = events.map(
    (e) => `{"t":"${e.timeUnixNano.toString()}","n":${JSON.stringify(e.name)},"a":${encodeAttributes(e.attributes)},"d":${e.droppedAttributesCount}}`,
  );
  return `[${parts.join(',')}]`;
}

export function decodeEvents(text: string): SpanEvent[] {
  if (text === '' || text === '[]') return [];
  const list = JSON.parse(text) as { t: string; n: string; a: unknown[]; d: number }[];
  return list.map((e) => ({ timeUnixNano: BigInt(e.t), name: e.n, attributes: decodeAttributesParsed(e.a), droppedAttributesCount: e.d }));
}

export function encodeLinks(links: readonly SpanLink[]): string {
  if (links.length === 0) return '[]';
  const parts = links.map(
    (l) =>
      `{"tr":${JSON.stringify(l.traceId)},"sp":${JSON.stringify(l.spanId)},"ts":${JSON.stringify(l.traceState)},` +
      `"a":${encodeAttributes(l.attributes)},"d":${l.droppedAttributesCount},"f":${l.flags}}`,
  );
  return `[${parts.join(',')}]`;
}

export function decodeLinks(text: string): SpanLink[] {
  if (text === '' || text === '[]') return [];
  const list = JSON.parse(text) as { tr: string; sp: string; ts: string; a: unknown[]; d: number; f: number }[];
  return list.map((l) => ({
    traceId: l.tr,
    spanId: l.sp,
    traceState: l.ts,
    attributes: decodeAttributesParsed(l.a),
    droppedAttributesCount: l.d,
    flags: l.f,
  }));
}

const TRACE_ID = /^[0-9a-f]{32}$/;
const SPAN_ID = /^[0-9a-f]{16}$/;

export function isTraceId(s: string): boolean {
  return TRACE_ID.test(s);
}

export function isSpanId(s: string): boolean {
  return SPAN_ID.test(s);
}

/** The first 64 bits of a (valid) trace id as a signed BIGINT: the fixed-width look-up key. */
export function traceKey(traceId: string): bigint {
  return BigInt.asIntN(64, BigInt(`0x${traceId.slice(0, 16)}`));
}
