import type { Labels, MetricMetadata } from '../../../model/index.js';
import { decodeLabelSet, encodeLabelSet } from '../labels/label-sets.js';

/** A series first used by an entry: its id was assigned in memory, its rows go to DuckDB with the entry. */
export interface NewSeries {
  readonly id: number;
  readonly labels: Labels;
}

export interface StoredExemplar {
  readonly seriesId: number;
  readonly timestampMs: number;
  readonly value: number;
  readonly labels: Labels;
}

/**
 * One accepted metrics write as the ingest journal holds it: samples by store series id, plus
 * what DuckDB does not know yet (new series, exemplars, metadata). `bytes` is the record; the
 * sample arrays are views into it, so encoding copies every sample exactly once.
 */
export interface MetricsEntry {
  readonly seq: number;
  readonly tenantId: number;
  readonly ids: Int32Array;
  readonly timestampsMs: Float64Array;
  /** Bit-exact, so staleness markers survive. */
  readonly values: Float64Array;
  readonly newSeries: readonly NewSeries[];
  readonly exemplars: readonly StoredExemplar[];
  readonly metadata: readonly MetricMetadata[];
  readonly bytes: Uint8Array;
}

const VERSION = 1;
/** version u32, tenant u32, seq f64, samples u32, extras bytes u32, 8 bytes reserved: keeps the arrays 8-aligned. */
const HEADER_BYTES = 32;

interface Extras {
  /** [id, encoded label set] */
  s?: [number, string][];
  /** [series id, ts, value, encoded labels] */
  e?: [number, number, number, string][];
  m?: MetricMetadata[];
}

/**
 * Allocates an entry for `samples` samples; the caller fills `ids`, `timestampsMs` and `values`
 * in place. New series, exemplars and metadata (rare after a series' first write) are encoded
 * as JSON after the arrays.
 */
export function allocateMetricsEntry(
  seq: number,
  tenantId: number,
  samples: number,
  newSeries: readonly NewSeries[],
  exemplars: readonly StoredExemplar[],
  metadata: readonly MetricMetadata[],
): MetricsEntry {
  const extras: Extras = {};
  if (newSeries.length > 0) extras.s = newSeries.map((n) => [n.id, encodeLabelSet(n.labels)]);
  if (exemplars.length > 0) extras.e = exemplars.map((x) => [x.seriesId, x.timestampMs, x.value, encodeLabelSet(x.labels)]);
  if (metadata.length > 0) extras.m = metadata.map((m) => ({ metricFamilyName: m.metricFamilyName, type: m.type, help: m.help, unit: m.unit }));
  const extrasText = newSeries.length + exemplars.length + metadata.length > 0 ? JSON.stringify(extras) : '';
  const extrasBytes = Buffer.byteLength(extrasText);
  const arraysEnd = HEADER_BYTES + samples * 20;
  // Slow allocation: its own ArrayBuffer at offset 0, so the Float64Array views are aligned.
  const bytes = Buffer.allocUnsafeSlow(arraysEnd + extrasBytes);
  bytes.writeUInt32LE(VERSION, 0);
  bytes.writeUInt32LE(tenantId, 4);
  bytes.writeDoubleLE(seq, 8);
  bytes.writeUInt32LE(samples, 16);
  bytes.writeUInt32LE(extrasBytes, 20);
  bytes.writeUInt32LE(0, 24);
  bytes.writeUInt32LE(0, 28);
  if (extrasBytes > 0) bytes.write(extrasText, arraysEnd, 'utf8');
  return { seq, tenantId, ...views(bytes, samples), newSeries, exemplars, metadata, bytes };
}

/** The sequence number of an encoded entry, without decoding the rest. */
export function metricsEntrySeq(bytes: Uint8Array): number {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).readDoubleLE(8);
}

/** Decodes a journal record; `bytes` must start 8-aligned in its buffer (JournalLog's replay copies ensure it). */
export function decodeMetricsEntry(record: Uint8Array): MetricsEntry {
  const bytes = Buffer.from(record.buffer, record.byteOffset, record.byteLength);
  if (bytes.length < HEADER_BYTES || bytes.readUInt32LE(0) !== VERSION) throw new Error(`unknown metrics journal record (version ${bytes.length >= 4 ? bytes.readUInt32LE(0) : '?'})`);
  const tenantId = bytes.readUInt32LE(4);
  const seq = bytes.readDoubleLE(8);
  const samples = bytes.readUInt32LE(16);
  const extrasBytes = bytes.readUInt32LE(20);
  const arraysEnd = HEADER_BYTES + samples * 20;
  if (arraysEnd + extrasBytes !== bytes.length) throw new Error(`metrics journal record ${seq}: ${bytes.length} bytes, expected ${arraysEnd + extrasBytes}`);
  const extras = (extrasBytes > 0 ? JSON.parse(bytes.toString('utf8', arraysEnd, arraysEnd + extrasBytes)) : {}) as Extras;
  return {
    seq,
    tenantId,
    ...views(bytes, samples),
    newSeries: (extras.s ?? []).map(([id, text]) => ({ id, labels: decodeLabelSet(text) })),
    exemplars: (extras.e ?? []).map(([seriesId, timestampMs, value, text]) => ({ seriesId, timestampMs, value, labels: decodeLabelSet(text) })),
    metadata: extras.m ?? [],
    bytes,
  };
}

function views(bytes: Buffer, samples: number): { ids: Int32Array; timestampsMs: Float64Array; values: Float64Array } {
  const base = bytes.byteOffset;
  return {
    timestampsMs: new Float64Array(bytes.buffer, base + HEADER_BYTES, samples),
    values: new Float64Array(bytes.buffer, base + HEADER_BYTES + samples * 8, samples),
    ids: new Int32Array(bytes.buffer, base + HEADER_BYTES + samples * 16, samples),
  };
}
