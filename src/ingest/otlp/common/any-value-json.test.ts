import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { KeyValueList, anyValueToOtlpJson, isOmniscopeError } from '../../../model/index.js';
import {
  anyValueFromJson,
  attributesFromJson,
  jsonEnum,
  jsonHexId,
  jsonInt64,
  jsonUint32,
  parseJsonBody,
  resourceFromJson,
  scopeFromJson,
} from './index.js';

function badInputMessage(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    assert.ok(isOmniscopeError(e), `expected OmniscopeError, got ${String(e)}`);
    assert.equal(e.kind, 'bad_input');
    return e.message;
  }
  assert.fail('expected a throw');
}

describe('anyValueFromJson', () => {
  const cases: Array<[unknown, unknown]> = [
    [{ stringValue: 'x' }, 'x'],
    [{ string_value: 'snake' }, 'snake'],
    [{ boolValue: true }, true],
    [{ boolValue: 'false' }, false],
    [{ intValue: '10' }, 10n],
    [{ intValue: 10 }, 10n],
    [{ intValue: '-9223372036854775808' }, -9223372036854775808n],
    [{ intValue: '9223372036854775807' }, 9223372036854775807n],
    [{ doubleValue: 637.704 }, 637.704],
    [{ doubleValue: 3 }, 3],
    [{ doubleValue: '2.5' }, 2.5],
    [{ doubleValue: 'Infinity' }, Infinity],
    [{ doubleValue: '-Infinity' }, -Infinity],
    [{ bytesValue: 'AAH+/w==' }, new Uint8Array([0, 1, 254, 255])],
    [{ bytesValue: 'AAH-_w' }, new Uint8Array([0, 1, 254, 255])],
    [{ arrayValue: { values: [{ stringValue: 'many' }, { intValue: '1' }, {}] } }, ['many', 1n, null]],
    [{ arrayValue: {} }, []],
    [{ kvlistValue: { values: [{ key: 'k', value: { stringValue: 'v' } }, { key: 'e' }] } }, new KeyValueList([{ key: 'k', value: 'v' }, { key: 'e', value: null }])],
    [{}, null],
    [null, null],
    [{ futureValue: 1, stringValue: 'kept' }, 'kept'],
  ];
  for (const [input, expected] of cases) {
    it(`decodes ${JSON.stringify(input)}`, () => assert.deepEqual(anyValueFromJson(input, 'v'), expected));
  }

  it('decodes doubleValue "NaN"', () => assert.ok(Number.isNaN(anyValueFromJson({ doubleValue: 'NaN' }, 'v') as number)));

  it('round-trips the model encoder', () => {
    const v = new KeyValueList([{ key: 'a', value: [1n, 2.5, 'x', true, new Uint8Array([9])] }]);
    assert.deepEqual(anyValueFromJson(anyValueToOtlpJson(v), 'v'), v);
  });

  const bad: Array<[unknown, RegExp]> = [
    [{ intValue: '1.5' }, /attributes\[0\]\.value\.intValue must be a 64-bit integer/],
    [{ intValue: '9223372036854775808' }, /within the int64 range/],
    [{ intValue: 1.5 }, /intValue must be a 64-bit integer/],
    [{ doubleValue: 'abc' }, /doubleValue must be a number/],
    [{ bytesValue: 'not base64!' }, /bytesValue must be base64/],
    [{ stringValue: 5 }, /stringValue must be a string, got number 5/],
    [{ boolValue: 'yes' }, /boolValue must be a boolean/],
    [{ arrayValue: { values: {} } }, /arrayValue\.values must be an array/],
    ['str', /value must be an object/],
    [[1], /value must be an object, got an array/],
  ];
  for (const [input, re] of bad) {
    it(`rejects ${JSON.stringify(input)} with a path`, () => {
      assert.match(badInputMessage(() => attributesFromJson([{ key: 'k', value: input }], 'attributes')), re);
    });
  }

  it('rejects hostile nesting instead of overflowing the stack', () => {
    let v: unknown = { stringValue: 'leaf' };
    for (let i = 0; i < 10_000; i++) v = { arrayValue: { values: [v] } };
    assert.match(badInputMessage(() => anyValueFromJson(v, 'v')), /nested at most/);
  });
});

describe('attributesFromJson', () => {
  it('treats null/absent as empty and rejects non-arrays and non-objects', () => {
    assert.deepEqual(attributesFromJson(undefined, 'a'), []);
    assert.deepEqual(attributesFromJson(null, 'a'), []);
    assert.match(badInputMessage(() => attributesFromJson({}, 'a')), /a must be an array/);
    assert.match(badInputMessage(() => attributesFromJson([null], 'a')), /a\[0\] must be a KeyValue object/);
    assert.match(badInputMessage(() => attributesFromJson([{ key: 1 }], 'a')), /a\[0\]\.key must be a string/);
  });
});

describe('resourceFromJson / scopeFromJson', () => {
  it('decodes every field, in both casings', () => {
    assert.deepEqual(resourceFromJson({ attributes: [{ key: 'a', value: { intValue: 1 } }], droppedAttributesCount: 2 }, 'r'), {
      attributes: [{ key: 'a', value: 1n }],
      droppedAttributesCount: 2,
    });
    assert.deepEqual(resourceFromJson({ dropped_attributes_count: '4' }, 'r').droppedAttributesCount, 4);
    assert.deepEqual(scopeFromJson({ name: 'n', version: 'v', attributes: [], droppedAttributesCount: 1, extra: 1 }, 's'), {
      name: 'n',
      version: 'v',
      attributes: [],
      droppedAttributesCount: 1,
    });
    assert.deepEqual(scopeFromJson(undefined, 's'), { name: '', version: '', attributes: [], droppedAttributesCount: 0 });
  });
});

describe('json field readers', () => {
  it('reads 64-bit integers exactly', () => {
    assert.equal(jsonInt64('18446744073709551615', 'x', false), 18446744073709551615n);
    assert.equal(jsonInt64(1544712660, 'x', false), 1544712660n);
    assert.match(badInputMessage(() => jsonInt64('-1', 'x', false)), /within the uint64 range/);
    assert.match(badInputMessage(() => jsonInt64('1e3', 'x', false)), /unsigned 64-bit integer/);
  });

  it('reads uint32 and enums', () => {
    assert.equal(jsonUint32('7', 'x'), 7);
    assert.match(badInputMessage(() => jsonUint32(-1, 'x')), /unsigned 32-bit/);
    assert.equal(jsonEnum('SPAN_KIND_SERVER', 'k', { SPAN_KIND_SERVER: 2 }), 2);
    assert.equal(jsonEnum(3, 'k', {}), 3);
    assert.equal(jsonEnum('3', 'k', {}), 3);
    assert.match(badInputMessage(() => jsonEnum('SERVER', 'kind', { SPAN_KIND_SERVER: 2 })), /kind must be an enum number or name/);
  });

  it('reads hex ids, lowercased', () => {
    assert.equal(jsonHexId('5B8EFFF798038103D269B633813FC60C'), '5b8efff798038103d269b633813fc60c');
    assert.equal(jsonHexId(undefined), '');
    assert.equal(jsonHexId('W4785/mAgQPSabYzgT/GDA=='), undefined);
    assert.equal(jsonHexId('abc'), undefined);
    assert.equal(jsonHexId(12), undefined);
  });

  it('parses bodies and reports invalid JSON and UTF-8 as badInput', () => {
    assert.deepEqual(parseJsonBody(new TextEncoder().encode('{"a":1}'), 'R'), { a: 1 });
    assert.match(badInputMessage(() => parseJsonBody('{"a":', 'ExportLogsServiceRequest')), /malformed ExportLogsServiceRequest JSON/);
    assert.match(badInputMessage(() => parseJsonBody(new Uint8Array([0x7b, 0xff, 0x7d]), 'R')), /not valid UTF-8/);
  });
});
