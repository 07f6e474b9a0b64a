import type { OmniscopeError } from '../../model/index.js';
import { ProtobufWriter } from '../shared/protobuf-writer.js';

/** gRPC status codes used by OTLP (https://grpc.github.io/grpc/core/md_doc_statuscodes.html). */
export const GrpcCode = {
  OK: 0,
  INVALID_ARGUMENT: 3,
  RESOURCE_EXHAUSTED: 8,
  UNIMPLEMENTED: 12,
  INTERNAL: 13,
  UNAVAILABLE: 14,
} as const;

export interface OtlpErrorStatus {
  readonly httpStatus: number;
  readonly grpcCode: number;
  readonly retryAfterSeconds: number | undefined;
}

/**
 * The one mapping from our errors to OTLP's transports. Per the OTLP specification, 429/503
 * (gRPC UNAVAILABLE) tell exporters to retry with backoff; 400 (INVALID_ARGUMENT) tells them
 * not to.
 */
export function otlpErrorStatus(err: OmniscopeError): OtlpErrorStatus {
  switch (err.kind) {
    case 'bad_input':
      return { httpStatus: 400, grpcCode: GrpcCode.INVALID_ARGUMENT, retryAfterSeconds: undefined };
    case 'too_large':
      return { httpStatus: 413, grpcCode: GrpcCode.RESOURCE_EXHAUSTED, retryAfterSeconds: undefined };
    case 'unsupported_media_type':
      return { httpStatus: 415, grpcCode: GrpcCode.INVALID_ARGUMENT, retryAfterSeconds: undefined };
    case 'unavailable':
    case 'timeout':
      return { httpStatus: 503, grpcCode: GrpcCode.UNAVAILABLE, retryAfterSeconds: err.retryAfterSeconds ?? 1 };
    case 'limit_exceeded':
      return { httpStatus: 429, grpcCode: GrpcCode.RESOURCE_EXHAUSTED, retryAfterSeconds: err.retryAfterSeconds ?? 1 };
    case 'unsupported':
      return { httpStatus: 501, grpcCode: GrpcCode.UNIMPLEMENTED, retryAfterSeconds: undefined };
    default:
      return { httpStatus: 500, grpcCode: GrpcCode.INTERNAL, retryAfterSeconds: undefined };
  }
}

/** A google.rpc.Status message (code = field 1, message = field 2), the OTLP/HTTP error body. */
export function encodeStatusProto(code: number, message: string): Uint8Array {
  const w = new ProtobufWriter();
  if (code !== 0) w.int64(1, code);
  if (message !== '') w.string(2, message);
  return w.finish();
}
