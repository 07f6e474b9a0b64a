/**
 * Trace and span ids: lowercase hex text in the model, validated the same way for both
 * encodings. A trace id is 16 bytes, a span id 8, and neither may be all zeros (the W3C and
 * OTel "invalid" ids).
 */
const HEX_BYTE: readonly string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/** Lowercase hex of `b` ('' when empty); no copy of the bytes. */
export function hexFromBytes(b: Uint8Array): string {
  let s = '';
  for (let i = 0; i < b.length; i++) s += HEX_BYTE[b[i] as number] as string;
  return s;
}

export const TRACE_ID_BYTES = 16;
export const SPAN_ID_BYTES = 8;

/** True when every byte of `b` is zero (also for an empty array). */
export function isAllZeroBytes(b: Uint8Array): boolean {
  for (let i = 0; i < b.length; i++) if (b[i] !== 0) return false;
  return true;
}

/** True when `hex` has only '0' characters (also for ''). */
export function isAllZeroHex(hex: string): boolean {
  for (let i = 0; i < hex.length; i++) if (hex.charCodeAt(i) !== 48) return false;
  return true;
}

/**
 * Why an id of `byteLength` bytes (all zero or not) is unacceptable as a required id of
 * `wantBytes` bytes, or '' when it is fine. `field` names it in the message ("trace_id").
 */
export function requiredIdProblem(field: string, byteLength: number, allZero: boolean, wantBytes: number): string {
  if (byteLength === 0) return `${field} is missing`;
  if (byteLength !== wantBytes) return `${field} must be ${wantBytes} bytes, got ${byteLength}`;
  if (allZero) return `${field} is all zeros`;
  return '';
}

/**
 * Why an optional id (parent span id, log trace/span id) is unacceptable, or '' when it is
 * fine. Empty is fine; an all-zero id of the right size is fine too (callers treat it as absent).
 */
export function optionalIdProblem(field: string, byteLength: number, wantBytes: number): string {
  if (byteLength === 0 || byteLength === wantBytes) return '';
  return `${field} must be ${wantBytes} bytes or empty, got ${byteLength}`;
}
