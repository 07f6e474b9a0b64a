/**
 * OTLP's AnyValue as plain JS values, keeping every type distinct so attributes round-trip:
 * string, boolean, double (`number`), int64 (`bigint`), bytes (`Uint8Array`), array, kvlist
 * (`KeyValueList`) and empty (`null`). A double is always a `number` and an int always a
 * `bigint`, so `3.0` and `3` stay different.
 */
export type AnyValue = string | boolean | number | bigint | Uint8Array | readonly AnyValue[] | KeyValueList | null;

export interface Attribute {
  readonly key: string;
  readonly value: AnyValue;
}

export type Attributes = readonly Attribute[];

export class KeyValueList {
  constructor(readonly values: Attributes) {}
}

export function getAttribute(attrs: Attributes, key: string): AnyValue | undefined {
  for (const a of attrs) if (a.key === key) return a.value;
  return undefined;
}

/** The value as display text: how Jaeger tags, Loki structured metadata and labels show it. */
export function anyValueToString(v: AnyValue): string {
  if (v === null) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'boolean' || typeof v === 'bigint') return String(v);
  if (typeof v === 'number') return formatDouble(v);
  if (v instanceof Uint8Array) return Buffer.from(v).toString('base64');
  return JSON.stringify(anyValueToPlainJson(v));
}

function formatDouble(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return 'Inf';
  if (v === -Infinity) return '-Inf';
  return String(v);
}

/** A plain JSON rendering (kvlist as an object, bytes as base64), for display only. */
export function anyValueToPlainJson(v: AnyValue): unknown {
  if (v === null || typeof v === 'string' || typeof v === 'boolean') return v;
  if (typeof v === 'number') return Number.isFinite(v) ? v : formatDouble(v);
  if (typeof v === 'bigint') return Number.isSafeInteger(Number(v)) ? Number(v) : v.toString();
  if (v instanceof Uint8Array) return Buffer.from(v).toString('base64');
  if (v instanceof KeyValueList) {
    const o: Record<string, unknown> = {};
    for (const a of v.values) o[a.key] = anyValueToPlainJson(a.value);
    return o;
  }
  return (v as readonly AnyValue[]).map(anyValueToPlainJson);
}

/**
 * Encodes to the OTLP/JSON AnyValue shape (`{"intValue":"5"}`, `{"bytesValue":"base64"}`, ...),
 * the lossless form used both for storage and for Tempo's API. Non-finite doubles are the
 * proto3 JSON strings "NaN", "Infinity", "-Infinity".
 */
export function anyValueToOtlpJson(v: AnyValue): Record<string, unknown> {
  if (v === null) return {};
  if (typeof v === 'string') return { stringValue: v };
  if (typeof v === 'boolean') return { boolValue: v };
  if (typeof v === 'bigint') return { intValue: v.toString() };
  if (typeof v === 'number') {
    return { doubleValue: Number.isFinite(v) ? v : Number.isNaN(v) ? 'NaN' : v > 0 ? 'Infinity' : '-Infinity' };
  }
  if (v instanceof Uint8Array) return { bytesValue: Buffer.from(v).toString('base64') };
  if (v instanceof KeyValueList) return { kvlistValue: { values: attributesToOtlpJson(v.values) } };
  return { arrayValue: { values: (v as readonly AnyValue[]).map(anyValueToOtlpJson) } };
}

export function attributesToOtlpJson(attrs: Attributes): Array<{ key: string; value: Record<string, unknown> }> {
  return attrs.map((a) => ({ key: a.key, value: anyValueToOtlpJson(a.value) }));
}

/**
 * Storage encoding of an attribute list (lossless, compact, JSON text): a flat array
 * `[key1, value1, key2, value2, ...]` where a value is
 * - a string, `true`/`false`, or `null` (empty) as itself;
 * - an int64 as a bare JSON number when it is a safe integer, else `{"i":"<decimal>"}`;
 * - a double as a bare JSON number when finite and not integral (so it cannot be mistaken for
 *   an int), else `{"d":<number>}` or `{"d":"NaN"|"Infinity"|"-Infinity"}`;
 * - bytes as `{"b":"<base64>"}`, an array as `{"a":[values]}`, a kvlist as `{"k":[flat list]}`.
 * About half the size of the OTLP/JSON shape, which matters at ingest rates.
 */
export function encodeAttributes(attrs: Attributes): string {
  if (attrs.length === 0) return '[]';
  let out = '[';
  for (let i = 0; i < attrs.length; i++) {
    const a = attrs[i] as Attribute;
    if (i > 0) out += ',';
    out += JSON.stringify(a.key) + ',' + encodeValue(a.value);
  }
  return out + ']';
}

function encodeValue(v: AnyValue): string {
  if (typeof v === 'string') return JSON.stringify(v);
  if (v === null) return 'null';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'bigint') {
    return v >= -9007199254740991n && v <= 9007199254740991n ? v.toString() : `{"i":"${v.toString()}"}`;
  }
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) return `{"d":"${Number.isNaN(v) ? 'NaN' : v > 0 ? 'Infinity' : '-Infinity'}"}`;
    return Number.isInteger(v) ? `{"d":${Object.is(v, -0) ? '"-0"' : String(v)}}` : String(v);
  }
  if (v instanceof Uint8Array) return `{"b":"${Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('base64')}"}`;
  if (v instanceof KeyValueList) return `{"k":${encodeAttributes(v.values)}}`;
  return `{"a":[${(v as readonly AnyValue[]).map(encodeValue).join(',')}]}`;
}

export function decodeAttributes(text: string): Attribute[] {
  if (text === '' || text === '[]') return [];
  return decodeAttributesParsed(JSON.parse(text) as unknown[]);
}

/**
 * Decodes the already-parsed form of `encodeAttributes` text: for stores that embed that text
 * inside a larger JSON document and parse the document once.
 */
export function decodeAttributesParsed(flat: readonly unknown[]): Attribute[] {
  return decodeFlat(flat);
}

function decodeFlat(flat: readonly unknown[]): Attribute[] {
  const out: Attribute[] = [];
  for (let i = 0; i + 1 < flat.length; i += 2) out.push({ key: String(flat[i]), value: decodeValue(flat[i + 1]) });
  return out;
}

const SPECIAL_DOUBLES: Record<string, number> = { NaN: NaN, Infinity: Infinity, '-Infinity': -Infinity, '-0': -0 };

function decodeValue(j: unknown): AnyValue {
  if (j === null || typeof j === 'string' || typeof j === 'boolean') return j;
  if (typeof j === 'number') return Number.isInteger(j) ? BigInt(j) : j;
  const o = j as Record<string, unknown>;
  if ('i' in o) return BigInt(o.i as string);
  if ('d' in o) return typeof o.d === 'number' ? o.d : (SPECIAL_DOUBLES[o.d as string] ?? NaN);
  if ('b' in o) return new Uint8Array(Buffer.from(o.b as string, 'base64'));
  if ('k' in o) return new KeyValueList(decodeFlat(o.k as unknown[]));
  if ('a' in o) return (o.a as unknown[]).map(decodeValue);
  throw new TypeError(`BUG: unknown stored attribute value ${JSON.stringify(j)}`);
}
