/**
 * A small protobuf writer for the few messages we encode (export responses, test fixtures,
 * benchmark load). A growing byte buffer; nested messages are written into a child writer and
 * appended with their length.
 */
const utf8 = new TextEncoder();

export class ProtobufWriter {
  private buf = new Uint8Array(256);
  private pos = 0;

  private ensure(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.pos + n) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buf.subarray(0, this.pos));
    this.buf = next;
  }

  private varint(v: number): void {
    this.ensure(10);
    while (v > 0x7f) {
      this.buf[this.pos++] = (v & 0x7f) | 0x80;
      v = Math.floor(v / 128);
    }
    this.buf[this.pos++] = v;
  }

  private varintBig(v: bigint): void {
    let u = BigInt.asUintN(64, v);
    this.ensure(10);
    while (u > 0x7fn) {
      this.buf[this.pos++] = Number(u & 0x7fn) | 0x80;
      u >>= 7n;
    }
    this.buf[this.pos++] = Number(u);
  }

  private key(field: number, wireType: number): void {
    this.varint(field * 8 + wireType);
  }

  uint64(field: number, v: number | bigint): this {
    this.key(field, 0);
    if (typeof v === 'bigint') this.varintBig(v);
    else if (v >= 0) this.varint(v);
    else this.varintBig(BigInt(v));
    return this;
  }

  int64(field: number, v: number | bigint): this {
    return this.uint64(field, v);
  }

  bool(field: number, v: boolean): this {
    return this.uint64(field, v ? 1 : 0);
  }

  double(field: number, v: number): this {
    this.key(field, 1);
    this.ensure(8);
    new DataView(this.buf.buffer).setFloat64(this.pos, v, true);
    this.pos += 8;
    return this;
  }

  fixed64(field: number, v: bigint): this {
    this.key(field, 1);
    this.ensure(8);
    new DataView(this.buf.buffer).setBigUint64(this.pos, BigInt.asUintN(64, v), true);
    this.pos += 8;
    return this;
  }

  sfixed64(field: number, v: bigint): this {
    return this.fixed64(field, v);
  }

  fixed32(field: number, v: number): this {
    this.key(field, 5);
    this.ensure(4);
    new DataView(this.buf.buffer).setUint32(this.pos, v >>> 0, true);
    this.pos += 4;
    return this;
  }

  bytes(field: number, b: Uint8Array): this {
    this.key(field, 2);
    this.varint(b.length);
    this.ensure(b.length);
    this.buf.set(b, this.pos);
    this.pos += b.length;
    return this;
  }

  string(field: number, s: string): this {
    return this.bytes(field, utf8.encode(s));
  }

  message(field: number, write: (w: ProtobufWriter) => void): this {
    const child = new ProtobufWriter();
    write(child);
    return this.bytes(field, child.finish());
  }

  /** Packed repeated doubles. */
  packedDoubles(field: number, values: ArrayLike<number>): this {
    const child = new ProtobufWriter();
    child.ensure(values.length * 8);
    const dv = new DataView(child.buf.buffer);
    for (let i = 0; i < values.length; i++) dv.setFloat64(i * 8, values[i] as number, true);
    child.pos = values.length * 8;
    return this.bytes(field, child.finish());
  }

  /** Packed repeated fixed64. */
  packedFixed64(field: number, values: ArrayLike<bigint>): this {
    const child = new ProtobufWriter();
    child.ensure(values.length * 8);
    const dv = new DataView(child.buf.buffer);
    for (let i = 0; i < values.length; i++) dv.setBigUint64(i * 8, values[i] as bigint, true);
    child.pos = values.length * 8;
    return this.bytes(field, child.finish());
  }

  finish(): Uint8Array {
    return this.buf.slice(0, this.pos);
  }
}
