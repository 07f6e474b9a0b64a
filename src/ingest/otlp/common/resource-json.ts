import type { Attribute } from '../../../model/index.js';
import { attributesFromJson } from './any-value-json.js';
import { jsonObject, jsonString, jsonUint32 } from './json-fields.js';
import type { OtlpResource, OtlpScope } from './resource-proto.js';
import { EMPTY_RESOURCE, EMPTY_SCOPE } from './resource-proto.js';

/** Decodes an OTLP/JSON Resource; null/absent is EMPTY_RESOURCE. Wrong shapes throw `badInput`. */
export function resourceFromJson(v: unknown, path: string): OtlpResource {
  const o = jsonObject(v, path);
  if (o === undefined) return EMPTY_RESOURCE;
  let attributes: Attribute[] = [];
  let droppedAttributesCount = 0;
  for (const k in o) {
    switch (k) {
      case 'attributes':
        attributes = attributesFromJson(o[k], `${path}.attributes`);
        break;
      case 'droppedAttributesCount':
      case 'dropped_attributes_count':
        droppedAttributesCount = jsonUint32(o[k], `${path}.${k}`);
        break;
      default:
        break;
    }
  }
  return { attributes, droppedAttributesCount };
}

/** Decodes an OTLP/JSON InstrumentationScope; null/absent is EMPTY_SCOPE. */
export function scopeFromJson(v: unknown, path: string): OtlpScope {
  const o = jsonObject(v, path);
  if (o === undefined) return EMPTY_SCOPE;
  let name = '';
  let version = '';
  let attributes: Attribute[] = [];
  let droppedAttributesCount = 0;
  for (const k in o) {
    switch (k) {
      case 'name':
        name = jsonString(o[k], `${path}.name`);
        break;
      case 'version':
        version = jsonString(o[k], `${path}.version`);
        break;
      case 'attributes':
        attributes = attributesFromJson(o[k], `${path}.attributes`);
        break;
      case 'droppedAttributesCount':
      case 'dropped_attributes_count':
        droppedAttributesCount = jsonUint32(o[k], `${path}.${k}`);
        break;
      default:
        break;
    }
  }
  return { name, version, attributes, droppedAttributesCount };
}
