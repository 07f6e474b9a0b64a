import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { xxhash64 } from './xxhash64.js';

const bytes = (s: string): Uint8Array => new TextEncoder().encode(s);

describe('xxhash64', () => {
  // Reference values of XXH64 with seed 0 (xxHash's published test vectors / cespare/xxhash).
  it('matches the reference for short and long inputs', () => {
    assert.equal(xxhash64(bytes('')), 0xef46db3751d8e999n);
    assert.equal(xxhash64(bytes('a')), 0xd24ec4f1a98c6e5bn);
    assert.equal(xxhash64(bytes('as')), 0x1c330fb2d66be179n);
    assert.equal(xxhash64(bytes('asd')), 0x631c37ce72a97393n);
    assert.equal(xxhash64(bytes('asdf')), 0x415872f599cea71en);
    assert.equal(xxhash64(bytes('Call me Ishmael. Some years ago--never mind how long precisely-')), 0x02a2e85470d6fd96n);
  });
});
