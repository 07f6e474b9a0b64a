import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AvgAccumulator, KahanSum, quantile, SumAccumulator, VarianceAccumulator } from './index.js';
import type { PrometheusVersion } from './index.js';

function sum(values: number[], version: PrometheusVersion): number {
  const acc = new SumAccumulator(version);
  for (const v of values) acc.add(v);
  return acc.value();
}

function avg(values: number[], version: PrometheusVersion, compensated?: boolean): number {
  const acc = new AvgAccumulator(version, compensated);
  for (const v of values) acc.add(v);
  return acc.value();
}

function variance(values: number[], version: PrometheusVersion): VarianceAccumulator {
  const acc = new VarianceAccumulator(version);
  for (const v of values) acc.add(v);
  return acc;
}

const big = 9.988465674311579e307;

describe('quantile', () => {
  it('interpolates by rank φ·(n−1)', () => {
    assert.equal(quantile(0.5, [0, 1, 4]), 1);
    assert.equal(quantile(0.75, [4, 0, 1]), 2.5);
    assert.equal(quantile(0.8, Float64Array.of(2, 0, 1)), 1.6);
    assert.equal(quantile(0, [3, 1, 2]), 1);
    assert.equal(quantile(1, [3, 1, 2]), 3);
  });
  it('handles φ outside [0, 1], NaN φ and no values', () => {
    assert.equal(quantile(-1, [1]), -Infinity);
    assert.equal(quantile(2, [1]), Infinity);
    assert.ok(Number.isNaN(quantile(NaN, [1])));
    assert.ok(Number.isNaN(quantile(-1, [])));
  });
  it('sorts NaN before every number', () => {
    assert.ok(Number.isNaN(quantile(0, [1, NaN, 2])));
    assert.equal(quantile(1, [1, NaN, 2]), 2);
    assert.equal(quantile(0.5, [NaN, 2, 1]), 1);
  });
  it('uses only the first n values and sorts them in place', () => {
    const buf = Float64Array.of(5, 1, 3, 100, 100);
    assert.equal(quantile(0.5, buf, 3), 3);
    assert.deepEqual([...buf], [1, 3, 5, 100, 100]);
    const arr = [3, 1, 2];
    quantile(0.5, arr);
    assert.deepEqual(arr, [3, 1, 2]);
  });
});

describe('KahanSum', () => {
  it('keeps small terms next to huge ones', () => {
    const k = new KahanSum();
    for (const v of [1, 1e100, 1, -1e100]) k.add(v);
    assert.equal(k.value(), 2);
    k.reset();
    assert.equal(k.value(), 0);
  });
  it('returns an overflowed sum as ±Inf in both versions', () => {
    for (const version of ['v3', 'v2.42'] as const) {
      const k = new KahanSum(version);
      k.add(big);
      k.add(big);
      assert.equal(k.value(), Infinity);
    }
  });
});

describe('sum aggregation', () => {
  it('3.x compensates, 2.42 adds plainly (aggregators.test "ten")', () => {
    assert.equal(sum([2, 8, 1e100, -1e100], 'v3'), 10);
    assert.equal(sum([2, 8, 1e100, -1e100], 'v2.42'), 0);
    assert.equal(sum([Infinity, 2], 'v3'), Infinity);
    assert.ok(Number.isNaN(sum([Infinity, -Infinity], 'v3')));
  });
});

describe('avg aggregation', () => {
  it('matches aggregators.test in 3.x', () => {
    assert.equal(avg([2, 8, 1e100, -1e100], 'v3'), 2.5);
    assert.equal(avg([Infinity, 0, Infinity], 'v3'), Infinity);
    assert.equal(avg([-Infinity, 0, -Infinity], 'v3'), -Infinity);
    assert.ok(Number.isNaN(avg([Infinity, Infinity, -Infinity], 'v3')));
    assert.ok(Number.isNaN(avg([-Infinity, 0, Infinity], 'v3')));
    assert.equal(avg([big, big, big, big], 'v3'), big);
    assert.equal(avg([-big, -big, -big, -big], 'v3'), -big);
    assert.equal(avg([-big, -big, big, big], 'v3'), 0);
    assert.equal(avg([Infinity, 2], 'v3'), Infinity);
  });
  it('2.42 is a plain incremental mean that keeps infinities', () => {
    assert.equal(avg([2, 8, 1e100, -1e100], 'v2.42', false), 0);
    assert.equal(avg([1, 2, 3, 4], 'v2.42', false), 2.5);
    assert.equal(avg([Infinity, 0, Infinity], 'v2.42', false), Infinity);
    assert.ok(Number.isNaN(avg([Infinity, -Infinity], 'v2.42', false)));
    assert.equal(avg([big, big, big, big], 'v2.42', false), big);
    assert.ok(Object.is(avg([-0], 'v2.42', false), -0));
  });
  it('is NaN when empty', () => {
    assert.ok(Number.isNaN(new AvgAccumulator().value()));
  });
});

describe('stddev/stdvar aggregation', () => {
  const http = [100, 200, 300, 400, 500, 600, 700, 800];
  it('matches aggregators.test', () => {
    assert.equal(variance(http, 'v3').variance(), 52500);
    assert.ok(Math.abs(variance(http, 'v3').stddev() - 229.12878474779) < 1e-9);
    assert.equal(variance([100, 300, 500, 700], 'v3').variance(), 50000);
    assert.equal(variance([13.3, 13.3, 13.3], 'v3').stddev(), 0);
    assert.equal(variance([1, 2], 'v3').stddev(), 0.5);
    assert.ok(Number.isNaN(variance([1, 2, NaN], 'v3').variance()));
    assert.ok(Number.isNaN(variance([NaN, 1, 2], 'v3').variance()));
  });
  it('differs on a lone infinite sample: NaN in 3.x, 0 in 2.42', () => {
    assert.ok(Number.isNaN(variance([Infinity], 'v3').stddev()));
    assert.equal(variance([Infinity], 'v2.42').stddev(), 0);
    assert.equal(variance([7], 'v2.42').variance(), 0);
  });
});
