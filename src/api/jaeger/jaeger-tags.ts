import type { AnyValue, Attributes } from '../../model/index.js';
import { StatusCode, anyValueToString } from '../../model/index.js';

/** A Jaeger UI key/value (`uimodel.KeyValue`): a tag, a process tag or a log field. */
export interface JaegerKeyValue {
  readonly key: string;
  readonly type: 'string' | 'bool' | 'int64' | 'float64' | 'binary';
  readonly value: string | boolean | number;
}

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/**
 * One OTLP attribute as a Jaeger tag, as the OTel Collector's Jaeger translator and Jaeger's UI
 * model do it: string, bool, int64 (a JSON number, or a decimal string beyond ±2^53-1), float64,
 * binary (base64 text); arrays and maps become their JSON text as a string; an empty value is
 * an empty string. Non-finite doubles, which JSON cannot carry, become "NaN", "Inf", "-Inf".
 */
export function attributeToJaegerTag(key: string, v: AnyValue): JaegerKeyValue {
  if (typeof v === 'string') return { key, type: 'string', value: v };
  if (typeof v === 'boolean') return { key, type: 'bool', value: v };
  if (typeof v === 'bigint') return { key, type: 'int64', value: v > MAX_SAFE || v < -MAX_SAFE ? v.toString() : Number(v) };
  if (typeof v === 'number') return { key, type: 'float64', value: Number.isFinite(v) ? v : anyValueToString(v) };
  if (v instanceof Uint8Array) return { key, type: 'binary', value: Buffer.from(v).toString('base64') };
  return { key, type: 'string', value: anyValueToString(v) };
}

export function attributesToJaegerTags(attrs: Attributes, skipKey?: string): JaegerKeyValue[] {
  const out: JaegerKeyValue[] = [];
  for (const a of attrs) if (a.key !== skipKey) out.push(attributeToJaegerTag(a.key, a.value));
  return out;
}

/** Jaeger's (OpenTracing's) names of the OTLP span kinds; '' for unspecified. */
export const JAEGER_SPAN_KINDS: readonly string[] = ['', 'internal', 'server', 'client', 'producer', 'consumer'];

/** What the translator adds to a span's own attributes, from its other fields. */
export interface SpanTagSources {
  readonly scopeName: string;
  readonly scopeVersion: string;
  readonly kind: number;
  readonly statusCode: number;
  readonly statusMessage: string;
  readonly traceState: string;
}

/**
 * A span's Jaeger tags in the translator's order: `otel.scope.name`, `otel.scope.version` (when
 * set), the span attributes, `span.kind` (unless unspecified), `otel.status_code` ("OK"/"ERROR"
 * unless unset), `error: true` on ERROR, `otel.status_description` (when set), and
 * `w3c.tracestate` (when set).
 */
export function spanToJaegerTags(attrs: Attributes, s: SpanTagSources): JaegerKeyValue[] {
  const tags: JaegerKeyValue[] = [];
  if (s.scopeName !== '') tags.push({ key: 'otel.scope.name', type: 'string', value: s.scopeName });
  if (s.scopeVersion !== '') tags.push({ key: 'otel.scope.version', type: 'string', value: s.scopeVersion });
  for (const a of attrs) tags.push(attributeToJaegerTag(a.key, a.value));
  tags.push(...derivedSpanTags(s));
  return tags;
}

/** The tags derived from the span kind, status and trace state (see `spanToJaegerTags`). */
export function derivedSpanTags(s: Omit<SpanTagSources, 'scopeName' | 'scopeVersion'>): JaegerKeyValue[] {
  const tags: JaegerKeyValue[] = [];
  const kind = JAEGER_SPAN_KINDS[s.kind] ?? '';
  if (kind !== '') tags.push({ key: 'span.kind', type: 'string', value: kind });
  if (s.statusCode === StatusCode.OK) tags.push({ key: 'otel.status_code', type: 'string', value: 'OK' });
  if (s.statusCode === StatusCode.ERROR) {
    tags.push({ key: 'otel.status_code', type: 'string', value: 'ERROR' });
    tags.push({ key: 'error', type: 'bool', value: true });
  }
  if (s.statusMessage !== '') tags.push({ key: 'otel.status_description', type: 'string', value: s.statusMessage });
  if (s.traceState !== '') tags.push({ key: 'w3c.tracestate', type: 'string', value: s.traceState });
  return tags;
}
