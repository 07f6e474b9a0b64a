import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { StringInterner } from './string-interner.js';

describe('StringInterner', () => {
  it('returns equal strings, and keeps at most maxEntries before starting over', () => {
    const strings = new StringInterner(3);
    // Built at run time, so the engine cannot share them as literals.
    const a = ['j', 'o', 'b'].join('');
    assert.equal(strings.intern(a), 'job');
    assert.equal(strings.intern(['j', 'ob'].join('')), 'job');
    for (const s of ['x', 'y', 'z', 'w']) assert.equal(strings.intern(s), s);
    assert.ok(strings.size <= 3, `size ${strings.size}`);
    assert.equal(strings.intern('job'), 'job');
  });
});
