import type { Attribute } from '../../../model/index.js';
import type { ProtobufReader } from '../../shared/protobuf-reader.js';
import { decodeKeyValueProto } from './any-value-proto.js';
import { WIRE_LEN, WIRE_VARINT, expectWire } from './proto-wire.js';

/** An OTLP `Resource` as decoded (entity_refs are not kept). */
export interface OtlpResource {
  readonly attributes: Attribute[];
  readonly droppedAttributesCount: number;
}

/** An OTLP `InstrumentationScope` as decoded; the enclosing Scope* message owns `schema_url`. */
export interface OtlpScope {
  readonly name: string;
  readonly version: string;
  readonly attributes: Attribute[];
  readonly droppedAttributesCount: number;
}

/** The value for a message that was absent from its parent. */
export const EMPTY_RESOURCE: OtlpResource = Object.freeze({ attributes: [], droppedAttributesCount: 0 }) as OtlpResource;
export const EMPTY_SCOPE: OtlpScope = Object.freeze({
  name: '',
  version: '',
  attributes: [],
  droppedAttributesCount: 0,
}) as OtlpScope;

/** Decodes an `opentelemetry.proto.resource.v1.Resource` (r.pos..end). Throws ProtobufDecodeError. */
export function decodeResourceProto(r: ProtobufReader, end: number): OtlpResource {
  const attributes: Attribute[] = [];
  let droppedAttributesCount = 0;
  while (r.pos < end) {
    const tag = r.tag();
    switch (tag >>> 3) {
      case 1:
        expectWire(tag, WIRE_LEN, 'Resource');
        attributes.push(decodeKeyValueProto(r, r.messageEnd()));
        break;
      case 2:
        expectWire(tag, WIRE_VARINT, 'Resource');
        droppedAttributesCount = r.uint32();
        break;
      default:
        r.skip(tag & 7);
    }
  }
  r.expectEnd(end);
  return { attributes, droppedAttributesCount };
}

/** Decodes an `opentelemetry.proto.common.v1.InstrumentationScope` (r.pos..end). */
export function decodeScopeProto(r: ProtobufReader, end: number): OtlpScope {
  let name = '';
  let version = '';
  const attributes: Attribute[] = [];
  let droppedAttributesCount = 0;
  while (r.pos < end) {
    const tag = r.tag();
    switch (tag >>> 3) {
      case 1:
        expectWire(tag, WIRE_LEN, 'InstrumentationScope');
        name = r.string();
        break;
      case 2:
        expectWire(tag, WIRE_LEN, 'InstrumentationScope');
        version = r.string();
        break;
      case 3:
        expectWire(tag, WIRE_LEN, 'InstrumentationScope');
        attributes.push(decodeKeyValueProto(r, r.messageEnd()));
        break;
      case 4:
        expectWire(tag, WIRE_VARINT, 'InstrumentationScope');
        droppedAttributesCount = r.uint32();
        break;
      default:
        r.skip(tag & 7);
    }
  }
  r.expectEnd(end);
  return { name, version, attributes, droppedAttributesCount };
}

/**
 * Protobuf merge of a `resource` field that occurs twice in one message: attributes
 * concatenate, the last dropped count wins.
 */
export function mergeResources(prev: OtlpResource, next: OtlpResource): OtlpResource {
  if (prev === EMPTY_RESOURCE) return next;
  return { attributes: [...prev.attributes, ...next.attributes], droppedAttributesCount: next.droppedAttributesCount };
}
