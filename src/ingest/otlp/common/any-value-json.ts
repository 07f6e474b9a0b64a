import type { AnyValue, Attribute } from '../../../model/index.js';
import { KeyValueList } from '../../../model/index.js';
import { MAX_ANY_VALUE_DEPTH } from './proto-wire.js';
import {
  jsonArray,
  jsonBase64,
  jsonBool,
  jsonDouble,
  jsonInt64,
  jsonObject,
  jsonString,
  shapeError,
} from './json-fields.js';

/**
 * Decodes an OTLP/JSON AnyValue (`{"stringValue":"x"}`, `{"intValue":"5"}`, ...) with the
 * same types as the protobuf decoder: ints become bigint, doubles number (also from "NaN",
 * "Infinity", "-Infinity"), bytes a Uint8Array from base64, `{}` or null the empty value
 * `null`. Field names are accepted in lowerCamelCase and in the proto's snake_case, as the
 * protobuf JSON mapping allows; unknown fields are ignored. A wrong shape throws `badInput`
 * naming `path`.
 */
export function anyValueFromJson(v: unknown, path: string, depth = 0): AnyValue {
  const o = jsonObject(v, path);
  if (o === undefined) return null;
  let value: AnyValue = null;
  for (const k in o) {
    const f = o[k];
    switch (k) {
      case 'stringValue':
      case 'string_value':
        value = jsonString(f, `${path}.${k}`);
        break;
      case 'boolValue':
      case 'bool_value':
        value = jsonBool(f, `${path}.${k}`);
        break;
      case 'intValue':
      case 'int_value':
        value = jsonInt64(f, `${path}.${k}`, true);
        break;
      case 'doubleValue':
      case 'double_value':
        value = jsonDouble(f, `${path}.${k}`);
        break;
      case 'bytesValue':
      case 'bytes_value':
        value = jsonBase64(f, `${path}.${k}`);
        break;
      case 'arrayValue':
      case 'array_value':
        value = arrayValueFromJson(f, `${path}.${k}`, depth + 1);
        break;
      case 'kvlistValue':
      case 'kvlist_value':
        value = new KeyValueList(keyValueListFromJson(f, `${path}.${k}`, depth + 1));
        break;
      default:
        break;
    }
  }
  return value;
}

function checkDepth(depth: number, path: string): void {
  if (depth > MAX_ANY_VALUE_DEPTH) throw shapeError(path, `nested at most ${MAX_ANY_VALUE_DEPTH} levels deep`, {});
}

/** An OTLP/JSON ArrayValue (`{"values":[...]}`). */
export function arrayValueFromJson(v: unknown, path: string, depth = 0): AnyValue[] {
  checkDepth(depth, path);
  const o = jsonObject(v, path);
  if (o === undefined) return [];
  const items = jsonArray(o.values, `${path}.values`);
  const out: AnyValue[] = new Array<AnyValue>(items.length);
  for (let i = 0; i < items.length; i++) out[i] = anyValueFromJson(items[i], `${path}.values[${i}]`, depth);
  return out;
}

/** An OTLP/JSON KeyValueList (`{"values":[{"key":..,"value":..}]}`). */
export function keyValueListFromJson(v: unknown, path: string, depth = 0): Attribute[] {
  checkDepth(depth, path);
  const o = jsonObject(v, path);
  if (o === undefined) return [];
  return attributesFromJson(o.values, `${path}.values`, depth);
}

/** A repeated KeyValue (`[{"key":"k","value":{...}}]`) as model attributes; null/absent is []. */
export function attributesFromJson(v: unknown, path: string, depth = 0): Attribute[] {
  const items = jsonArray(v, path);
  const out: Attribute[] = new Array<Attribute>(items.length);
  for (let i = 0; i < items.length; i++) {
    const p = `${path}[${i}]`;
    const kv = jsonObject(items[i], p);
    if (kv === undefined) throw shapeError(p, 'a KeyValue object', null);
    out[i] = { key: jsonString(kv.key, `${p}.key`), value: anyValueFromJson(kv.value, `${p}.value`, depth) };
  }
  return out;
}
