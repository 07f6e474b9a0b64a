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

/** True for `length` lower-case hex digits (a loop: this runs three times per span ingested). */
function isLowerHex(s: string, length: number): boolean {
  if (s.length !== length) return false;
  for (let i = 0; i < length; i++) {
    const c = s.charCodeAt(i);
    if (!((c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x66))) return false;
  }
  return true;
}

export function isTraceId(s: string): boolean {
  return isLowerHex(s, 32);
}

export function isSpanId(s: string): boolean {
  return isLowerHex(s, 16);
}

const keyView = new DataView(new ArrayBuffer(8));

/** The first 64 bits of a (valid) trace id as a signed BIGINT: the fixed-width look-up key. */
export function traceKey(traceId: string): bigint {
  keyView.setUint32(0, parseInt(traceId.slice(0, 8), 16));
  keyView.setUint32(4, parseInt(traceId.slice(8, 16), 16));
  return keyView.getBigInt64(0);
}
