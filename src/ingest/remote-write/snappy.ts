/**
 * Snappy block format (not the framing format): the compression Prometheus remote write uses
 * for its bodies. Format reference: https://github.com/google/snappy/blob/main/format_description.txt
 *
 * A block is a uvarint of the decoded length, then elements, each starting with a tag byte whose
 * low two bits give its kind:
 * - 0: literal; the high six bits are `length - 1`, or 60..63 meaning the length minus one
 *   follows in 1..4 little-endian bytes;
 * - 1: copy, length 4..11 from bits 2-4, 11-bit offset from bits 5-7 and one more byte;
 * - 2: copy, length 1..64 from the high six bits, 2-byte little-endian offset;
 * - 3: copy, length 1..64, 4-byte little-endian offset.
 * A copy repeats `length` bytes starting `offset` bytes back in the output; it may overlap
 * what it writes (offset < length repeats a pattern).
 */

/** Thrown for corrupt input and for a declared length over the limit (`tooLarge` is then true). */
export class SnappyDecodeError extends Error {
  constructor(
    message: string,
    readonly tooLarge = false,
  ) {
    super(message);
    this.name = 'SnappyDecodeError';
  }
}

/**
 * The decoded length a block declares in its preamble, and where its elements start. Throws on
 * a missing, overlong (more than 5 bytes) or over-2^32 varint.
 */
export function snappyDecodedLength(src: Uint8Array): { length: number; headerBytes: number } {
  let length = 0;
  for (let i = 0; i < 5; i++) {
    if (i >= src.length) throw new SnappyDecodeError(`corrupt snappy block: truncated length preamble (${src.length} bytes of input)`);
    const b = src[i] as number;
    length += (b & 0x7f) * 2 ** (7 * i);
    if ((b & 0x80) === 0) {
      if (length > 0xffffffff) throw new SnappyDecodeError(`corrupt snappy block: declared length ${length} exceeds 2^32-1`);
      return { length, headerBytes: i + 1 };
    }
  }
  throw new SnappyDecodeError('corrupt snappy block: length preamble longer than 5 bytes');
}

/**
 * Decodes one snappy block. The declared length is checked against `maxDecodedBytes` before
 * anything is allocated (throws SnappyDecodeError with `tooLarge`); every element is checked
 * against the input and output bounds, so hostile input throws, never reads or writes out of
 * range, and the loop ends after at most `src.length` elements. The result is a new buffer of
 * exactly the declared length.
 */
export function snappyDecode(src: Uint8Array, maxDecodedBytes: number): Uint8Array {
  const { length, headerBytes } = snappyDecodedLength(src);
  if (length > maxDecodedBytes) {
    throw new SnappyDecodeError(`snappy block declares ${length} decoded bytes, over the limit of ${maxDecodedBytes} bytes`, true);
  }
  const dst = new Uint8Array(length);
  let s = headerBytes;
  let d = 0;
  const srcLen = src.length;
  while (s < srcLen) {
    const tag = src[s] as number;
    let copyLen: number;
    let offset: number;
    switch (tag & 3) {
      case 0: {
        let litLen = tag >>> 2;
        s++;
        if (litLen >= 60) {
          const extra = litLen - 59;
          if (s + extra > srcLen) throw corrupt('truncated literal length', s);
          litLen = 0;
          for (let i = 0; i < extra; i++) litLen += (src[s + i] as number) * 2 ** (8 * i);
          s += extra;
        }
        litLen += 1;
        if (litLen > srcLen - s) throw corrupt(`literal of ${litLen} bytes runs past the input`, s);
        if (litLen > length - d) throw corrupt(`literal of ${litLen} bytes runs past the declared length ${length}`, s);
        dst.set(src.subarray(s, s + litLen), d);
        s += litLen;
        d += litLen;
        continue;
      }
      case 1:
        if (s + 2 > srcLen) throw corrupt('truncated copy', s);
        copyLen = 4 + ((tag >>> 2) & 7);
        offset = ((tag >>> 5) << 8) | (src[s + 1] as number);
        s += 2;
        break;
      case 2:
        if (s + 3 > srcLen) throw corrupt('truncated copy', s);
        copyLen = 1 + (tag >>> 2);
        offset = (src[s + 1] as number) | ((src[s + 2] as number) << 8);
        s += 3;
        break;
      default:
        if (s + 5 > srcLen) throw corrupt('truncated copy', s);
        copyLen = 1 + (tag >>> 2);
        offset =
          ((src[s + 1] as number) | ((src[s + 2] as number) << 8) | ((src[s + 3] as number) << 16)) + (src[s + 4] as number) * 2 ** 24;
        s += 5;
        break;
    }
    if (offset === 0 || offset > d) throw corrupt(`copy offset ${offset} outside the ${d} bytes decoded so far`, s);
    if (copyLen > length - d) throw corrupt(`copy of ${copyLen} bytes runs past the declared length ${length}`, s);
    let from = d - offset;
    if (offset >= copyLen && copyLen > 16) {
      dst.copyWithin(d, from, from + copyLen);
      d += copyLen;
    } else {
      // Overlapping copies repeat a pattern; they must go byte by byte.
      const end = d + copyLen;
      while (d < end) dst[d++] = dst[from++] as number;
    }
  }
  if (d !== length) throw new SnappyDecodeError(`corrupt snappy block: decoded ${d} bytes, the preamble declares ${length}`);
  return dst;
}

function corrupt(what: string, at: number): SnappyDecodeError {
  return new SnappyDecodeError(`corrupt snappy block: ${what} (at input byte ${at})`);
}

/** Upper bound of the encoded size of `n` bytes (the reference implementation's bound). */
export function snappyMaxEncodedLength(n: number): number {
  return 32 + n + Math.ceil(n / 6);
}

const HASH_BITS = 14;
const MAX_OFFSET = 65535;

/**
 * Encodes `src` as one snappy block: literals plus copies found through a hash table of 4-byte
 * sequences (offsets up to 64 KiB). Not as tight as the reference encoder, but any snappy
 * decoder reads it. Used by tests, benchmarks and the test remote-write client, not on the
 * ingest path.
 */
export function snappyEncode(src: Uint8Array): Uint8Array {
  const n = src.length;
  const out = new Uint8Array(snappyMaxEncodedLength(n));
  let o = 0;
  let v = n;
  while (v >= 0x80) {
    out[o++] = (v % 0x80) | 0x80;
    v = Math.floor(v / 0x80);
  }
  out[o++] = v;
  const table = new Int32Array(1 << HASH_BITS);
  let literalStart = 0;
  let s = 0;
  while (s + 4 <= n) {
    const word = readU32(src, s);
    const h = Math.imul(word, 0x1e35a7bd) >>> (32 - HASH_BITS);
    const candidate = (table[h] as number) - 1;
    table[h] = s + 1;
    if (candidate >= 0 && s - candidate <= MAX_OFFSET && readU32(src, candidate) === word) {
      o = emitLiteral(out, o, src, literalStart, s);
      let len = 4;
      while (s + len < n && src[candidate + len] === src[s + len]) len++;
      o = emitCopy(out, o, s - candidate, len);
      s += len;
      literalStart = s;
    } else {
      s++;
    }
  }
  o = emitLiteral(out, o, src, literalStart, n);
  return out.slice(0, o);
}

function readU32(b: Uint8Array, i: number): number {
  return ((b[i] as number) | ((b[i + 1] as number) << 8) | ((b[i + 2] as number) << 16) | ((b[i + 3] as number) << 24)) >>> 0;
}

function emitLiteral(out: Uint8Array, o: number, src: Uint8Array, start: number, end: number): number {
  const len = end - start;
  if (len === 0) return o;
  const n = len - 1;
  if (n < 60) {
    out[o++] = n << 2;
  } else {
    const extra = n < 0x100 ? 1 : n < 0x10000 ? 2 : n < 0x1000000 ? 3 : 4;
    out[o++] = (59 + extra) << 2;
    for (let i = 0, x = n; i < extra; i++, x = Math.floor(x / 256)) out[o++] = x & 0xff;
  }
  out.set(src.subarray(start, end), o);
  return o + len;
}

function emitCopy(out: Uint8Array, o: number, offset: number, len: number): number {
  while (len > 0) {
    if (len >= 4 && len <= 11 && offset < 2048) {
      out[o++] = 1 | ((len - 4) << 2) | ((offset >>> 8) << 5);
      out[o++] = offset & 0xff;
      return o;
    }
    // Keep at least 4 bytes for a last short copy when splitting, as the reference does.
    const chunk = len > 64 ? (len - 64 < 4 ? 60 : 64) : len;
    out[o++] = 2 | ((chunk - 1) << 2);
    out[o++] = offset & 0xff;
    out[o++] = offset >>> 8;
    len -= chunk;
  }
  return o;
}
