import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Labels } from '../../model/index.js';
import { labelsFromRecord } from '../../model/index.js';
import { SeriesLabelCache } from './label-cache.js';

const enc = new TextEncoder();
const labelsOf = (i: number): Labels => labelsFromRecord({ __name__: 'm', i: String(i) });

describe('SeriesLabelCache', () => {
  it('finds every key it was given by its bytes, wherever they sit, and numbers entries from 0', () => {
    const cache = new SeriesLabelCache(20_000);
    // Keys that differ in one byte, at the end or in the middle, and keys that are prefixes of others.
    const keys = Array.from({ length: 10_000 }, (_, i) => enc.encode(i % 2 === 0 ? `job=node,instance=host-${i}` : `job=node-${i},x`));
    keys.push(enc.encode('job=node,instance=host-1'), enc.encode(''));
    keys.forEach((k, i) => assert.equal(cache.add(k, 0, k.length, labelsOf(i)), i));
    keys.forEach((k, i) => {
      // The same bytes inside a larger buffer, at an offset.
      const padded = new Uint8Array(k.length + 7);
      padded.set(k, 3);
      assert.equal(cache.find(padded, 3, 3 + k.length), i);
      assert.equal(cache.value(i), cache.value(cache.find(k, 0, k.length)));
    });
    assert.equal(cache.find(enc.encode('job=node,instance=host-10000'), 0, 28), -1);
    assert.equal(cache.find(enc.encode('job=node,instance=host-'), 0, 23), -1, 'a prefix of a key is another key');
    assert.deepEqual(cache.value(3), labelsOf(3));
  });

  it('takes no entries once full, and starts over (a new generation) when asked between requests after it refused one', () => {
    const cache = new SeriesLabelCache(3);
    const key = (i: number): Uint8Array => enc.encode(`k${i}`);
    for (let i = 0; i < 3; i++) assert.equal(cache.add(key(i), 0, 2, labelsOf(i)), i);
    cache.startOverIfFull();
    assert.equal(cache.generation, 0, 'full, but nothing was refused yet');
    assert.equal(cache.add(key(3), 0, 2, labelsOf(3)), -1);
    assert.equal(cache.find(key(2), 0, 2), 2, 'entries stay until the cache starts over');
    assert.equal(cache.generation, 0);
    cache.startOverIfFull();
    assert.equal(cache.generation, 1);
    assert.equal(cache.find(key(2), 0, 2), -1);
    assert.equal(cache.add(key(3), 0, 2, labelsOf(3)), 0);
    cache.startOverIfFull();
    assert.equal(cache.generation, 1, 'nothing refused since: nothing happens');
    assert.equal(cache.find(key(3), 0, 2), 0);
  });

  it('refuses label bytes beyond its byte budget like entries beyond its count', () => {
    const cache = new SeriesLabelCache(100, 10);
    const big = enc.encode('0123456789');
    assert.equal(cache.add(big, 0, 6, labelsOf(0)), 0);
    assert.equal(cache.add(big, 0, 5, labelsOf(1)), -1, '6 + 5 bytes are over the 10-byte budget');
    assert.equal(cache.add(big, 0, 4, labelsOf(2)), 1, 'what fits is still taken');
    cache.startOverIfFull();
    assert.equal(cache.generation, 1);
    assert.equal(cache.add(big, 0, 10, labelsOf(3)), 0);
  });
});
