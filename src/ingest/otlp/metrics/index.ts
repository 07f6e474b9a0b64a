export { decodeMetricsProto } from './decode-proto.js';
export { decodeMetricsJson } from './decode-json.js';
export type { PromMetricName } from './prom-naming.js';
export { PromKind, buildMetricName, sanitizeLabelName } from './prom-naming.js';
export { promUnitWord } from './prom-units.js';
export { formatPromFloat } from './format-float.js';
export { REJECT_DELTA, REJECT_EXPONENTIAL_HISTOGRAM } from './rejection-reasons.js';
