/**
 * Remote write 1.0 bodies for one timestamp of many series, without per-sample allocation:
 * each series' labels are encoded to protobuf once (one shared buffer plus offsets), and a
 * chunk is written into a reused buffer as `TimeSeries { labels..., Sample { value, ts } }`
 * per series, then snappy-compressed with Omniscope's own encoder.
 *
 * `selfCheck` compares the output with src/ingest/remote-write's encodeWriteRequest, the
 * reference, so the shortcut cannot silently send something else.
 */
import type { Label } from '../../src/model/index.js';
import { encodeWriteRequest, snappyEncode } from '../../src/ingest/remote-write/index.js';

const utf8 = new TextEncoder();

function varintSize(v: number): number {
  let n = 1;
  while (v >= 0x80) {
    v = Math.floor(v / 0x80);
    n++;
  }
  return n;
}

export class SliceEncoder {
  private readonly labelBytes: Uint8Array;
  /** Series i's encoded labels are labelBytes[offsets[i], offsets[i+1]). */
  private readonly offsets: Int32Array;
  private out = new Uint8Array(1 << 20);
  private view = new DataView(this.out.buffer);
  private pos = 0;

  constructor(
    readonly seriesCount: number,
    labelsOf: (i: number) => readonly Label[],
  ) {
    const parts: Uint8Array[] = [];
    this.offsets = new Int32Array(seriesCount + 1);
    let total = 0;
    for (let i = 0; i < seriesCount; i++) {
      for (const l of labelsOf(i)) {
        const name = utf8.encode(l.name);
        const value = utf8.encode(l.value);
        const inner = 1 + varintSize(name.length) + name.length + 1 + varintSize(value.length) + value.length;
        const b = new Uint8Array(1 + varintSize(inner) + inner);
        let p = 0;
        const vint = (v: number): void => {
          while (v >= 0x80) {
            b[p++] = (v & 0x7f) | 0x80;
            v >>>= 7;
          }
          b[p++] = v;
        };
        b[p++] = 0x0a; // TimeSeries.labels = 1
        vint(inner);
        b[p++] = 0x0a; // Label.name = 1
        vint(name.length);
        b.set(name, p);
        p += name.length;
        b[p++] = 0x12; // Label.value = 2
        vint(value.length);
        b.set(value, p);
        parts.push(b);
        total += b.length;
      }
      this.offsets[i + 1] = total;
    }
    this.labelBytes = new Uint8Array(total);
    let p = 0;
    for (const b of parts) {
      this.labelBytes.set(b, p);
      p += b.length;
    }
  }

  /** The uncompressed WriteRequest for series [from, to) with one sample each at `timestampMs`. */
  encodeRaw(from: number, to: number, timestampMs: number, values: Float64Array): Uint8Array {
    const sampleSize = 1 + 8 + 1 + varintSize(timestampMs);
    const maxPerSeries = 6 + 2 + sampleSize;
    const need = (this.offsets[to] as number) - (this.offsets[from] as number) + (to - from) * maxPerSeries;
    if (this.out.length < need) {
      this.out = new Uint8Array(need * 2);
      this.view = new DataView(this.out.buffer);
    }
    this.pos = 0;
    for (let i = from; i < to; i++) {
      const ls = this.offsets[i] as number;
      const le = this.offsets[i + 1] as number;
      this.byte(0x0a); // WriteRequest.timeseries = 1
      this.varint(le - ls + 2 + sampleSize);
      this.out.set(this.labelBytes.subarray(ls, le), this.pos);
      this.pos += le - ls;
      this.byte(0x12); // TimeSeries.samples = 2
      this.byte(sampleSize);
      this.byte(0x09); // Sample.value = 1, fixed64
      this.view.setFloat64(this.pos, values[i] as number, true);
      this.pos += 8;
      this.byte(0x10); // Sample.timestamp = 2, varint
      this.varint(timestampMs);
    }
    return this.out.subarray(0, this.pos);
  }

  /** A snappy-compressed remote write body (a fresh array) for series [from, to). */
  encodeBody(from: number, to: number, timestampMs: number, values: Float64Array): Uint8Array {
    return snappyEncode(this.encodeRaw(from, to, timestampMs, values));
  }

  private byte(b: number): void {
    this.out[this.pos++] = b;
  }

  private varint(v: number): void {
    while (v >= 0x80) {
      this.out[this.pos++] = (v % 0x80) | 0x80;
      v = Math.floor(v / 0x80);
    }
    this.out[this.pos++] = v;
  }
}

/** Throws unless the encoder writes exactly what the reference encoder writes for the first series. */
export function selfCheck(enc: SliceEncoder, labelsOf: (i: number) => Label[], timestampMs: number, values: Float64Array): void {
  const n = Math.min(enc.seriesCount, 200);
  const mine = enc.encodeRaw(0, n, timestampMs, values);
  const reference = encodeWriteRequest(Array.from({ length: n }, (_, i) => ({ labels: labelsOf(i), timestampsMs: [timestampMs], values: [values[i] as number] })));
  if (mine.length !== reference.length || mine.some((b, i) => b !== reference[i])) {
    throw new Error(`bench encoder disagrees with encodeWriteRequest (${mine.length} vs ${reference.length} bytes)`);
  }
}
