import type { MetricBatch } from '../../../model/index.js';
import type { ProtobufReader } from '../../shared/protobuf-reader.js';
import type { DecodeResult, OtlpResource, OtlpScope } from '../common/index.js';
import {
  EMPTY_RESOURCE,
  EMPTY_SCOPE,
  WIRE_LEN,
  WIRE_VARINT,
  decodeProtoRequest,
  decodeResourceProto,
  decodeScopeProto,
  expectWire,
} from '../common/index.js';
import { PointWalk, histogramPoint, numberPoint, summaryPoint } from './decode-proto-points.js';
import { PromKind } from './prom-naming.js';
import { PromTranslator } from './prom-translator.js';
import { REJECT_EXPONENTIAL_HISTOGRAM, invalidNameReason, temporalityRejection } from './rejection-reasons.js';

/**
 * Decodes an OTLP `ExportMetricsServiceRequest` in protobuf straight into Prometheus series
 * (see PromTranslator for the translation rules), without an object per data point.
 * Fields may come in any order (each level is scanned for its header fields first). Truncated
 * or otherwise malformed protobuf throws `badInput`; data points that cannot be translated
 * (delta temporality, exponential histograms, inconsistent buckets, ...) are counted in
 * `rejected` with their reason. The batch does not reference `body`.
 */
export function decodeMetricsProto(body: Uint8Array, tenant: string): DecodeResult<MetricBatch> {
  return decodeProtoRequest('ExportMetricsServiceRequest', body, (r) => {
    const t = new PromTranslator(tenant);
    const w = new PointWalk(r, t);
    const end = r.length;
    while (r.pos < end) {
      const tag = r.tag();
      if (tag >>> 3 === 1) {
        expectWire(tag, WIRE_LEN, 'ExportMetricsServiceRequest');
        resourceMetrics(r, r.messageEnd(), w);
      } else r.skip(tag & 7);
    }
    return t.finish();
  });
}

function resourceMetrics(r: ProtobufReader, end: number, w: PointWalk): void {
  const t = w.t;
  const start = r.pos;
  let resource: OtlpResource = EMPTY_RESOURCE;
  while (r.pos < end) {
    const tag = r.tag();
    if (tag >>> 3 === 1) {
      expectWire(tag, WIRE_LEN, 'ResourceMetrics');
      resource = decodeResourceProto(r, r.messageEnd());
    } else r.skip(tag & 7);
  }
  r.expectEnd(end);
  t.beginResource(resource.attributes);
  r.pos = start;
  while (r.pos < end) {
    const tag = r.tag();
    if (tag >>> 3 === 2) {
      expectWire(tag, WIRE_LEN, 'ResourceMetrics');
      scopeMetrics(r, r.messageEnd(), w);
    } else r.skip(tag & 7);
  }
  t.endResource();
}

function scopeMetrics(r: ProtobufReader, end: number, w: PointWalk): void {
  const t = w.t;
  const start = r.pos;
  let scope: OtlpScope = EMPTY_SCOPE;
  let schemaUrl = '';
  while (r.pos < end) {
    const tag = r.tag();
    const field = tag >>> 3;
    if (field === 1) {
      expectWire(tag, WIRE_LEN, 'ScopeMetrics');
      scope = decodeScopeProto(r, r.messageEnd());
    } else if (field === 3) {
      expectWire(tag, WIRE_LEN, 'ScopeMetrics');
      schemaUrl = r.string();
    } else r.skip(tag & 7);
  }
  r.expectEnd(end);
  t.beginScope(scope.name, scope.version, schemaUrl, scope.attributes);
  r.pos = start;
  while (r.pos < end) {
    const tag = r.tag();
    if (tag >>> 3 === 2) {
      expectWire(tag, WIRE_LEN, 'ScopeMetrics');
      metric(r, r.messageEnd(), w);
    } else r.skip(tag & 7);
  }
}

const GAUGE = 5;
const SUM = 7;
const HISTOGRAM = 9;
const EXPONENTIAL_HISTOGRAM = 10;
const SUMMARY = 11;

function metric(r: ProtobufReader, end: number, w: PointWalk): void {
  const t = w.t;
  let name = '';
  let description = '';
  let unit = '';
  let dataField = 0;
  let dataStart = 0;
  let dataEnd = 0;
  while (r.pos < end) {
    const tag = r.tag();
    const field = tag >>> 3;
    switch (field) {
      case 1:
        expectWire(tag, WIRE_LEN, 'Metric');
        name = r.string();
        break;
      case 2:
        expectWire(tag, WIRE_LEN, 'Metric');
        description = r.string();
        break;
      case 3:
        expectWire(tag, WIRE_LEN, 'Metric');
        unit = r.string();
        break;
      case GAUGE:
      case SUM:
      case HISTOGRAM:
      case EXPONENTIAL_HISTOGRAM:
      case SUMMARY:
        // A oneof: the last member present wins.
        expectWire(tag, WIRE_LEN, 'Metric');
        dataField = field;
        dataEnd = r.messageEnd();
        dataStart = r.pos;
        r.pos = dataEnd;
        break;
      default:
        r.skip(tag & 7);
    }
  }
  r.expectEnd(end);
  if (dataField === 0) return;
  const header = scanData(r, dataStart, dataEnd, dataField);
  let kind: PromKind;
  if (dataField === EXPONENTIAL_HISTOGRAM) {
    t.rejectPoints(name, header.points, REJECT_EXPONENTIAL_HISTOGRAM);
    return;
  }
  if (dataField === SUM || dataField === HISTOGRAM) {
    const reason = temporalityRejection(header.temporality);
    if (reason !== null) {
      t.rejectPoints(name, header.points, reason);
      return;
    }
  }
  if (dataField === GAUGE) kind = PromKind.GAUGE;
  else if (dataField === SUM) kind = header.monotonic ? PromKind.COUNTER : PromKind.NON_MONOTONIC_SUM;
  else if (dataField === HISTOGRAM) kind = PromKind.HISTOGRAM;
  else kind = PromKind.SUMMARY;
  if (!t.beginMetric(name, description, unit, kind)) {
    t.rejectPoints(name, header.points, invalidNameReason(name));
    return;
  }
  r.pos = dataStart;
  while (r.pos < dataEnd) {
    const tag = r.tag();
    if (tag >>> 3 !== 1) {
      r.skip(tag & 7);
      continue;
    }
    expectWire(tag, WIRE_LEN, 'data_points');
    const pointEnd = r.messageEnd();
    if (dataField === HISTOGRAM) histogramPoint(w, pointEnd);
    else if (dataField === SUMMARY) summaryPoint(w, pointEnd);
    else numberPoint(w, pointEnd);
  }
  r.pos = end;
}

interface DataHeader {
  readonly points: number;
  readonly temporality: number;
  readonly monotonic: boolean;
}

/** Counts the data points of a Gauge/Sum/Histogram/... and reads its temporality fields. */
function scanData(r: ProtobufReader, start: number, end: number, dataField: number): DataHeader {
  const hasHeader = dataField === SUM || dataField === HISTOGRAM || dataField === EXPONENTIAL_HISTOGRAM;
  let points = 0;
  let temporality = 0;
  let monotonic = false;
  r.pos = start;
  while (r.pos < end) {
    const tag = r.tag();
    const field = tag >>> 3;
    if (field === 1) {
      expectWire(tag, WIRE_LEN, 'data_points');
      points++;
      r.pos = r.messageEnd();
    } else if (hasHeader && field === 2) {
      expectWire(tag, WIRE_VARINT, 'aggregation_temporality');
      temporality = r.int32();
    } else if (dataField === SUM && field === 3) {
      expectWire(tag, WIRE_VARINT, 'is_monotonic');
      monotonic = r.bool();
    } else r.skip(tag & 7);
  }
  r.expectEnd(end);
  return { points, temporality, monotonic };
}
