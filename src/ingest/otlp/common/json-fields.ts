import { badInput } from '../../../model/index.js';

/**
 * Readers for OTLP/JSON ("JSON Protobuf Encoding") field values. Proto3 JSON treats `null` as
 * the field's default, so absent and null read as '', 0, 0n or []. A value of the wrong type
 * throws `badInput` naming its path (`resourceSpans[0].scopeSpans[1].spans[2].kind`).
 * https://opentelemetry.io/docs/specs/otlp/#json-protobuf-encoding
 */
export type JsonObject = Record<string, unknown>;

const textDecoder = new TextDecoder('utf-8', { fatal: true });

/** Parses a request body as JSON; invalid UTF-8 or JSON throws `badInput`. */
export function parseJsonBody(body: Uint8Array | string, requestName: string): unknown {
  let text: string;
  try {
    text = typeof body === 'string' ? body : textDecoder.decode(body);
  } catch (e) {
    throw badInput(`malformed ${requestName} JSON: body is not valid UTF-8`, e);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    throw badInput(`malformed ${requestName} JSON: ${(e as Error).message}`, e);
  }
}

export function shapeError(path: string, expected: string, got: unknown): Error {
  return badInput(`invalid OTLP/JSON: ${path} must be ${expected}, got ${describe(got)}`);
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'string') return JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}...` : v);
  if (typeof v === 'object') return 'an object';
  return `${typeof v} ${String(v)}`;
}

/** A JSON object (not null, not an array). `null`/absent reads as undefined. */
export function jsonObject(v: unknown, path: string): JsonObject | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'object' || Array.isArray(v)) throw shapeError(path, 'an object', v);
  return v as JsonObject;
}

export function jsonArray(v: unknown, path: string): readonly unknown[] {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) throw shapeError(path, 'an array', v);
  return v;
}

export function jsonString(v: unknown, path: string): string {
  if (v === undefined || v === null) return '';
  if (typeof v !== 'string') throw shapeError(path, 'a string', v);
  return v;
}

export function jsonBool(v: unknown, path: string): boolean {
  if (v === undefined || v === null) return false;
  if (typeof v === 'boolean') return v;
  if (v === 'true') return true;
  if (v === 'false') return false;
  throw shapeError(path, 'a boolean', v);
}

const DECIMAL = /^-?\d+$/;
const MAX_UINT32 = 4294967295;

/** A uint32 (counts, flags) as a number or decimal string. */
export function jsonUint32(v: unknown, path: string): number {
  if (v === undefined || v === null) return 0;
  const n = typeof v === 'string' && DECIMAL.test(v) ? Number(v) : v;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 0 || n > MAX_UINT32) {
    throw shapeError(path, 'an unsigned 32-bit integer', v);
  }
  return n;
}

/** An int64 (`signed`) or uint64/fixed64 as a bigint, from a decimal string or an integral number. */
export function jsonInt64(v: unknown, path: string, signed: boolean): bigint {
  if (v === undefined || v === null) return 0n;
  let b: bigint;
  if (typeof v === 'string' && DECIMAL.test(v)) b = BigInt(v);
  else if (typeof v === 'number' && Number.isInteger(v)) b = BigInt(v);
  else throw shapeError(path, signed ? 'a 64-bit integer' : 'an unsigned 64-bit integer', v);
  if ((signed ? BigInt.asIntN(64, b) : BigInt.asUintN(64, b)) !== b) {
    throw shapeError(path, signed ? 'within the int64 range' : 'within the uint64 range', v);
  }
  return b;
}

/**
 * An enum: its integer (what OTLP/JSON requires) or, leniently, its name from `names`.
 * Unknown integers are kept (proto3 enums are open); unknown names throw.
 */
export function jsonEnum(v: unknown, path: string, names: Readonly<Record<string, number>>): number {
  if (v === undefined || v === null) return 0;
  if (typeof v === 'number' && Number.isInteger(v) && v >= -2147483648 && v <= 2147483647) return v;
  if (typeof v === 'string') {
    const n = names[v];
    if (n !== undefined) return n;
    if (DECIMAL.test(v)) return jsonEnum(Number(v), path, names);
  }
  throw shapeError(path, 'an enum number or name', v);
}

/** A double: a number or the proto3 strings "NaN", "Infinity", "-Infinity" or a numeric string. */
export function jsonDouble(v: unknown, path: string): number {
  if (v === undefined || v === null) return 0;
  if (typeof v === 'number') return v;
  if (typeof v === 'string') {
    if (v === 'NaN') return NaN;
    if (v === 'Infinity') return Infinity;
    if (v === '-Infinity') return -Infinity;
    if (v.trim() !== '') {
      const n = Number(v);
      if (!Number.isNaN(n)) return n;
    }
  }
  throw shapeError(path, 'a number', v);
}

const BASE64 = /^[A-Za-z0-9+/_-]*={0,2}$/;

/** A bytes field (other than trace/span ids) in standard or URL-safe base64, copied out. */
export function jsonBase64(v: unknown, path: string): Uint8Array {
  if (v === undefined || v === null) return new Uint8Array(0);
  if (typeof v !== 'string' || !BASE64.test(v)) throw shapeError(path, 'base64 text', v);
  return new Uint8Array(Buffer.from(v, 'base64'));
}

const HEX = /^[0-9a-fA-F]*$/;

/**
 * A trace or span id, which OTLP/JSON sends as hex (not base64): lowercase hex text, or
 * undefined when the value is not an even-length hex string (the caller rejects the record).
 * Absent or null is '' (no id). Length is the caller's to check.
 */
export function jsonHexId(v: unknown): string | undefined {
  if (v === undefined || v === null) return '';
  if (typeof v !== 'string' || v.length % 2 !== 0 || !HEX.test(v)) return undefined;
  return v.toLowerCase();
}
