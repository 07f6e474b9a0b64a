import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { SnappyDecodeError, snappyDecode, snappyEncode, snappyMaxEncodedLength } from './index.js';

const MiB = 1 << 20;

function roundTrip(input: Uint8Array): Uint8Array {
  const encoded = snappyEncode(input);
  assert.ok(encoded.length <= snappyMaxEncodedLength(input.length), 'encoded size within the bound');
  const decoded = snappyDecode(encoded, input.length);
  assert.deepEqual(Buffer.from(decoded), Buffer.from(input));
  return encoded;
}

function expectCorrupt(bytes: number[] | Uint8Array, limit = MiB, match?: RegExp): void {
  assert.throws(
    () => snappyDecode(Uint8Array.from(bytes), limit),
    (e: unknown) => e instanceof SnappyDecodeError && !e.tooLarge && (match === undefined || match.test(e.message)),
  );
}

describe('snappy round trip', () => {
  it('empty input', () => assert.deepEqual([...roundTrip(new Uint8Array(0))], [0]));
  it('one byte', () => void roundTrip(Uint8Array.of(42)));
  it('incompressible random bytes', () => void roundTrip(randomBytes(100_000)));
  it('long literal lengths (1..4 extra length bytes)', () => {
    for (const n of [59, 60, 61, 255, 256, 257, 65_535, 65_536, 70_000, 16_777_217]) roundTrip(randomBytes(n));
  });
  it('repetitive text compresses', () => {
    const text = Buffer.from('http_requests_total{method="GET",code="200"} 1027\n'.repeat(2000));
    assert.ok(roundTrip(text).length < text.length / 10);
  });
  it('long zero runs (overlapping copies)', () => void roundTrip(new Uint8Array(300_000)));
  it('mixed content with far and near repeats', () => {
    const parts: Buffer[] = [];
    for (let i = 0; i < 200; i++) parts.push(randomBytes(i % 50), Buffer.from(`series_${i % 7}_label`), Buffer.alloc(i % 90, i));
    roundTrip(Buffer.concat(parts));
  });
});

describe('snappy decoding of hand-made blocks', () => {
  it('literal then overlapping 1-byte-offset copy', () => {
    // "abc" then copy of 9 bytes at offset 3 -> "abcabcabcabc"
    assert.equal(Buffer.from(snappyDecode(Uint8Array.of(12, 0x08, 97, 98, 99, 0x15, 3), 100)).toString(), 'abcabcabcabc');
  });
  it('2-byte and 4-byte offset copies', () => {
    assert.equal(Buffer.from(snappyDecode(Uint8Array.of(6, 0x04, 120, 121, 0x0e, 2, 0), 100)).toString(), 'xyxyxy');
    assert.equal(Buffer.from(snappyDecode(Uint8Array.of(6, 0x04, 120, 121, 0x0f, 2, 0, 0, 0), 100)).toString(), 'xyxyxy');
  });
});

describe('snappy hostile input', () => {
  it('empty input', () => expectCorrupt([], MiB, /truncated length preamble/));
  it('truncated preamble', () => expectCorrupt([0x80, 0x80]));
  it('preamble longer than 5 bytes', () => expectCorrupt([0x80, 0x80, 0x80, 0x80, 0x80, 0x01]));
  it('declared length over 2^32-1', () => expectCorrupt([0xff, 0xff, 0xff, 0xff, 0x7f]));
  it('declared length over the limit is refused before allocating', () => {
    const start = process.hrtime.bigint();
    assert.throws(
      () => snappyDecode(Uint8Array.of(0xff, 0xff, 0xff, 0xff, 0x0f, 0x00, 0x61), 32 * MiB),
      (e: unknown) => e instanceof SnappyDecodeError && e.tooLarge && /4294967295 decoded bytes, over the limit of 33554432/.test(e.message),
    );
    assert.ok(process.hrtime.bigint() - start < 50_000_000n);
  });
  it('declared length larger than the content', () => expectCorrupt([5, 0x00, 97], MiB, /decoded 1 bytes, the preamble declares 5/));
  it('literal past the input', () => expectCorrupt([10, 0x24, 97, 98], MiB, /runs past the input/));
  it('literal past the declared length', () => expectCorrupt([1, 0x04, 97, 98], MiB, /past the declared length/));
  it('truncated literal length bytes', () => expectCorrupt([100, 0xf0, 1]));
  it('copy with offset 0', () => expectCorrupt([5, 0x00, 97, 0x01, 0x00], MiB, /offset 0/));
  it('copy reaching before the start', () => expectCorrupt([6, 0x00, 97, 0x05, 0x02], MiB, /offset 2 outside the 1 bytes/));
  it('copy past the declared length', () => expectCorrupt([3, 0x00, 97, 0x05, 0x01], MiB, /past the declared length/));
  it('truncated copies', () => {
    expectCorrupt([5, 0x00, 97, 0x01]);
    expectCorrupt([5, 0x00, 97, 0x02, 0x01]);
    expectCorrupt([5, 0x00, 97, 0x03, 0x01, 0x00, 0x00]);
  });
  it('a copy as the first element', () => expectCorrupt([4, 0x0e, 1, 0]));
  it('random garbage only ever throws SnappyDecodeError', () => {
    for (let i = 0; i < 20_000; i++) {
      const junk = randomBytes(1 + (i % 64));
      try {
        snappyDecode(junk, 4096);
      } catch (e) {
        assert.ok(e instanceof SnappyDecodeError, `unexpected ${String(e)}`);
      }
    }
  });
  it('mutated valid blocks only ever throw SnappyDecodeError or decode', () => {
    const valid = snappyEncode(Buffer.from('remote_write{job="a"} 1\n'.repeat(40)));
    for (let i = 0; i < 20_000; i++) {
      const m = Uint8Array.from(valid);
      for (let k = 0; k < 3; k++) m[(i * 7 + k * 13) % m.length] = (i * 31 + k) & 0xff;
      const cut = m.subarray(0, i % 5 === 0 ? m.length >> 1 : m.length);
      try {
        snappyDecode(cut, 8192);
      } catch (e) {
        assert.ok(e instanceof SnappyDecodeError, `unexpected ${String(e)}`);
      }
    }
  });
});
