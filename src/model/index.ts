export type { Label, Labels } from './labels.js';
export { METRIC_NAME_LABEL, labelsFromRecord, sortLabels, labelsToRecord, getLabel, labelsKey, compareStrings, compareLabels } from './labels.js';
export type { MatchType, LabelMatcher } from './matchers.js';
export { CompiledMatcher, formatMatcher } from './matchers.js';
export { compileRe2Regex } from './regex.js';
export type { NanoRange, MilliRange, Clock } from './time.js';
export { formatPrometheusDuration, parsePrometheusDurationMs } from './duration.js';
export { parseRfc3339Nanos } from './rfc3339.js';
export { NANOS_PER_MILLI, NANOS_PER_SECOND, nanosToMillis, systemClock } from './time.js';
export type { ErrorKind } from './errors.js';
export {
  OmniscopeError,
  badInput,
  notFound,
  tooLarge,
  unsupportedMediaType,
  unsupported,
  limitExceeded,
  unavailable,
  internalBug,
  isOmniscopeError,
  toOmniscopeError,
} from './errors.js';
export type { AnyValue, Attribute, Attributes } from './any-value.js';
export {
  KeyValueList,
  getAttribute,
  anyValueToString,
  anyValueToPlainJson,
  anyValueToOtlpJson,
  attributesToOtlpJson,
  encodeAttributes,
  decodeAttributes,
  decodeAttributesParsed,
} from './any-value.js';
export { GrowableFloat64, GrowableInt32, GrowableBigInt64 } from './growable.js';
export { StringInterner } from './string-interner.js';
export type { MetricBatch, MetricType, MetricMetadata, Exemplar } from './metrics.js';
export { STALE_NAN, STALE_NAN_BITS, isStaleNaN, MetricBatchBuilder } from './metrics.js';
export type { LogBatch, LogRecordInput } from './logs.js';
export { LogBatchBuilder, severityToLevel } from './logs.js';
export type { SpanBatch, SpanResource, InstrumentationScope, SpanEvent, SpanLink, SpanInput } from './spans.js';
export { SpanKind, StatusCode, SpanBatchBuilder } from './spans.js';
export { xxhash64 } from './xxhash64.js';
export type { LabelFilterExpr } from './label-filter.js';
export { CompiledLabelFilters, formatLabelFilter } from './label-filter.js';
export type { LabelGrouping } from './log-entry-labels.js';
export { DUPLICATE_SUFFIX, entryLabelValue, metricSeriesLabels, sanitizeLabelName, structuredMetadataLabels } from './log-entry-labels.js';
