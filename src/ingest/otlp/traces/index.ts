export { decodeTracesProto } from './decode-traces-proto.js';
export { decodeTracesJson } from './decode-traces-json.js';
export { SPAN_KIND_NAMES, STATUS_CODE_NAMES, normalizeSpanKind, normalizeStatusCode } from './span-values.js';
