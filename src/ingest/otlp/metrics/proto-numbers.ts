import type { ProtobufReader } from '../../shared/protobuf-reader.js';
import { ProtobufDecodeError } from '../../shared/protobuf-reader.js';

/**
 * Fixed-width 64-bit reads the metrics decoder needs as plain numbers, without a BigInt per
 * value. Each checks bounds and advances `r.pos` by 8.
 */

function need8(r: ProtobufReader): number {
  const p = r.pos;
  if (p + 8 > r.buf.length) {
    throw new ProtobufDecodeError(`truncated message: need 8 bytes at byte ${p}, have ${r.buf.length - p}`);
  }
  r.pos = p + 8;
  return p;
}

function low32(b: Uint8Array, p: number): number {
  return ((b[p] as number) | ((b[p + 1] as number) << 8) | ((b[p + 2] as number) << 16) | ((b[p + 3] as number) << 24)) >>> 0;
}

/**
 * A fixed64 Unix time in nanoseconds as integer milliseconds, truncated, exact for every
 * input (a double cannot hold today's nanosecond times exactly, so the division is split:
 * 2^32 ns = 4294 ms + 967296 ns).
 */
export function readNanosAsMillis(r: ProtobufReader): number {
  const p = need8(r);
  const b = r.buf;
  const lo = low32(b, p);
  const hi = low32(b, p + 4);
  const rest = hi * 967296 + lo; // < 2^53: exact
  let q = Math.floor(rest / 1e6);
  if (q * 1e6 > rest) q--;
  else if ((q + 1) * 1e6 <= rest) q++;
  return hi * 4294 + q;
}

/** An sfixed64 as a number (exact below 2^53 in magnitude, correctly rounded above). */
export function readSfixed64Number(r: ProtobufReader): number {
  const p = need8(r);
  const b = r.buf;
  const hi = low32(b, p + 4) | 0;
  return hi * 4294967296 + low32(b, p);
}
