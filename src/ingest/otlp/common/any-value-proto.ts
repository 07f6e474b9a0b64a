import type { AnyValue, Attribute } from '../../../model/index.js';
import { KeyValueList } from '../../../model/index.js';
import type { ProtobufReader } from '../../shared/protobuf-reader.js';
import { ProtobufDecodeError } from '../../shared/protobuf-reader.js';
import { MAX_ANY_VALUE_DEPTH, WIRE_I64, WIRE_LEN, WIRE_VARINT, expectWire } from './proto-wire.js';

/**
 * Decodes an `opentelemetry.proto.common.v1.AnyValue` whose bytes run from `r.pos` to `end`
 * (as returned by `r.messageEnd()`), leaving `r.pos === end`. Types map as the model says:
 * string, bool, int64 -> bigint, double -> number, bytes -> a copied Uint8Array (it outlives
 * the request buffer), array -> AnyValue[], kvlist -> KeyValueList, no value set -> null.
 * When several oneof members are present the last one wins (protobuf semantics).
 * `string_value_strindex` (profiles only) is ignored. Throws ProtobufDecodeError on malformed
 * input, including nesting deeper than MAX_ANY_VALUE_DEPTH.
 */
export function decodeAnyValueProto(r: ProtobufReader, end: number, depth = 0): AnyValue {
  let value: AnyValue = null;
  while (r.pos < end) {
    const tag = r.tag();
    switch (tag >>> 3) {
      case 1:
        expectWire(tag, WIRE_LEN, 'AnyValue');
        value = r.string();
        break;
      case 2:
        expectWire(tag, WIRE_VARINT, 'AnyValue');
        value = r.bool();
        break;
      case 3:
        expectWire(tag, WIRE_VARINT, 'AnyValue');
        value = r.int64();
        break;
      case 4:
        expectWire(tag, WIRE_I64, 'AnyValue');
        value = r.double();
        break;
      case 5:
        expectWire(tag, WIRE_LEN, 'AnyValue');
        value = decodeArrayValueProto(r, r.messageEnd(), depth + 1);
        break;
      case 6:
        expectWire(tag, WIRE_LEN, 'AnyValue');
        value = new KeyValueList(decodeKeyValueListProto(r, r.messageEnd(), depth + 1));
        break;
      case 7:
        expectWire(tag, WIRE_LEN, 'AnyValue');
        value = r.bytesView().slice();
        break;
      default:
        r.skip(tag & 7);
    }
  }
  r.expectEnd(end);
  return value;
}

/** Decodes an `ArrayValue` (r.pos..end) into its values. */
export function decodeArrayValueProto(r: ProtobufReader, end: number, depth = 0): AnyValue[] {
  checkDepth(depth);
  const out: AnyValue[] = [];
  while (r.pos < end) {
    const tag = r.tag();
    if (tag >>> 3 === 1) {
      expectWire(tag, WIRE_LEN, 'ArrayValue');
      out.push(decodeAnyValueProto(r, r.messageEnd(), depth));
    } else r.skip(tag & 7);
  }
  r.expectEnd(end);
  return out;
}

/** Decodes a `KeyValueList` (r.pos..end) into attributes, keeping order and duplicates. */
export function decodeKeyValueListProto(r: ProtobufReader, end: number, depth = 0): Attribute[] {
  checkDepth(depth);
  const out: Attribute[] = [];
  while (r.pos < end) {
    const tag = r.tag();
    if (tag >>> 3 === 1) {
      expectWire(tag, WIRE_LEN, 'KeyValueList');
      out.push(decodeKeyValueProto(r, r.messageEnd(), depth));
    } else r.skip(tag & 7);
  }
  r.expectEnd(end);
  return out;
}

/**
 * Decodes one `KeyValue` (r.pos..end). A missing value is `null` (OTLP's empty value).
 * Callers append it to their attribute list: `attrs.push(decodeKeyValueProto(r, r.messageEnd()))`.
 */
export function decodeKeyValueProto(r: ProtobufReader, end: number, depth = 0): Attribute {
  let key = '';
  let value: AnyValue = null;
  while (r.pos < end) {
    const tag = r.tag();
    switch (tag >>> 3) {
      case 1:
        expectWire(tag, WIRE_LEN, 'KeyValue');
        key = r.string();
        break;
      case 2:
        expectWire(tag, WIRE_LEN, 'KeyValue');
        value = decodeAnyValueProto(r, r.messageEnd(), depth);
        break;
      default:
        r.skip(tag & 7);
    }
  }
  r.expectEnd(end);
  return { key, value };
}

function checkDepth(depth: number): void {
  if (depth > MAX_ANY_VALUE_DEPTH) {
    throw new ProtobufDecodeError(`AnyValue nested deeper than ${MAX_ANY_VALUE_DEPTH} levels`);
  }
}
