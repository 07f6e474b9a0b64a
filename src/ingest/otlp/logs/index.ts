export { decodeLogsProto } from './decode-logs-proto.js';
export { decodeLogsJson } from './decode-logs-json.js';
export { SCOPE_NAME_KEY, SCOPE_VERSION_KEY, EVENT_NAME_KEY } from './logs-assembler.js';
export {
  LOKI_DEFAULT_INDEX_LABEL_ATTRIBUTES,
  LEVEL_LABEL,
  SERVICE_NAME_LABEL,
  attributeKeyToLabelName,
  isIndexLabelAttribute,
} from './loki-index-labels.js';
export { SEVERITY_NUMBER_NAMES, normalizeSeverityNumber } from './severity.js';
