import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { KeyValueList, decodeAttributes, encodeAttributes } from './index.js';
import type { Attributes } from './index.js';

describe('attribute storage encoding', () => {
  it('round-trips every AnyValue type exactly', () => {
    const attrs: Attributes = [
      { key: 's', value: 'text "quoted" é' },
      { key: 'b', value: true },
      { key: 'i', value: 42n },
      { key: 'neg', value: -7n },
      { key: 'big', value: 9223372036854775807n },
      { key: 'small', value: -9223372036854775808n },
      { key: 'd', value: 0.75 },
      { key: 'dint', value: 3 },
      { key: 'negzero', value: -0 },
      { key: 'nan', value: NaN },
      { key: 'inf', value: -Infinity },
      { key: 'bytes', value: new Uint8Array([0, 255, 16]) },
      { key: 'arr', value: ['a', 1n, 2.5, false, null] },
      { key: 'kv', value: new KeyValueList([{ key: 'inner', value: 5n }, { key: 'x', value: new KeyValueList([]) }]) },
      { key: 'empty', value: null },
      { key: 'dup', value: 'first' },
      { key: 'dup', value: 'second' },
    ];
    const back = decodeAttributes(encodeAttributes(attrs));
    assert.deepEqual(back, attrs);
    assert.ok(Object.is(back[8]?.value, -0));
    assert.equal(typeof back[7]?.value, 'number', 'an integral double stays a double');
    assert.equal(typeof back[2]?.value, 'bigint', 'an int stays an int');
  });

  it('is compact for the common types', () => {
    assert.equal(encodeAttributes([{ key: 'http.method', value: 'GET' }, { key: 'http.status_code', value: 200n }]), '["http.method","GET","http.status_code",200]');
    assert.equal(encodeAttributes([]), '[]');
  });
});
