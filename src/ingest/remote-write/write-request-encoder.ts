import type { Label, MetricMetadata } from '../../model/index.js';
import { snappyEncode } from './snappy.js';

/**
 * One series to send. `labels` as a record is written sorted by name, with empty values left
 * out, which is what Prometheus sends; as an array it is written exactly as given (in order,
 * duplicates and empty values included), so tests can send what a careless sender would.
 */
export interface RemoteWriteSeries {
  readonly labels: Readonly<Record<string, string>> | readonly Label[];
  /** Integer Unix milliseconds, parallel to `values`. */
  readonly timestampsMs: ArrayLike<number>;
  readonly values: ArrayLike<number>;
  readonly exemplars?: readonly { readonly labels: Readonly<Record<string, string>>; readonly value: number; readonly timestampMs: number }[];
}

const METRIC_TYPE_NUMBERS: Readonly<Record<MetricMetadata['type'], number>> = {
  unknown: 0,
  counter: 1,
  gauge: 2,
  histogram: 3,
  gaugehistogram: 4,
  summary: 5,
  info: 6,
  stateset: 7,
};

const utf8 = new TextEncoder();

/**
 * Encodes a remote write 1.0 `prometheus.WriteRequest` (uncompressed protobuf). Values are
 * written bit for bit (staleness markers included). Every length is computed before writing,
 * so the message is produced in one buffer without nested copies.
 */
export function encodeWriteRequest(series: readonly RemoteWriteSeries[], metadata: readonly MetricMetadata[] = []): Uint8Array {
  const encodedLabels = series.map((s) => encodeLabelList(s.labels));
  const encodedExemplars = series.map((s) => (s.exemplars ?? []).map((e) => ({ labels: encodeLabelList(e.labels), value: e.value, timestampMs: e.timestampMs })));
  const encodedMeta = metadata.map((m) => ({ type: METRIC_TYPE_NUMBERS[m.type], family: utf8.encode(m.metricFamilyName), help: utf8.encode(m.help), unit: utf8.encode(m.unit) }));

  const seriesSizes = series.map((s, i) => {
    let n = 0;
    for (const l of encodedLabels[i] ?? []) n += lenField(labelSize(l));
    if (s.timestampsMs.length !== s.values.length) {
      throw new Error(`series ${i}: ${s.timestampsMs.length} timestamps but ${s.values.length} values`);
    }
    for (let j = 0; j < s.timestampsMs.length; j++) n += lenField(sampleSize(s.timestampsMs[j] as number));
    for (const e of encodedExemplars[i] ?? []) n += lenField(exemplarSize(e.labels, e.timestampMs));
    return n;
  });
  const metaSizes = encodedMeta.map((m) => 1 + varintSize(m.type) + bytesField(m.family) + bytesField(m.help) + bytesField(m.unit));
  let total = 0;
  for (const n of seriesSizes) total += lenField(n);
  for (const n of metaSizes) total += lenField(n);

  const w = new Sink(total);
  series.forEach((s, i) => {
    w.tagLen(1, seriesSizes[i] as number);
    for (const l of encodedLabels[i] ?? []) writeLabel(w, 1, l);
    for (let j = 0; j < s.timestampsMs.length; j++) {
      const ts = s.timestampsMs[j] as number;
      w.tagLen(2, sampleSize(ts));
      w.byte(0x09);
      w.double(s.values[j] as number);
      w.byte(0x10);
      w.int64(ts);
    }
    for (const e of encodedExemplars[i] ?? []) {
      w.tagLen(3, exemplarSize(e.labels, e.timestampMs));
      for (const l of e.labels) writeLabel(w, 1, l);
      w.byte(0x11);
      w.double(e.value);
      w.byte(0x18);
      w.int64(e.timestampMs);
    }
  });
  encodedMeta.forEach((m, i) => {
    w.tagLen(3, metaSizes[i] as number);
    w.byte(0x08);
    w.varint(m.type);
    w.bytesField(2, m.family);
    w.bytesField(4, m.help);
    w.bytesField(5, m.unit);
  });
  if (w.pos !== total) throw new Error(`BUG: WriteRequest encoded ${w.pos} bytes, computed ${total}`);
  return w.buf;
}

/** A remote write body: the WriteRequest, snappy-compressed (send with Content-Encoding: snappy). */
export function encodeRemoteWriteBody(series: readonly RemoteWriteSeries[], metadata: readonly MetricMetadata[] = []): Uint8Array {
  return snappyEncode(encodeWriteRequest(series, metadata));
}

interface EncodedLabel {
  readonly name: Uint8Array;
  readonly value: Uint8Array;
}

function encodeLabelList(labels: Readonly<Record<string, string>> | readonly Label[]): EncodedLabel[] {
  const list: readonly Label[] = Array.isArray(labels)
    ? (labels as readonly Label[])
    : Object.keys(labels)
        .sort()
        .filter((k) => (labels as Record<string, string>)[k] !== '')
        .map((k) => ({ name: k, value: (labels as Record<string, string>)[k] as string }));
  return list.map((l) => ({ name: utf8.encode(l.name), value: utf8.encode(l.value) }));
}

function varintSize(v: number): number {
  if (v < 0) return 10;
  let n = 1;
  while (v >= 0x80) {
    v = Math.floor(v / 0x80);
    n++;
  }
  return n;
}

function lenField(size: number): number {
  return 1 + varintSize(size) + size;
}

function bytesField(b: Uint8Array): number {
  return b.length === 0 ? 0 : lenField(b.length);
}

function labelSize(l: EncodedLabel): number {
  return bytesField(l.name) + bytesField(l.value);
}

function sampleSize(timestampMs: number): number {
  return 9 + 1 + varintSize(timestampMs);
}

function exemplarSize(labels: readonly EncodedLabel[], timestampMs: number): number {
  let n = 9 + 1 + varintSize(timestampMs);
  for (const l of labels) n += lenField(labelSize(l));
  return n;
}

function writeLabel(w: Sink, field: number, l: EncodedLabel): void {
  w.tagLen(field, labelSize(l));
  w.bytesField(1, l.name);
  w.bytesField(2, l.value);
}

/** A fixed-size output buffer; the sizes were computed beforehand. */
class Sink {
  readonly buf: Uint8Array;
  private readonly view: DataView;
  pos = 0;

  constructor(size: number) {
    this.buf = new Uint8Array(size);
    this.view = new DataView(this.buf.buffer);
  }

  byte(b: number): void {
    this.buf[this.pos++] = b;
  }

  varint(v: number): void {
    if (v < 0) {
      this.int64(v);
      return;
    }
    while (v >= 0x80) {
      this.buf[this.pos++] = (v % 0x80) | 0x80;
      v = Math.floor(v / 0x80);
    }
    this.buf[this.pos++] = v;
  }

  /** Two's complement for negative values (always 10 bytes), as protobuf's int64 requires. */
  int64(v: number): void {
    if (v >= 0) {
      this.varint(v);
      return;
    }
    let u = BigInt.asUintN(64, BigInt(v));
    for (let i = 0; i < 9; i++) {
      this.buf[this.pos++] = Number(u & 0x7fn) | 0x80;
      u >>= 7n;
    }
    this.buf[this.pos++] = Number(u);
  }

  double(v: number): void {
    this.view.setFloat64(this.pos, v, true);
    this.pos += 8;
  }

  tagLen(field: number, size: number): void {
    this.varint((field << 3) | 2);
    this.varint(size);
  }

  bytesField(field: number, b: Uint8Array): void {
    if (b.length === 0) return;
    this.tagLen(field, b.length);
    this.buf.set(b, this.pos);
    this.pos += b.length;
  }
}
