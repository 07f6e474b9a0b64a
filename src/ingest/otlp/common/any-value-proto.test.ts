import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { AnyValue } from '../../../model/index.js';
import { KeyValueList, isOmniscopeError } from '../../../model/index.js';
import { ProtobufDecodeError, ProtobufReader } from '../../shared/protobuf-reader.js';
import { ProtobufWriter } from '../../shared/protobuf-writer.js';
import type { OtlpResource, OtlpScope } from './index.js';
import {
  MAX_ANY_VALUE_DEPTH,
  OtlpProtobufReader,
  decodeAnyValueProto,
  decodeKeyValueProto,
  decodeProtoRequest,
  decodeResourceProto,
  decodeScopeProto,
} from './index.js';

/** Encodes an AnyValue the way an OTLP sender does (our own test encoder). */
function writeAnyValue(w: ProtobufWriter, v: AnyValue): void {
  if (v === null) return;
  if (typeof v === 'string') w.string(1, v);
  else if (typeof v === 'boolean') w.bool(2, v);
  else if (typeof v === 'bigint') w.int64(3, v);
  else if (typeof v === 'number') w.double(4, v);
  else if (v instanceof Uint8Array) w.bytes(7, v);
  else if (v instanceof KeyValueList) {
    w.message(6, (l) => {
      for (const a of v.values) l.message(1, (kv) => kv.string(1, a.key).message(2, (x) => writeAnyValue(x, a.value)));
    });
  } else w.message(5, (arr) => (v as readonly AnyValue[]).forEach((x) => arr.message(1, (e) => writeAnyValue(e, x))));
}

function roundTrip(v: AnyValue, reader: (b: Uint8Array) => ProtobufReader = (b) => new ProtobufReader(b)): AnyValue {
  const w = new ProtobufWriter();
  writeAnyValue(w, v);
  const bytes = w.finish();
  const r = reader(bytes);
  const out = decodeAnyValueProto(r, bytes.length);
  assert.equal(r.pos, bytes.length);
  return out;
}

describe('decodeAnyValueProto', () => {
  const cases: Array<[string, AnyValue]> = [
    ['string', 'héllo wörld ✓'],
    ['empty string', ''],
    ['bool true', true],
    ['bool false', false],
    ['int 0', 0n],
    ['int max', 9223372036854775807n],
    ['int min', -9223372036854775808n],
    ['int -1', -1n],
    ['double', 637.704],
    ['double -0.5', -0.5],
    ['double Infinity', Infinity],
    ['bytes', new Uint8Array([0, 1, 254, 255])],
    ['array', ['many', 1n, 2.5, false, null]],
    ['kvlist', new KeyValueList([{ key: 'some.map.key', value: 'v' }, { key: 'n', value: new KeyValueList([{ key: 'deep', value: [1n] }]) }])],
  ];
  for (const [name, v] of cases) {
    it(`round-trips ${name}`, () => assert.deepEqual(roundTrip(v), v));
    it(`round-trips ${name} through OtlpProtobufReader`, () => assert.deepEqual(roundTrip(v, (b) => new OtlpProtobufReader(b)), v));
  }

  it('keeps int and double apart', () => {
    assert.equal(typeof roundTrip(3n), 'bigint');
    assert.equal(typeof roundTrip(3), 'number');
  });

  it('decodes NaN', () => assert.ok(Number.isNaN(roundTrip(NaN) as number)));

  it('decodes an AnyValue with no value as null', () => {
    const r = new ProtobufReader(new Uint8Array(0));
    assert.equal(decodeAnyValueProto(r, 0), null);
  });

  it('copies bytes out of the request buffer', () => {
    const bytes = new ProtobufWriter().bytes(7, new Uint8Array([1, 2, 3])).finish();
    const v = decodeAnyValueProto(new ProtobufReader(bytes), bytes.length) as Uint8Array;
    bytes.fill(0);
    assert.deepEqual([...v], [1, 2, 3]);
  });

  it('lets the last oneof member win', () => {
    const bytes = new ProtobufWriter().string(1, 'first').int64(3, 7n).finish();
    assert.equal(decodeAnyValueProto(new ProtobufReader(bytes), bytes.length), 7n);
  });

  it('skips unknown fields', () => {
    const bytes = new ProtobufWriter().string(15, 'future').string(1, 'x').fixed32(16, 5).finish();
    assert.equal(decodeAnyValueProto(new ProtobufReader(bytes), bytes.length), 'x');
  });

  it('throws on a known field with the wrong wire type', () => {
    const bytes = new ProtobufWriter().uint64(1, 5).finish(); // string_value as a varint
    assert.throws(() => decodeAnyValueProto(new ProtobufReader(bytes), bytes.length), ProtobufDecodeError);
  });

  it('throws on nesting deeper than the limit, and accepts the limit', () => {
    const nested = (depth: number): AnyValue => (depth === 0 ? 'leaf' : [nested(depth - 1)]);
    assert.deepEqual(roundTrip(nested(MAX_ANY_VALUE_DEPTH)), nested(MAX_ANY_VALUE_DEPTH));
    assert.throws(() => roundTrip(nested(MAX_ANY_VALUE_DEPTH + 2)), /nested deeper/);
  });

  it('interns equal short strings and still tells different ones apart', () => {
    const w = new ProtobufWriter();
    const words = ['http.method', 'http.methoe', 'GET', 'GET', 'x'.repeat(40), 'x'.repeat(40), 'ü', ''];
    for (const s of words) w.string(1, s);
    const bytes = w.finish();
    const r = new OtlpProtobufReader(bytes);
    const out: string[] = [];
    while (r.pos < bytes.length) {
      r.tag();
      out.push(r.string());
    }
    assert.deepEqual(out, words);
  });
});

describe('decodeKeyValueProto', () => {
  it('decodes key and value, and a missing value as null', () => {
    const bytes = new ProtobufWriter().string(1, 'k').finish();
    assert.deepEqual(decodeKeyValueProto(new ProtobufReader(bytes), bytes.length), { key: 'k', value: null });
    const b2 = new ProtobufWriter().message(2, (v) => v.bool(2, true)).string(1, 'k2').finish();
    assert.deepEqual(decodeKeyValueProto(new ProtobufReader(b2), b2.length), { key: 'k2', value: true });
  });
});

describe('decodeResourceProto / decodeScopeProto', () => {
  it('decodes every field', () => {
    const res = new ProtobufWriter()
      .message(1, (kv) => kv.string(1, 'service.name').message(2, (v) => v.string(1, 'checkout')))
      .uint64(2, 3)
      .message(3, (e) => e.string(2, 'service')) // entity_refs: ignored
      .finish();
    const expected: OtlpResource = { attributes: [{ key: 'service.name', value: 'checkout' }], droppedAttributesCount: 3 };
    assert.deepEqual(decodeResourceProto(new ProtobufReader(res), res.length), expected);

    const scope = new ProtobufWriter()
      .string(1, 'my.library')
      .string(2, '1.0.0')
      .message(3, (kv) => kv.string(1, 'a').message(2, (v) => v.int64(3, 1n)))
      .uint64(4, 2)
      .finish();
    const expectedScope: OtlpScope = { name: 'my.library', version: '1.0.0', attributes: [{ key: 'a', value: 1n }], droppedAttributesCount: 2 };
    assert.deepEqual(decodeScopeProto(new ProtobufReader(scope), scope.length), expectedScope);
  });
});

describe('decodeProtoRequest', () => {
  it('turns wire errors into badInput naming the request', () => {
    const err = (() => {
      try {
        decodeProtoRequest('ExportTraceServiceRequest', new Uint8Array([0x0a, 0x05, 1]), (r) => r.string());
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    assert.ok(isOmniscopeError(err));
    assert.equal(err.kind, 'bad_input');
    assert.match(err.message, /malformed ExportTraceServiceRequest protobuf \(3 bytes\): truncated/);
  });

  it('passes other errors through', () => {
    assert.throws(
      () =>
        decodeProtoRequest('X', new Uint8Array(0), () => {
          throw new TypeError('boom');
        }),
      TypeError,
    );
  });
});
