import { ProtobufDecodeError, WireType } from '../../shared/protobuf-reader.js';

/**
 * Wire-type checks shared by the OTLP protobuf decoders. A known field that arrives with a
 * different wire type than its `.proto` declares is malformed input: we throw rather than
 * reinterpret its bytes. Unknown field numbers are skipped, as protobuf requires.
 */
export const WIRE_VARINT = WireType.VARINT;
export const WIRE_I64 = WireType.I64;
export const WIRE_LEN = WireType.LEN;
export const WIRE_I32 = WireType.I32;

/** Throws ProtobufDecodeError unless `tag` carries wire type `expected`. */
export function expectWire(tag: number, expected: number, message: string): void {
  if ((tag & 7) !== expected) {
    throw new ProtobufDecodeError(
      `${message} field ${tag >>> 3} has wire type ${tag & 7}, expected ${expected}`,
    );
  }
}

/** Deepest AnyValue nesting (arrays/kvlists) accepted, so hostile input cannot exhaust the stack. */
export const MAX_ANY_VALUE_DEPTH = 64;
