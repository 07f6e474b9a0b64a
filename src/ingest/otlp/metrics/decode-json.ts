import type { MetricBatch } from '../../../model/index.js';
import { anyValueToString } from '../../../model/index.js';
import type { DecodeResult, JsonObject } from '../common/index.js';
import {
  attributesFromJson,
  jsonArray,
  jsonBool,
  jsonDouble,
  jsonEnum,
  jsonHexId,
  jsonInt64,
  jsonObject,
  jsonString,
  jsonUint32,
  parseJsonBody,
  resourceFromJson,
  scopeFromJson,
  shapeError,
} from '../common/index.js';
import { PromKind } from './prom-naming.js';
import { PromTranslator } from './prom-translator.js';
import { REJECT_EXPONENTIAL_HISTOGRAM, invalidNameReason, temporalityRejection } from './rejection-reasons.js';

const TEMPORALITY_NAMES: Readonly<Record<string, number>> = {
  AGGREGATION_TEMPORALITY_UNSPECIFIED: 0,
  AGGREGATION_TEMPORALITY_DELTA: 1,
  AGGREGATION_TEMPORALITY_CUMULATIVE: 2,
};

/**
 * Decodes an OTLP/JSON `ExportMetricsServiceRequest` (lowerCamelCase field names, or the
 * proto's snake_case; 64-bit integers as strings or numbers; enums as numbers or names) into
 * Prometheus series, exactly as `decodeMetricsProto` does. Invalid UTF-8, invalid JSON or a
 * value of the wrong shape throws `badInput` naming the path; untranslatable data points are
 * counted in `rejected`.
 */
export function decodeMetricsJson(body: Uint8Array | string, tenant: string): DecodeResult<MetricBatch> {
  const root = parseJsonBody(body, 'ExportMetricsServiceRequest');
  const request = requireObject(root, 'request');
  const t = new PromTranslator(tenant);
  const resources = jsonArray(field(request, 'resourceMetrics', 'resource_metrics'), 'resourceMetrics');
  for (let i = 0; i < resources.length; i++) resourceMetrics(resources[i], `resourceMetrics[${i}]`, t);
  return t.finish();
}

/** A field by its JSON name or, failing that, its proto name. */
function field(o: JsonObject, jsonName: string, protoName: string): unknown {
  const v = o[jsonName];
  return v === undefined ? o[protoName] : v;
}

function requireObject(v: unknown, path: string): JsonObject {
  const o = jsonObject(v, path);
  if (o === undefined) throw shapeError(path, 'an object', v);
  return o;
}

function resourceMetrics(v: unknown, path: string, t: PromTranslator): void {
  const o = requireObject(v, path);
  const resource = resourceFromJson(o.resource, `${path}.resource`);
  t.beginResource(resource.attributes);
  const scopes = jsonArray(field(o, 'scopeMetrics', 'scope_metrics'), `${path}.scopeMetrics`);
  for (let i = 0; i < scopes.length; i++) scopeMetrics(scopes[i], `${path}.scopeMetrics[${i}]`, t);
  t.endResource();
}

function scopeMetrics(v: unknown, path: string, t: PromTranslator): void {
  const o = requireObject(v, path);
  const scope = scopeFromJson(o.scope, `${path}.scope`);
  const schemaUrl = jsonString(field(o, 'schemaUrl', 'schema_url'), `${path}.schemaUrl`);
  t.beginScope(scope.name, scope.version, schemaUrl, scope.attributes);
  const metrics = jsonArray(o.metrics, `${path}.metrics`);
  for (let i = 0; i < metrics.length; i++) metric(metrics[i], `${path}.metrics[${i}]`, t);
}

type PointDecoder = (v: unknown, path: string, t: PromTranslator) => void;

function metric(v: unknown, path: string, t: PromTranslator): void {
  const o = requireObject(v, path);
  const name = jsonString(o.name, `${path}.name`);
  const description = jsonString(o.description, `${path}.description`);
  const unit = jsonString(o.unit, `${path}.unit`);
  const gauge = jsonObject(o.gauge, `${path}.gauge`);
  const sum = jsonObject(o.sum, `${path}.sum`);
  const histogram = jsonObject(o.histogram, `${path}.histogram`);
  const summary = jsonObject(o.summary, `${path}.summary`);
  let kind: PromKind;
  let data: JsonObject;
  let dataPath: string;
  let decodePoint: PointDecoder;
  if (gauge !== undefined) {
    kind = PromKind.GAUGE;
    data = gauge;
    dataPath = `${path}.gauge`;
    decodePoint = numberPoint;
  } else if (sum !== undefined) {
    dataPath = `${path}.sum`;
    const monotonic = jsonBool(field(sum, 'isMonotonic', 'is_monotonic'), `${dataPath}.isMonotonic`);
    kind = monotonic ? PromKind.COUNTER : PromKind.NON_MONOTONIC_SUM;
    data = sum;
    decodePoint = numberPoint;
  } else if (histogram !== undefined) {
    kind = PromKind.HISTOGRAM;
    data = histogram;
    dataPath = `${path}.histogram`;
    decodePoint = histogramPoint;
  } else if (summary !== undefined) {
    kind = PromKind.SUMMARY;
    data = summary;
    dataPath = `${path}.summary`;
    decodePoint = summaryPoint;
  } else {
    dataPath = `${path}.exponentialHistogram`;
    const exponential = jsonObject(field(o, 'exponentialHistogram', 'exponential_histogram'), dataPath);
    if (exponential === undefined) return;
    const points = jsonArray(field(exponential, 'dataPoints', 'data_points'), `${dataPath}.dataPoints`);
    t.rejectPoints(name, points.length, REJECT_EXPONENTIAL_HISTOGRAM);
    return;
  }
  const pointsPath = `${dataPath}.dataPoints`;
  const points = jsonArray(field(data, 'dataPoints', 'data_points'), pointsPath);
  if (kind !== PromKind.GAUGE && kind !== PromKind.SUMMARY) {
    const temporality = jsonEnum(
      field(data, 'aggregationTemporality', 'aggregation_temporality'),
      `${dataPath}.aggregationTemporality`,
      TEMPORALITY_NAMES,
    );
    const reason = temporalityRejection(temporality);
    if (reason !== null) {
      t.rejectPoints(name, points.length, reason);
      return;
    }
  }
  if (!t.beginMetric(name, description, unit, kind)) {
    t.rejectPoints(name, points.length, invalidNameReason(name));
    return;
  }
  for (let i = 0; i < points.length; i++) decodePoint(points[i], `${pointsPath}[${i}]`, t);
}

/** Common point fields: attributes and time (ms); returns the point object. */
function beginPoint(v: unknown, path: string, t: PromTranslator): { o: JsonObject; timeMs: number; flags: number } {
  const o = requireObject(v, path);
  t.beginPoint();
  const attributes = attributesFromJson(o.attributes, `${path}.attributes`);
  for (const a of attributes) t.addAttribute(a.key, anyValueToString(a.value));
  const timeMs = nanosToMillis(field(o, 'timeUnixNano', 'time_unix_nano'), `${path}.timeUnixNano`);
  const flags = jsonUint32(o.flags, `${path}.flags`);
  return { o, timeMs, flags };
}

function nanosToMillis(v: unknown, path: string): number {
  return Number(jsonInt64(v, path, false) / 1_000_000n);
}

function numberPoint(v: unknown, path: string, t: PromTranslator): void {
  const { o, timeMs, flags } = beginPoint(v, path, t);
  let value = 0;
  let hasValue = false;
  const asDouble = field(o, 'asDouble', 'as_double');
  const asInt = field(o, 'asInt', 'as_int');
  if (asDouble !== undefined && asDouble !== null) {
    value = jsonDouble(asDouble, `${path}.asDouble`);
    hasValue = true;
  } else if (asInt !== undefined && asInt !== null) {
    value = Number(jsonInt64(asInt, `${path}.asInt`, true));
    hasValue = true;
  }
  if (t.keepsExemplars) exemplars(o, path, t);
  t.number(timeMs, hasValue, value, flags);
}

function histogramPoint(v: unknown, path: string, t: PromTranslator): void {
  const { o, timeMs, flags } = beginPoint(v, path, t);
  const count = Number(jsonInt64(o.count, `${path}.count`, false));
  const hasSum = o.sum !== undefined && o.sum !== null;
  const sum = hasSum ? jsonDouble(o.sum, `${path}.sum`) : 0;
  const counts = jsonArray(field(o, 'bucketCounts', 'bucket_counts'), `${path}.bucketCounts`);
  for (let i = 0; i < counts.length; i++) t.addBucketCount(Number(jsonInt64(counts[i], `${path}.bucketCounts[${i}]`, false)));
  const bounds = jsonArray(field(o, 'explicitBounds', 'explicit_bounds'), `${path}.explicitBounds`);
  for (let i = 0; i < bounds.length; i++) t.addBound(jsonDouble(bounds[i], `${path}.explicitBounds[${i}]`));
  exemplars(o, path, t);
  t.histogram(timeMs, count, hasSum, sum, flags);
}

function summaryPoint(v: unknown, path: string, t: PromTranslator): void {
  const { o, timeMs, flags } = beginPoint(v, path, t);
  const count = Number(jsonInt64(o.count, `${path}.count`, false));
  const sum = jsonDouble(o.sum, `${path}.sum`);
  const quantiles = jsonArray(field(o, 'quantileValues', 'quantile_values'), `${path}.quantileValues`);
  for (let i = 0; i < quantiles.length; i++) {
    const qPath = `${path}.quantileValues[${i}]`;
    const q = requireObject(quantiles[i], qPath);
    t.addQuantile(jsonDouble(q.quantile, `${qPath}.quantile`), jsonDouble(q.value, `${qPath}.value`));
  }
  t.summary(timeMs, count, sum, flags);
}

function exemplars(point: JsonObject, path: string, t: PromTranslator): void {
  const list = jsonArray(point.exemplars, `${path}.exemplars`);
  for (let i = 0; i < list.length; i++) {
    const p = `${path}.exemplars[${i}]`;
    const o = requireObject(list[i], p);
    const attributes = attributesFromJson(field(o, 'filteredAttributes', 'filtered_attributes'), `${p}.filteredAttributes`);
    const timeMs = nanosToMillis(field(o, 'timeUnixNano', 'time_unix_nano'), `${p}.timeUnixNano`);
    const asDouble = field(o, 'asDouble', 'as_double');
    const asInt = field(o, 'asInt', 'as_int');
    const value =
      asDouble !== undefined && asDouble !== null
        ? jsonDouble(asDouble, `${p}.asDouble`)
        : Number(jsonInt64(asInt, `${p}.asInt`, true));
    // Ids that are not even-length hex are left out rather than failing the request.
    const traceId = jsonHexId(field(o, 'traceId', 'trace_id')) ?? '';
    const spanId = jsonHexId(field(o, 'spanId', 'span_id')) ?? '';
    t.addExemplar(timeMs, value, traceId, spanId, attributes);
  }
}
