export type { DecodeResult } from './decode-result.js';
export { MAX_REJECTION_MESSAGES, RejectionCollector, rejectionSummary } from './decode-result.js';
export { decodeProtoRequest } from './decode-proto-request.js';
export { MAX_ANY_VALUE_DEPTH, expectWire, WIRE_VARINT, WIRE_I64, WIRE_LEN, WIRE_I32 } from './proto-wire.js';
export {
  decodeAnyValueProto,
  decodeArrayValueProto,
  decodeKeyValueListProto,
  decodeKeyValueProto,
} from './any-value-proto.js';
export type { OtlpResource, OtlpScope } from './resource-proto.js';
export { EMPTY_RESOURCE, EMPTY_SCOPE, decodeResourceProto, decodeScopeProto, mergeResources } from './resource-proto.js';
export type { JsonObject } from './json-fields.js';
export {
  parseJsonBody,
  shapeError,
  jsonObject,
  jsonArray,
  jsonString,
  jsonBool,
  jsonUint32,
  jsonInt64,
  jsonEnum,
  jsonDouble,
  jsonBase64,
  jsonHexId,
} from './json-fields.js';
export { anyValueFromJson, arrayValueFromJson, keyValueListFromJson, attributesFromJson } from './any-value-json.js';
export { resourceFromJson, scopeFromJson } from './resource-json.js';
export type { OtlpSignal } from './export-response.js';
export { encodeExportResponseProto, exportResponseJson } from './export-response.js';
export {
  TRACE_ID_BYTES,
  SPAN_ID_BYTES,
  hexFromBytes,
  isAllZeroBytes,
  isAllZeroHex,
  requiredIdProblem,
  optionalIdProblem,
} from './ids.js';
export { UNKNOWN_SERVICE, serviceNameOf } from './service-name.js';
export { OtlpProtobufReader } from './otlp-protobuf-reader.js';
