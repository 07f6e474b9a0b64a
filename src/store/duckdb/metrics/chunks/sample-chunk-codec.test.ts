import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { GrowableFloat64 } from '../../../../model/growable.js';
import { STALE_NAN, isStaleNaN } from '../../../../model/index.js';
import { decodeSampleChunk, encodeSampleChunk, sampleChunkCount } from './sample-chunk-codec.js';

function roundTrip(ts: number[], values: number[], startMs = -Infinity, endMs = Infinity): { ts: number[]; values: number[]; bytes: number } {
  const chunk = encodeSampleChunk(Float64Array.from(ts), Float64Array.from(values), 0, ts.length);
  assert.equal(sampleChunkCount(chunk), ts.length);
  const outTs = new GrowableFloat64(4);
  const outV = new GrowableFloat64(4);
  outTs.push(-1); // decoding appends after what is there
  outV.push(-1);
  const n = decodeSampleChunk(chunk, startMs, endMs, outTs, outV);
  assert.equal(outTs.length, n + 1);
  return { ts: [...outTs.view().subarray(1)], values: [...outV.view().subarray(1)], bytes: chunk.length };
}

function sameBits(a: number, b: number): boolean {
  const x = new Float64Array([a, b]);
  const w = new Uint32Array(x.buffer);
  return w[0] === w[2] && w[1] === w[3];
}

describe('sample chunk codec', () => {
  const base = 1_764_000_000_000;
  const regular = Array.from({ length: 240 }, (_, i) => base + i * 15_000);

  it('keeps integer counters exactly in about a byte per sample', () => {
    let v = 1000;
    const values = regular.map((_, i) => (v += (i * 7919) % 13));
    const out = roundTrip(regular, values);
    assert.deepEqual(out.ts, regular);
    assert.deepEqual(out.values, values);
    assert.ok(out.bytes < 240 * 1.2, `${out.bytes} bytes`);
  });

  it('keeps decimal gauges, irregular timestamps and negative times exactly', () => {
    const ts = [-5_000, -4_000, -2_999, 0, 1, 17, 100_000, 100_015, 9_000_000_000_000];
    const values = [0.005, -1.25, 3.333, 1e-9, 123456.789, -0.001, 42, 7.5, 0.1 + 0.2];
    const out = roundTrip(ts, values);
    assert.deepEqual(out.ts, ts);
    assert.deepEqual(out.values, values);
  });

  it('keeps any bits with XOR: NaN payloads, the stale marker, infinities, -0, tiny and huge values', () => {
    const odd = [STALE_NAN, NaN, Infinity, -Infinity, -0, 0, Number.MIN_VALUE, Number.MAX_VALUE, -Number.MAX_VALUE, Math.PI, 1 / 3, 2 ** 60, STALE_NAN];
    const ts = odd.map((_, i) => base + i * 1000 + (i % 3));
    const out = roundTrip(ts, odd);
    assert.deepEqual(out.ts, ts);
    odd.forEach((v, i) => assert.ok(sameBits(out.values[i] as number, v) || (isStaleNaN(v) && isStaleNaN(out.values[i] as number)), `value ${i}`));
    assert.ok(isStaleNaN(out.values[0] as number));
    assert.ok(Object.is(out.values[4], -0));
  });

  it('keeps random doubles bit for bit', () => {
    let seed = 12345;
    const rnd = (): number => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const values = regular.map(() => (rnd() - 0.5) * 10 ** Math.floor(rnd() * 30 - 15));
    const out = roundTrip(regular, values);
    values.forEach((v, i) => assert.ok(sameBits(out.values[i] as number, v), `value ${i}: ${v} vs ${out.values[i]}`));
  });

  it('falls back to raw timestamps beyond 2^50 ms and to wide deltas on jumps', () => {
    const ts = [-(2 ** 52), 0, 2 ** 51, 2 ** 52];
    const out = roundTrip(ts, [1, 2, 3, 4]);
    assert.deepEqual(out.ts, ts);
    const jumpy = [0, 1, 10_000_000, 10_000_001, 2 ** 49, 2 ** 50];
    assert.deepEqual(roundTrip(jumpy, [5, 5, 5, 5, 5, 5]).ts, jumpy);
  });

  it('handles counter resets and single samples', () => {
    assert.deepEqual(roundTrip([base], [17.5]).values, [17.5]);
    const values = [2 ** 50, 3, 2 ** 50 - 1, 0, 1];
    assert.deepEqual(roundTrip(regular.slice(0, 5), values).values, values);
  });

  it('returns only the samples inside the asked range, bounds included', () => {
    const values = regular.map((_, i) => i);
    const out = roundTrip(regular, values, base + 15_000, base + 45_000);
    assert.deepEqual(out.ts, [base + 15_000, base + 30_000, base + 45_000]);
    assert.deepEqual(out.values, [1, 2, 3]);
    assert.deepEqual(roundTrip(regular, values, base + 1, base + 2).ts, []);
  });

  it('refuses a truncated or unknown chunk', () => {
    const chunk = encodeSampleChunk(Float64Array.from(regular), Float64Array.from(regular.map(Math.sqrt)), 0, regular.length);
    const g = (): GrowableFloat64 => new GrowableFloat64(4);
    assert.throws(() => decodeSampleChunk(chunk.subarray(0, chunk.length >> 1), 0, Infinity, g(), g()), /truncated/);
    assert.throws(() => decodeSampleChunk(Uint8Array.from([9, 0, 0, 0, 1]), 0, Infinity, g(), g()), /version 9/);
  });
});
