import type { Label, Labels, MetricBatch, MetricType } from '../../model/index.js';
import { GrowableInt32, MetricBatchBuilder, badInput } from '../../model/index.js';
import { ProtobufDecodeError, ProtobufReader, WireType } from '../shared/protobuf-reader.js';
import { formatLabelsShort, normalizeExemplarLabels, validateSeriesLabels } from './series-labels.js';
import type { SeriesLabelCache } from './label-cache.js';

/** Why the decoder dropped samples of a request that was otherwise well-formed. */
export type RemoteWriteRejectReason =
  /** The series' labels are invalid (no `__name__`, a repeated or empty name, invalid UTF-8). */
  | 'invalid_labels'
  /** A timestamp outside what a float64 holds exactly (beyond +-2^53 ms). */
  | 'invalid_timestamp'
  /** A native histogram sample: Omniscope does not store native histograms yet. */
  | 'native_histogram';

export interface RemoteWriteDecodeResult {
  readonly batch: MetricBatch;
  /**
   * Per series of the batch, its label cache entry number (see SeriesLabelCache), or -1 when
   * the cache was full; absent when decoded without a cache.
   */
  readonly seriesRefs?: Int32Array;
  /** Samples (float or histogram) dropped, by reason; absent reasons are zero. */
  readonly rejected: Partial<Record<RemoteWriteRejectReason, number>>;
  /** A few distinct human-readable explanations, in order of first occurrence. */
  readonly messages: readonly string[];
}

const MAX_MESSAGES = 5;
const METRIC_TYPES: readonly MetricType[] = ['unknown', 'counter', 'gauge', 'histogram', 'gaugehistogram', 'summary', 'info', 'stateset'];
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

// Tags (field number << 3 | wire type) of the fields we read.
const TAG_SAMPLE_VALUE = (1 << 3) | WireType.I64;
const TAG_SAMPLE_TIMESTAMP = (2 << 3) | WireType.VARINT;

/**
 * Decodes a remote write 1.0 `prometheus.WriteRequest` (prompb/remote.proto, types.proto)
 * straight into a MetricBatch: samples go into the builder's typed arrays, with no object per
 * sample; label sets are built once per series. Values are copied bit for bit, so staleness
 * markers survive. Fields may come in any order.
 *
 * A malformed message throws `badInput` and nothing is kept. Series Prometheus would refuse
 * (see validateSeriesLabels) and native histograms are dropped and counted in `rejected`, the
 * rest is returned. Metadata and exemplars are kept; an exemplar with repeated label names is
 * ignored, as Prometheus ignores exemplars it cannot store. The batch does not reference `body`.
 */
export function decodeWriteRequest(body: Uint8Array, tenant: string, cache?: SeriesLabelCache): RemoteWriteDecodeResult {
  cache?.startOverIfFull();
  const d = new WriteRequestDecoder(new ProtobufReader(body), tenant, cache);
  try {
    d.decode();
  } catch (e) {
    if (e instanceof ProtobufDecodeError || e instanceof RangeError) {
      throw badInput(`malformed prometheus.WriteRequest protobuf (${body.length} bytes after snappy decoding): ${e.message}`, e);
    }
    throw e;
  }
  const batch = d.builder.build();
  if (cache === undefined) return { batch, rejected: d.rejected, messages: d.messages };
  return { batch, seriesRefs: d.seriesRefs.view().slice(), rejected: d.rejected, messages: d.messages };
}

class WriteRequestDecoder {
  readonly builder: MetricBatchBuilder;
  /** Per series of the batch: its label cache entry, or -1. */
  readonly seriesRefs = new GrowableInt32();
  /** Batch series index by label cache entry. */
  private readonly seriesOfRef = new Map<number, number>();
  /** Label fields gathered into one key when a series' label fields are not contiguous. */
  private scratch = new Uint8Array(256);
  readonly rejected: Partial<Record<RemoteWriteRejectReason, number>> = {};
  readonly messages: string[] = [];

  constructor(
    private readonly r: ProtobufReader,
    tenant: string,
    private readonly cache: SeriesLabelCache | undefined,
  ) {
    this.builder = new MetricBatchBuilder(tenant, cache !== undefined);
  }

  decode(): void {
    const r = this.r;
    const end = r.length;
    while (r.pos < end) {
      const tag = r.tag();
      const field = tag >>> 3;
      if (field === 1) {
        expectLen(tag, 'WriteRequest.timeseries');
        this.timeSeries(r.messageEnd());
      } else if (field === 3) {
        expectLen(tag, 'WriteRequest.metadata');
        this.metadata(r.messageEnd());
      } else r.skip(tag & 7);
    }
  }

  private reject(reason: RemoteWriteRejectReason, count: number, message: string): void {
    if (count === 0) return;
    this.rejected[reason] = (this.rejected[reason] ?? 0) + count;
    if (this.messages.length < MAX_MESSAGES && !this.messages.includes(message)) this.messages.push(message);
  }

  /** Two passes over one TimeSeries: labels and counts first, then samples and exemplars. */
  private timeSeries(end: number): void {
    const r = this.r;
    const start = r.pos;
    let samples = 0;
    let exemplars = 0;
    let histograms = 0;
    // The label fields' bytes, when contiguous (as every sender writes them): the cache key.
    let labelsFrom = -1;
    let labelsTo = -1;
    let contiguous = true;
    while (r.pos < end) {
      const fieldStart = r.pos;
      const tag = r.tag();
      switch (tag >>> 3) {
        case 1:
          expectLen(tag, 'TimeSeries.labels');
          if (labelsFrom < 0) labelsFrom = fieldStart;
          else if (labelsTo !== fieldStart) contiguous = false;
          r.skip(WireType.LEN);
          labelsTo = r.pos;
          break;
        case 2:
          expectLen(tag, 'TimeSeries.samples');
          samples++;
          r.skip(WireType.LEN);
          break;
        case 3:
          expectLen(tag, 'TimeSeries.exemplars');
          exemplars++;
          r.skip(WireType.LEN);
          break;
        case 4:
          expectLen(tag, 'TimeSeries.histograms');
          histograms++;
          r.skip(WireType.LEN);
          break;
        default:
          r.skip(tag & 7);
      }
    }
    r.expectEnd(end);
    const cache = this.cache;
    let ref = -1;
    let checked: Labels | string | undefined;
    if (cache !== undefined) {
      // The key: the label fields' bytes as they are on the wire (every sender writes them
      // together; otherwise they are gathered first).
      let keyBytes = r.buf;
      let keyFrom = Math.max(labelsFrom, start);
      let keyTo = Math.max(labelsTo, start);
      if (!contiguous) {
        keyTo = this.gatherLabelFields(start, end);
        keyFrom = 0;
        keyBytes = this.scratch;
      }
      ref = cache.find(keyBytes, keyFrom, keyTo);
      if (ref >= 0) checked = cache.value(ref);
      else {
        // Invalid series are not cached: each request counts and reports them again.
        checked = this.decodeLabels(start, end, samples + histograms);
        if (typeof checked !== 'string') ref = cache.add(keyBytes, keyFrom, keyTo, checked);
      }
    } else checked = this.decodeLabels(start, end, samples + histograms);
    if (typeof checked === 'string') return;
    if (histograms > 0) {
      this.reject(
        'native_histogram',
        histograms,
        `native histogram samples of ${formatLabelsShort(checked)} rejected: Omniscope does not store native histograms yet (send classic histograms)`,
      );
    }
    if (samples === 0 && exemplars === 0) return;
    const seriesIndex = this.seriesIndexOf(ref, checked);
    // When the labels lead (as senders write them), the second pass starts after them.
    r.pos = labelsFrom === start && contiguous ? labelsTo : start;
    while (r.pos < end) {
      const tag = r.tag();
      const field = tag >>> 3;
      if (field === 2) this.sample(r.messageEnd(), seriesIndex);
      else if (field === 3) this.exemplar(r.messageEnd(), seriesIndex);
      else r.skip(tag & 7);
    }
  }

  /** The series' label set, or why it is invalid (then counted as rejected with its `samples`). */
  private decodeLabels(start: number, end: number, samples: number): Labels | string {
    const labels: Label[] = [];
    const utf8Ok = this.labels(start, end, labels);
    const checked = utf8Ok ? validateSeriesLabels(labels) : 'a label name or value is not valid UTF-8';
    if (typeof checked === 'string') this.reject('invalid_labels', samples, `series ${formatLabelsShort(labels)} skipped: ${checked}`);
    return checked;
  }

  /** The batch index of a series, by its cache entry when it has one (no label comparison then). */
  private seriesIndexOf(ref: number, labels: Labels): number {
    let index = ref >= 0 ? this.seriesOfRef.get(ref) : undefined;
    if (index !== undefined) return index;
    index = ref >= 0 ? this.builder.addSeries(labels) : this.builder.series(labels);
    if (ref >= 0) this.seriesOfRef.set(ref, index);
    if (index === this.seriesRefs.length) this.seriesRefs.push(ref);
    return index;
  }

  /** Copies the TimeSeries' label fields (tag, length and payload each) in [start, end) to the start of `scratch`; returns their length. */
  private gatherLabelFields(start: number, end: number): number {
    const r = this.r;
    const resume = r.pos;
    r.pos = start;
    let n = 0;
    while (r.pos < end) {
      const fieldStart = r.pos;
      const tag = r.tag();
      r.skip(tag & 7);
      if (tag >>> 3 !== 1) continue;
      const length = r.pos - fieldStart;
      if (n + length > this.scratch.length) {
        const grown = new Uint8Array(Math.max(this.scratch.length * 2, n + length));
        grown.set(this.scratch.subarray(0, n));
        this.scratch = grown;
      }
      this.scratch.set(r.buf.subarray(fieldStart, r.pos), n);
      n += length;
    }
    r.pos = resume;
    return n;
  }

  /** Decodes every Label field of the TimeSeries in [start, end) into `out`; false on invalid UTF-8. */
  private labels(start: number, end: number, out: Label[]): boolean {
    const r = this.r;
    const resume = r.pos;
    r.pos = start;
    let ok = true;
    while (r.pos < end) {
      const tag = r.tag();
      if (tag >>> 3 === 1) {
        if (!this.label(r.messageEnd(), out)) ok = false;
      } else r.skip(tag & 7);
    }
    r.pos = resume;
    return ok;
  }

  /** Appends one Label to `out`; false when its name or value is not valid UTF-8. */
  private label(end: number, out: Label[]): boolean {
    const r = this.r;
    let name = '';
    let value = '';
    let ok = true;
    while (r.pos < end) {
      const tag = r.tag();
      const field = tag >>> 3;
      if (field === 1 || field === 2) {
        expectLen(tag, 'Label');
        const s = strictString(r);
        if (s === null) ok = false;
        else if (field === 1) name = s;
        else value = s;
      } else r.skip(tag & 7);
    }
    r.expectEnd(end);
    out.push({ name, value });
    return ok;
  }

  private sample(end: number, seriesIndex: number): void {
    const r = this.r;
    let value = 0;
    let timestampMs = 0;
    while (r.pos < end) {
      const tag = r.tag();
      if (tag === TAG_SAMPLE_VALUE) value = r.double();
      else if (tag === TAG_SAMPLE_TIMESTAMP) timestampMs = int64Number(r);
      else if (tag >>> 3 === 1 || tag >>> 3 === 2) throw new ProtobufDecodeError(`Sample field ${tag >>> 3} has wire type ${tag & 7}`);
      else r.skip(tag & 7);
    }
    r.expectEnd(end);
    if (!Number.isSafeInteger(timestampMs)) {
      this.reject('invalid_timestamp', 1, `a sample timestamp is outside +-2^53 ms`);
      return;
    }
    this.builder.sample(seriesIndex, timestampMs, value);
  }

  private exemplar(end: number, seriesIndex: number): void {
    const r = this.r;
    const labels: Label[] = [];
    let ok = true;
    let value = 0;
    let timestampMs = 0;
    while (r.pos < end) {
      const tag = r.tag();
      const field = tag >>> 3;
      if (field === 1) {
        expectLen(tag, 'Exemplar.labels');
        if (!this.label(r.messageEnd(), labels)) ok = false;
      } else if (field === 2 && (tag & 7) === WireType.I64) value = r.double();
      else if (field === 3 && (tag & 7) === WireType.VARINT) timestampMs = int64Number(r);
      else r.skip(tag & 7);
    }
    r.expectEnd(end);
    const normalized = ok ? normalizeExemplarLabels(labels) : null;
    if (normalized === null || !Number.isSafeInteger(timestampMs)) return;
    this.builder.exemplar({ seriesIndex, labels: normalized, timestampMs, value });
  }

  private metadata(end: number): void {
    const r = this.r;
    let type = 0;
    let family = '';
    let help = '';
    let unit = '';
    while (r.pos < end) {
      const tag = r.tag();
      const field = tag >>> 3;
      if (field === 1 && (tag & 7) === WireType.VARINT) type = r.uint32();
      else if ((field === 2 || field === 4 || field === 5) && (tag & 7) === WireType.LEN) {
        const s = r.string();
        if (field === 2) family = s;
        else if (field === 4) help = s;
        else unit = s;
      } else r.skip(tag & 7);
    }
    r.expectEnd(end);
    if (family === '') return;
    this.builder.metadata({ metricFamilyName: family, type: METRIC_TYPES[type] ?? 'unknown', help, unit });
  }
}

function expectLen(tag: number, what: string): void {
  if ((tag & 7) !== WireType.LEN) throw new ProtobufDecodeError(`${what} has wire type ${tag & 7}, expected 2 (length-delimited)`);
}

/** A length-delimited field as a string, or null when it is not valid UTF-8. */
function strictString(r: ProtobufReader): string | null {
  const bytes = r.bytesView();
  if (bytes.length === 0) return '';
  try {
    return strictUtf8.decode(bytes);
  } catch {
    // Invalid UTF-8 is a property of the series (counted by the caller), not a malformed message.
    return null;
  }
}

/**
 * A two's-complement int64 varint as a number: exact within +-2^53, rounded beyond (callers
 * reject those). Avoids the BigInt the generic reader would allocate per sample.
 */
function int64Number(r: ProtobufReader): number {
  const buf = r.buf;
  let lo = 0;
  let hi = 0;
  let shift = 0;
  for (let i = 0; i < 10; i++) {
    if (r.pos >= buf.length) throw new ProtobufDecodeError(`truncated varint at byte ${r.pos}`);
    const b = buf[r.pos++] as number;
    if (shift < 28) lo |= (b & 0x7f) << shift;
    else if (shift === 28) {
      lo |= (b & 0x0f) << 28;
      hi |= (b & 0x7f) >>> 4;
    } else hi |= (b & 0x7f) << (shift - 32);
    if ((b & 0x80) === 0) return (hi | 0) * 4294967296 + (lo >>> 0);
    shift += 7;
  }
  throw new ProtobufDecodeError(`varint longer than 10 bytes at byte ${r.pos}`);
}
