import { badInput } from '../../model/index.js';

const BASE64 = /^[A-Za-z0-9+/_-]*={0,2}$/;

/**
 * Parses a trace id as Jaeger's query service does (`apiv3.TraceIDFromString`): up to 32 hex
 * digits of either case (shorter ids are the low bits, i.e. left-padded with zeros), or else a
 * 16-byte (or 8-byte) id in standard or URL-safe base64, padded or not. Returns 32 lowercase
 * hex digits. Throws `badInput` with Jaeger's message for the hex form.
 */
export function parseJaegerTraceId(text: string): string {
  const hexError = hexProblem(text);
  if (hexError === undefined) return text.toLowerCase().padStart(32, '0');
  if (text.length > 0 && text.length <= 24 && BASE64.test(text)) {
    const bytes = Buffer.from(text.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
    if (bytes.length === 16 || bytes.length === 8) return bytes.toString('hex').padStart(32, '0');
  }
  throw badInput(hexError);
}

function hexProblem(text: string): string | undefined {
  if (text.length > 32) return `TraceID cannot be longer than 32 hex characters: ${text}`;
  const high = text.length > 16 ? text.slice(0, text.length - 16) : '';
  const low = text.length > 16 ? text.slice(text.length - 16) : text;
  for (const part of high === '' ? [low] : [high, low]) {
    if (!/^[0-9a-fA-F]+$/.test(part)) return `strconv.ParseUint: parsing ${JSON.stringify(part)}: invalid syntax`;
  }
  return undefined;
}

/**
 * A trace id as Jaeger prints it (`model.TraceID.String()`): 16 hex digits when the high 64 bits
 * are zero, else 32.
 */
export function formatJaegerTraceId(hex32: string): string {
  return hex32.length === 32 && hex32.startsWith('0000000000000000') ? hex32.slice(16) : hex32;
}
