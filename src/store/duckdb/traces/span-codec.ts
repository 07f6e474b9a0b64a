import type { SpanEvent, SpanLink } from '../../../model/index.js';
import { attributesFromOtlpJson, attributesToOtlpJson } from '../../../model/index.js';

/**
 * Lossless text encodings of span events and links: JSON arrays in the OTLP/JSON shape, with
 * nanosecond times as decimal strings and attributes as OTLP/JSON key-values (typed values,
 * ints as strings, bytes as base64). An empty list is `[]`.
 */
export function encodeEvents(events: readonly SpanEvent[]): string {
  if (events.length === 0) return '[]';
  return JSON.stringify(
    events.map((e) => ({
      timeUnixNano: e.timeUnixNano.toString(),
      name: e.name,
      attributes: attributesToOtlpJson(e.attributes),
      droppedAttributesCount: e.droppedAttributesCount,
    })),
  );
}

export function decodeEvents(text: string): SpanEvent[] {
  if (text === '' || text === '[]') return [];
  const list = JSON.parse(text) as { timeUnixNano: string; name: string; attributes: unknown; droppedAttributesCount: number }[];
  return list.map((e) => ({
    timeUnixNano: BigInt(e.timeUnixNano),
    name: e.name,
    attributes: attributesFromOtlpJson(e.attributes),
    droppedAttributesCount: e.droppedAttributesCount,
  }));
}

export function encodeLinks(links: readonly SpanLink[]): string {
  if (links.length === 0) return '[]';
  return JSON.stringify(
    links.map((l) => ({
      traceId: l.traceId,
      spanId: l.spanId,
      traceState: l.traceState,
      attributes: attributesToOtlpJson(l.attributes),
      droppedAttributesCount: l.droppedAttributesCount,
      flags: l.flags,
    })),
  );
}

export function decodeLinks(text: string): SpanLink[] {
  if (text === '' || text === '[]') return [];
  const list = JSON.parse(text) as {
    traceId: string;
    spanId: string;
    traceState: string;
    attributes: unknown;
    droppedAttributesCount: number;
    flags: number;
  }[];
  return list.map((l) => ({
    traceId: l.traceId,
    spanId: l.spanId,
    traceState: l.traceState,
    attributes: attributesFromOtlpJson(l.attributes),
    droppedAttributesCount: l.droppedAttributesCount,
    flags: l.flags,
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
