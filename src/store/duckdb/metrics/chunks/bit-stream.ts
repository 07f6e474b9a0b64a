/**
 * MSB-first bit streams for the sample chunk codec. Widths are at most 32 bits per call (JS bit
 * operators are 32-bit); wider integers are written as a high and a low part by the caller.
 */
export class BitWriter {
  private buf: Uint8Array;
  private bytes = 0;
  /** Pending bits, left-aligned in the low `pending` bits of `acc`. */
  private acc = 0;
  private pending = 0;

  constructor(initialBytes = 256) {
    this.buf = new Uint8Array(Math.max(16, initialBytes));
  }

  /** Appends the low `width` bits of `value` (0 <= width <= 32). */
  write(value: number, width: number): void {
    if (width === 0) return;
    if (width > 24) {
      // Keep the accumulator within 32 bits: split into 16-bit high and the rest.
      this.write(Math.floor((value >>> 0) / 65536) & ((1 << (width - 16)) - 1), width - 16);
      this.write(value & 0xffff, 16);
      return;
    }
    this.acc = ((this.acc << width) | (value & ((1 << width) - 1))) >>> 0;
    this.pending += width;
    while (this.pending >= 8) {
      this.pending -= 8;
      this.byte((this.acc >>> this.pending) & 0xff);
    }
    this.acc &= (1 << this.pending) - 1;
  }

  /** Appends one bit. */
  bit(set: boolean): void {
    this.write(set ? 1 : 0, 1);
  }

  /** Appends a non-negative safe integer of up to 53 bits, in `width` bits. */
  writeWide(value: number, width: number): void {
    if (width <= 32) {
      this.write(value >>> 0, width);
      return;
    }
    this.write(Math.floor(value / 4294967296), width - 32);
    this.write(value >>> 0, 32);
  }

  /** The bytes written, the last one padded with zero bits. The writer can go on afterwards. */
  finish(): Uint8Array {
    const out = new Uint8Array(this.bytes + (this.pending > 0 ? 1 : 0));
    out.set(this.buf.subarray(0, this.bytes));
    if (this.pending > 0) out[this.bytes] = (this.acc << (8 - this.pending)) & 0xff;
    return out;
  }

  private byte(b: number): void {
    if (this.bytes === this.buf.length) {
      const next = new Uint8Array(this.buf.length * 2);
      next.set(this.buf);
      this.buf = next;
    }
    this.buf[this.bytes++] = b;
  }
}

/** Reads what a BitWriter wrote. Reading past the end yields zero bits; callers check `overrun`. */
export class BitReader {
  private pos = 0;

  constructor(private readonly buf: Uint8Array) {}

  get overrun(): boolean {
    return this.pos > this.buf.length * 8;
  }

  /** Reads `width` bits (0 <= width <= 32) as an unsigned number. */
  read(width: number): number {
    let out = 0;
    let left = width;
    while (left > 0) {
      const byteIndex = this.pos >>> 3;
      const offset = this.pos & 7;
      const take = Math.min(8 - offset, left);
      const byte = byteIndex < this.buf.length ? (this.buf[byteIndex] as number) : 0;
      const bits = (byte >>> (8 - offset - take)) & ((1 << take) - 1);
      out = out * (1 << take) + bits;
      left -= take;
      this.pos += take;
    }
    return out;
  }

  bit(): boolean {
    return this.read(1) === 1;
  }

  /** Reads a non-negative integer of up to 53 bits written by `writeWide`. */
  readWide(width: number): number {
    if (width <= 32) return this.read(width);
    const high = this.read(width - 32);
    return high * 4294967296 + this.read(32);
  }
}
