import type { SpanResource, InstrumentationScope } from '../../../model/index.js';
import type { OtlpResource, OtlpScope } from '../common/index.js';
import { serviceNameOf } from '../common/index.js';

/** The highest OTLP SpanKind / StatusCode numbers the model knows. */
const MAX_SPAN_KIND = 5;
const MAX_STATUS_CODE = 2;

/**
 * Span kind as stored: OTLP enums are open, but the model keeps one byte per span, so numbers
 * the spec does not define read as SPAN_KIND_UNSPECIFIED (0).
 */
export function normalizeSpanKind(kind: number): number {
  return kind >= 0 && kind <= MAX_SPAN_KIND ? kind : 0;
}

/** Status code as stored; undefined numbers read as STATUS_CODE_UNSET (0). */
export function normalizeStatusCode(code: number): number {
  return code >= 0 && code <= MAX_STATUS_CODE ? code : 0;
}

export const SPAN_KIND_NAMES: Readonly<Record<string, number>> = {
  SPAN_KIND_UNSPECIFIED: 0,
  SPAN_KIND_INTERNAL: 1,
  SPAN_KIND_SERVER: 2,
  SPAN_KIND_CLIENT: 3,
  SPAN_KIND_PRODUCER: 4,
  SPAN_KIND_CONSUMER: 5,
};

export const STATUS_CODE_NAMES: Readonly<Record<string, number>> = {
  STATUS_CODE_UNSET: 0,
  STATUS_CODE_OK: 1,
  STATUS_CODE_ERROR: 2,
};

export function toSpanResource(r: OtlpResource, schemaUrl: string): SpanResource {
  return {
    attributes: r.attributes,
    droppedAttributesCount: r.droppedAttributesCount,
    schemaUrl,
    serviceName: serviceNameOf(r.attributes),
  };
}

export function toInstrumentationScope(s: OtlpScope, schemaUrl: string): InstrumentationScope {
  return {
    name: s.name,
    version: s.version,
    attributes: s.attributes,
    droppedAttributesCount: s.droppedAttributesCount,
    schemaUrl,
  };
}

/** Shared empty list for spans without events/links/attributes (never mutated). */
export const NO_ITEMS: readonly never[] = Object.freeze([]);
