export type { OtlpSignal, OtlpEncoding, OtlpProtocol, OtlpWriters, ExportOutcome, ExportHandlerDeps } from './export-handler.js';
export { handleExport } from './export-handler.js';
export type { OtlpHttpOptions } from './http-receiver.js';
export { otlpHttpPlugin } from './http-receiver.js';
export type { OtlpGrpcOptions, OtlpGrpcServer } from './grpc-receiver.js';
export { startOtlpGrpcServer } from './grpc-receiver.js';
export { GrpcCode, otlpErrorStatus, encodeStatusProto } from './otlp-errors.js';
