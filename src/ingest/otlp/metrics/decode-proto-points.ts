import type { Attribute } from '../../../model/index.js';
import { anyValueToString } from '../../../model/index.js';
import type { ProtobufReader } from '../../shared/protobuf-reader.js';
import { ProtobufDecodeError, bytesToHex } from '../../shared/protobuf-reader.js';
import { WIRE_I64, WIRE_LEN, WIRE_VARINT, decodeAnyValueProto, decodeKeyValueProto, expectWire } from '../common/index.js';
import type { PromTranslator } from './prom-translator.js';
import { readNanosAsMillis, readSfixed64Number } from './proto-numbers.js';
import { RawAttributeCache } from './raw-attribute-cache.js';

/**
 * The per-request state of the protobuf walk below the Metric level: the translator, the raw
 * attribute cache, and where the current point's attributes lie. Each point is read in one
 * pass that skips its attributes (KeyValue fields, which may come anywhere among the others);
 * they are then given to the translator by cached id when the same bytes were seen before,
 * else decoded.
 */
export class PointWalk {
  readonly cache: RawAttributeCache;
  private attrStart = -1;
  private attrEnd = -1;
  private attrSplit = false;

  constructor(
    readonly r: ProtobufReader,
    readonly t: PromTranslator,
  ) {
    this.cache = new RawAttributeCache(r.buf);
  }

  /** Forgets the previous point's attributes. */
  beginAttributes(): void {
    this.attrStart = -1;
    this.attrEnd = -1;
    this.attrSplit = false;
  }

  /** Records and skips the KeyValue field whose tag began at `tagPos`. */
  skipAttribute(tagPos: number): void {
    const r = this.r;
    if (this.attrStart < 0) this.attrStart = tagPos;
    else if (this.attrEnd !== tagPos) this.attrSplit = true;
    r.pos = r.messageEnd();
    this.attrEnd = r.pos;
  }

  /**
   * Gives the recorded attributes (field number `field`) to the translator. Returns true when
   * `remember` should run after the point is translated.
   */
  giveAttributes(field: number): boolean {
    const start = this.attrStart;
    if (start < 0) return false;
    if (!this.attrSplit) {
      const id = this.cache.lookup(start, this.attrEnd);
      if (id >= 0) {
        this.t.useAttributeSet(id);
        return false;
      }
    }
    const r = this.r;
    const resume = r.pos;
    r.pos = start;
    while (r.pos < this.attrEnd) {
      const tag = r.tag();
      if (tag >>> 3 === field) attribute(r, r.messageEnd(), this.t);
      else r.skip(tag & 7);
    }
    r.pos = resume;
    return !this.attrSplit;
  }

  /** Caches the attribute set id the translator assigned to the bytes just given. */
  remember(): void {
    const id = this.t.attributeSetId;
    if (id >= 0) this.cache.store(this.attrStart, this.attrEnd, id);
  }
}

/** A KeyValue of a data point: the key and the value as label text. */
function attribute(r: ProtobufReader, end: number, t: PromTranslator): void {
  let key = '';
  let value = '';
  while (r.pos < end) {
    const tag = r.tag();
    switch (tag >>> 3) {
      case 1:
        expectWire(tag, WIRE_LEN, 'KeyValue');
        key = r.string();
        break;
      case 2:
        expectWire(tag, WIRE_LEN, 'KeyValue');
        value = anyValueText(r, r.messageEnd());
        break;
      default:
        r.skip(tag & 7);
    }
  }
  r.expectEnd(end);
  t.addAttribute(key, value);
}

/** An AnyValue as label text; a lone string_value (the common case) is read without an object. */
function anyValueText(r: ProtobufReader, end: number): string {
  const start = r.pos;
  if (start < end && r.buf[start] === 0x0a) {
    r.pos++;
    const s = r.string();
    if (r.pos === end) return s;
    r.pos = start;
  }
  return anyValueToString(decodeAnyValueProto(r, end));
}

/** A NumberDataPoint (r.pos..end) of a Gauge or Sum. */
export function numberPoint(w: PointWalk, end: number): void {
  const r = w.r;
  const t = w.t;
  t.beginPoint();
  w.beginAttributes();
  const keepExemplars = t.keepsExemplars;
  let timeMs = 0;
  let value = 0;
  let hasValue = false;
  let flags = 0;
  while (r.pos < end) {
    const tagPos = r.pos;
    const tag = r.tag();
    switch (tag >>> 3) {
      case 7:
        expectWire(tag, WIRE_LEN, 'NumberDataPoint');
        w.skipAttribute(tagPos);
        break;
      case 3:
        expectWire(tag, WIRE_I64, 'NumberDataPoint');
        timeMs = readNanosAsMillis(r);
        break;
      case 4:
        expectWire(tag, WIRE_I64, 'NumberDataPoint');
        value = r.double();
        hasValue = true;
        break;
      case 6:
        expectWire(tag, WIRE_I64, 'NumberDataPoint');
        value = readSfixed64Number(r);
        hasValue = true;
        break;
      case 5:
        expectWire(tag, WIRE_LEN, 'NumberDataPoint');
        if (keepExemplars) exemplar(r, r.messageEnd(), t);
        else r.pos = r.messageEnd();
        break;
      case 8:
        expectWire(tag, WIRE_VARINT, 'NumberDataPoint');
        flags = r.uint32();
        break;
      default:
        r.skip(tag & 7);
    }
  }
  r.expectEnd(end);
  const remember = w.giveAttributes(7);
  t.number(timeMs, hasValue, value, flags);
  if (remember) w.remember();
}

/** A HistogramDataPoint (r.pos..end). */
export function histogramPoint(w: PointWalk, end: number): void {
  const r = w.r;
  const t = w.t;
  t.beginPoint();
  w.beginAttributes();
  let timeMs = 0;
  let count = 0;
  let sum = 0;
  let hasSum = false;
  let flags = 0;
  while (r.pos < end) {
    const tagPos = r.pos;
    const tag = r.tag();
    switch (tag >>> 3) {
      case 9:
        expectWire(tag, WIRE_LEN, 'HistogramDataPoint');
        w.skipAttribute(tagPos);
        break;
      case 3:
        expectWire(tag, WIRE_I64, 'HistogramDataPoint');
        timeMs = readNanosAsMillis(r);
        break;
      case 4:
        expectWire(tag, WIRE_I64, 'HistogramDataPoint');
        count = r.fixed64Number();
        break;
      case 5:
        expectWire(tag, WIRE_I64, 'HistogramDataPoint');
        sum = r.double();
        hasSum = true;
        break;
      case 6:
        if ((tag & 7) === WIRE_I64) t.addBucketCount(r.fixed64Number());
        else {
          const packedEnd = packedI64End(r, tag, 'bucket_counts');
          while (r.pos < packedEnd) t.addBucketCount(r.fixed64Number());
        }
        break;
      case 7:
        if ((tag & 7) === WIRE_I64) t.addBound(r.double());
        else {
          const packedEnd = packedI64End(r, tag, 'explicit_bounds');
          while (r.pos < packedEnd) t.addBound(r.double());
        }
        break;
      case 8:
        expectWire(tag, WIRE_LEN, 'HistogramDataPoint');
        exemplar(r, r.messageEnd(), t);
        break;
      case 10:
        expectWire(tag, WIRE_VARINT, 'HistogramDataPoint');
        flags = r.uint32();
        break;
      default:
        r.skip(tag & 7);
    }
  }
  r.expectEnd(end);
  const remember = w.giveAttributes(9);
  t.histogram(timeMs, count, hasSum, sum, flags);
  if (remember) w.remember();
}

/** For a packed repeated 8-byte field: checks the length is a multiple of 8 and returns its end. */
function packedI64End(r: ProtobufReader, tag: number, field: string): number {
  expectWire(tag, WIRE_LEN, field);
  const end = r.messageEnd();
  if ((end - r.pos) % 8 !== 0) {
    throw new ProtobufDecodeError(`packed ${field} is ${end - r.pos} bytes long, not a multiple of 8`);
  }
  return end;
}

/** A SummaryDataPoint (r.pos..end). */
export function summaryPoint(w: PointWalk, end: number): void {
  const r = w.r;
  const t = w.t;
  t.beginPoint();
  w.beginAttributes();
  let timeMs = 0;
  let count = 0;
  let sum = 0;
  let flags = 0;
  while (r.pos < end) {
    const tagPos = r.pos;
    const tag = r.tag();
    switch (tag >>> 3) {
      case 7:
        expectWire(tag, WIRE_LEN, 'SummaryDataPoint');
        w.skipAttribute(tagPos);
        break;
      case 3:
        expectWire(tag, WIRE_I64, 'SummaryDataPoint');
        timeMs = readNanosAsMillis(r);
        break;
      case 4:
        expectWire(tag, WIRE_I64, 'SummaryDataPoint');
        count = r.fixed64Number();
        break;
      case 5:
        expectWire(tag, WIRE_I64, 'SummaryDataPoint');
        sum = r.double();
        break;
      case 6:
        expectWire(tag, WIRE_LEN, 'SummaryDataPoint');
        quantileValue(r, r.messageEnd(), t);
        break;
      case 8:
        expectWire(tag, WIRE_VARINT, 'SummaryDataPoint');
        flags = r.uint32();
        break;
      default:
        r.skip(tag & 7);
    }
  }
  r.expectEnd(end);
  const remember = w.giveAttributes(7);
  t.summary(timeMs, count, sum, flags);
  if (remember) w.remember();
}

function quantileValue(r: ProtobufReader, end: number, t: PromTranslator): void {
  let quantile = 0;
  let value = 0;
  while (r.pos < end) {
    const tag = r.tag();
    const field = tag >>> 3;
    if (field === 1) {
      expectWire(tag, WIRE_I64, 'ValueAtQuantile');
      quantile = r.double();
    } else if (field === 2) {
      expectWire(tag, WIRE_I64, 'ValueAtQuantile');
      value = r.double();
    } else r.skip(tag & 7);
  }
  r.expectEnd(end);
  t.addQuantile(quantile, value);
}

function exemplar(r: ProtobufReader, end: number, t: PromTranslator): void {
  const attributes: Attribute[] = [];
  let timeMs = 0;
  let value = 0;
  let traceId = '';
  let spanId = '';
  while (r.pos < end) {
    const tag = r.tag();
    switch (tag >>> 3) {
      case 7:
        expectWire(tag, WIRE_LEN, 'Exemplar');
        attributes.push(decodeKeyValueProto(r, r.messageEnd()));
        break;
      case 2:
        expectWire(tag, WIRE_I64, 'Exemplar');
        timeMs = readNanosAsMillis(r);
        break;
      case 3:
        expectWire(tag, WIRE_I64, 'Exemplar');
        value = r.double();
        break;
      case 6:
        expectWire(tag, WIRE_I64, 'Exemplar');
        value = readSfixed64Number(r);
        break;
      case 4:
        expectWire(tag, WIRE_LEN, 'Exemplar');
        spanId = bytesToHex(r.bytesView());
        break;
      case 5:
        expectWire(tag, WIRE_LEN, 'Exemplar');
        traceId = bytesToHex(r.bytesView());
        break;
      default:
        r.skip(tag & 7);
    }
  }
  r.expectEnd(end);
  t.addExemplar(timeMs, value, traceId, spanId, attributes);
}
