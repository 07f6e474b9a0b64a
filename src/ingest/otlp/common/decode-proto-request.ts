import { badInput } from '../../../model/index.js';
import type { ProtobufReader } from '../../shared/protobuf-reader.js';
import { ProtobufDecodeError } from '../../shared/protobuf-reader.js';
import { OtlpProtobufReader } from './otlp-protobuf-reader.js';

/**
 * Runs `decode` over a reader of `body` and turns wire-format failures into `badInput`
 * ("malformed ExportTraceServiceRequest protobuf: truncated varint at byte 17"). A stack
 * overflow (RangeError) from hostile nesting is reported the same way. Anything else, such as an
 * OmniscopeError the decoder threw itself, passes through unchanged.
 */
export function decodeProtoRequest<T>(requestName: string, body: Uint8Array, decode: (r: ProtobufReader) => T): T {
  try {
    return decode(new OtlpProtobufReader(body));
  } catch (e) {
    if (e instanceof ProtobufDecodeError || e instanceof RangeError) {
      throw badInput(`malformed ${requestName} protobuf (${body.length} bytes): ${e.message}`, e);
    }
    throw e;
  }
}
