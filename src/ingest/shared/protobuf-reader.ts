/**
 * A minimal protobuf wire-format reader over a Uint8Array, without reflection or per-field
 * objects: decoders loop `while (r.pos < end) { const tag = r.tag(); switch (tag >>> 3) ... }`.
 * Nested messages are read by `const end = r.messageEnd()` and a loop to that end. Strings are
 * decoded by one shared TextDecoder; `bytesView` returns a subarray without copying, valid as
 * long as the input buffer is.
 *
 * Every read checks bounds and throws ProtobufDecodeError on truncated or malformed input.
 */
export class ProtobufDecodeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ProtobufDecodeError';
  }
}

const utf8 = new TextDecoder('utf-8');

export const WireType = { VARINT: 0, I64: 1, LEN: 2, SGROUP: 3, EGROUP: 4, I32: 5 } as const;

export class ProtobufReader {
  pos = 0;
  private readonly view: DataView;

  constructor(readonly buf: Uint8Array) {
    this.view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  }

  get length(): number {
    return this.buf.length;
  }

  /** Reads a field tag; `tag >>> 3` is the field number, `tag & 7` the wire type. */
  tag(): number {
    const t = this.uint32();
    if (t >>> 3 === 0) throw new ProtobufDecodeError(`invalid field number 0 at byte ${this.pos}`);
    return t;
  }

  uint32(): number {
    // Fast path for up to 5 bytes; values above 2^32 are truncated as protobuf specifies.
    let result = 0;
    let shift = 0;
    for (let i = 0; i < 10; i++) {
      if (this.pos >= this.buf.length) throw new ProtobufDecodeError(`truncated varint at byte ${this.pos}`);
      const b = this.buf[this.pos++] as number;
      if (shift < 32) result |= (b & 0x7f) << shift;
      if ((b & 0x80) === 0) return result >>> 0;
      shift += 7;
    }
    throw new ProtobufDecodeError(`varint longer than 10 bytes at byte ${this.pos}`);
  }

  int32(): number {
    return this.uint32() | 0;
  }

  /** A varint as a JS number; exact up to 2^53 (enough for counts, ids, lengths). */
  uint64Number(): number {
    let lo = 0;
    let hi = 0;
    let shift = 0;
    for (let i = 0; i < 10; i++) {
      if (this.pos >= this.buf.length) throw new ProtobufDecodeError(`truncated varint at byte ${this.pos}`);
      const b = this.buf[this.pos++] as number;
      if (shift < 28) lo |= (b & 0x7f) << shift;
      else if (shift === 28) {
        lo |= (b & 0x0f) << 28;
        hi |= (b & 0x7f) >> 4;
      } else hi |= (b & 0x7f) << (shift - 32);
      if ((b & 0x80) === 0) return (hi >>> 0) * 4294967296 + (lo >>> 0);
      shift += 7;
    }
    throw new ProtobufDecodeError(`varint longer than 10 bytes at byte ${this.pos}`);
  }

  /** A signed int64 varint, exact, as bigint. */
  int64(): bigint {
    return BigInt.asIntN(64, this.uint64());
  }

  uint64(): bigint {
    let result = 0n;
    let shift = 0n;
    for (let i = 0; i < 10; i++) {
      if (this.pos >= this.buf.length) throw new ProtobufDecodeError(`truncated varint at byte ${this.pos}`);
      const b = this.buf[this.pos++] as number;
      result |= BigInt(b & 0x7f) << shift;
      if ((b & 0x80) === 0) return BigInt.asUintN(64, result);
      shift += 7n;
    }
    throw new ProtobufDecodeError(`varint longer than 10 bytes at byte ${this.pos}`);
  }

  sint64(): bigint {
    const u = this.uint64();
    return (u >> 1n) ^ -(u & 1n);
  }

  bool(): boolean {
    return this.uint32() !== 0;
  }

  private need(n: number): void {
    if (this.pos + n > this.buf.length) {
      throw new ProtobufDecodeError(`truncated message: need ${n} bytes at byte ${this.pos}, have ${this.buf.length - this.pos}`);
    }
  }

  double(): number {
    this.need(8);
    const v = this.view.getFloat64(this.pos, true);
    this.pos += 8;
    return v;
  }

  fixed64(): bigint {
    this.need(8);
    const v = this.view.getBigUint64(this.pos, true);
    this.pos += 8;
    return v;
  }

  sfixed64(): bigint {
    this.need(8);
    const v = this.view.getBigInt64(this.pos, true);
    this.pos += 8;
    return v;
  }

  /** A fixed64 as a JS number (exact below 2^53); used for millisecond-scale values. */
  fixed64Number(): number {
    this.need(8);
    const lo = this.view.getUint32(this.pos, true);
    const hi = this.view.getUint32(this.pos + 4, true);
    this.pos += 8;
    return hi * 4294967296 + lo;
  }

  fixed32(): number {
    this.need(4);
    const v = this.view.getUint32(this.pos, true);
    this.pos += 4;
    return v;
  }

  float(): number {
    this.need(4);
    const v = this.view.getFloat32(this.pos, true);
    this.pos += 4;
    return v;
  }

  /** Length of a LEN field, checked against the remaining input. */
  private len(): number {
    const n = this.uint32();
    this.need(n);
    return n;
  }

  /** Returns the end offset of an embedded message and leaves `pos` at its first byte. */
  messageEnd(): number {
    const n = this.len();
    return this.pos + n;
  }

  string(): string {
    const n = this.len();
    const s = n === 0 ? '' : utf8.decode(this.buf.subarray(this.pos, this.pos + n));
    this.pos += n;
    return s;
  }

  /** A view into the input; copy it if it must outlive the input buffer. */
  bytesView(): Uint8Array {
    const n = this.len();
    const v = this.buf.subarray(this.pos, this.pos + n);
    this.pos += n;
    return v;
  }

  /** Skips a field of the given wire type (unknown fields are ignored, as protobuf requires). */
  skip(wireType: number): void {
    switch (wireType) {
      case WireType.VARINT:
        this.uint64Number();
        return;
      case WireType.I64:
        this.need(8);
        this.pos += 8;
        return;
      case WireType.LEN: {
        const n = this.len();
        this.pos += n;
        return;
      }
      case WireType.I32:
        this.need(4);
        this.pos += 4;
        return;
      case WireType.SGROUP: {
        for (;;) {
          const t = this.tag();
          if ((t & 7) === WireType.EGROUP) return;
          this.skip(t & 7);
        }
      }
      default:
        throw new ProtobufDecodeError(`invalid wire type ${wireType} at byte ${this.pos}`);
    }
  }

  /** Calls `each` for every element of a packed (or unpacked single) repeated scalar field. */
  packed(wireType: number, readOne: () => void): void {
    if (wireType === WireType.LEN) {
      const end = this.messageEnd();
      while (this.pos < end) readOne();
      if (this.pos !== end) throw new ProtobufDecodeError(`packed field overran its length at byte ${this.pos}`);
    } else {
      readOne();
    }
  }

  /** Asserts a nested message ended exactly at `end`. */
  expectEnd(end: number): void {
    if (this.pos !== end) throw new ProtobufDecodeError(`message overran its length (at ${this.pos}, expected ${end})`);
  }
}

/** Lowercase hex of an id (trace or span id bytes). */
export function bytesToHex(b: Uint8Array): string {
  return Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('hex');
}
