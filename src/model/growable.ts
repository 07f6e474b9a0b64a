/**
 * Doubling typed-array buffers used by the batch builders, so decoding appends samples without
 * one object per sample. `view()` returns a subarray over the filled part; it stays valid until
 * the next append that grows the buffer.
 */
export class GrowableFloat64 {
  private buf: Float64Array;
  length = 0;
  constructor(initialCapacity = 256) {
    this.buf = new Float64Array(Math.max(1, initialCapacity));
  }
  push(v: number): void {
    if (this.length === this.buf.length) {
      const next = new Float64Array(this.buf.length * 2);
      next.set(this.buf);
      this.buf = next;
    }
    this.buf[this.length++] = v;
  }
  /** Appends a whole array with one copy. */
  pushAll(values: Float64Array): void {
    const need = this.length + values.length;
    if (need > this.buf.length) {
      const next = new Float64Array(Math.max(need, this.buf.length * 2));
      next.set(this.buf.subarray(0, this.length));
      this.buf = next;
    }
    this.buf.set(values, this.length);
    this.length = need;
  }
  view(): Float64Array {
    return this.buf.subarray(0, this.length);
  }
}

export class GrowableInt32 {
  private buf: Int32Array;
  length = 0;
  constructor(initialCapacity = 256) {
    this.buf = new Int32Array(Math.max(1, initialCapacity));
  }
  push(v: number): void {
    if (this.length === this.buf.length) {
      const next = new Int32Array(this.buf.length * 2);
      next.set(this.buf);
      this.buf = next;
    }
    this.buf[this.length++] = v;
  }
  view(): Int32Array {
    return this.buf.subarray(0, this.length);
  }
}

export class GrowableBigInt64 {
  private buf: BigInt64Array;
  length = 0;
  constructor(initialCapacity = 256) {
    this.buf = new BigInt64Array(Math.max(1, initialCapacity));
  }
  push(v: bigint): void {
    if (this.length === this.buf.length) {
      const next = new BigInt64Array(this.buf.length * 2);
      next.set(this.buf);
      this.buf = next;
    }
    this.buf[this.length++] = v;
  }
  view(): BigInt64Array {
    return this.buf.subarray(0, this.length);
  }
}
