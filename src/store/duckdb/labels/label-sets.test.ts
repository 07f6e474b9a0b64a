import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compareCodePoints, compareLabelSets, decodeLabelSet, encodeLabelSet, labelSetKey, normalizeLabelSet } from './label-sets.js';

const l = (...pairs: [string, string][]) => pairs.map(([name, value]) => ({ name, value }));

describe('label sets', () => {
  it('keys are unambiguous even with separator-like characters and long strings', () => {
    const sets = [
      l(['a', 'x\u0001b\u0000y']),
      l(['a', 'x'], ['b', 'y']),
      l(['a', 'xb'], ['', 'y']),
      l(['ab', '']),
      l(['a', 'b']),
      l(['a', 'x'.repeat(70_000)]),
      l(['a', 'x'.repeat(70_000 - 3)], ['b', 'c']),
    ];
    const keys = new Set(sets.map((s) => labelSetKey(1, s)));
    assert.equal(keys.size, sets.length);
    assert.notEqual(labelSetKey(1, l(['a', 'b'])), labelSetKey(12, l(['a', 'b'])));
  });

  it('normalizes: sorted by name, empty values dropped, unusable sets rejected', () => {
    assert.deepEqual(normalizeLabelSet(l(['b', '2'], ['a', '1'], ['c', ''])), l(['a', '1'], ['b', '2']));
    const clean = l(['a', '1']);
    assert.equal(normalizeLabelSet(clean), clean, 'already normal sets are not copied');
    assert.equal(normalizeLabelSet(l(['a', '1'], ['a', '2'])), null);
    assert.equal(normalizeLabelSet(l(['', '1'])), null);
    assert.equal(normalizeLabelSet(l(['a', ''])), null);
  });

  it('orders by code point (UTF-8 byte order), not UTF-16 units', () => {
    assert.ok(compareCodePoints('\uffff', '\u{10000}') < 0);
    assert.ok(compareCodePoints('a', 'ab') < 0);
    assert.ok(compareLabelSets(l(['a', '1']), l(['a', '1'], ['b', '2'])) < 0);
    assert.ok(compareLabelSets(l(['a', '2']), l(['a', '1'], ['b', '2'])) > 0);
  });

  it('encodes to JSON text and back', () => {
    const s = l(['__name__', 'up'], ['q', '"\\\n']);
    assert.deepEqual(decodeLabelSet(encodeLabelSet(s)), s);
  });
});
