import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { clampIsEmpty, dateField, elementwiseKernels } from './index.js';

function call(name: string, v: number, params: number[] = []): number {
  const kernel = elementwiseKernels.get(name);
  assert.ok(kernel, `kernel ${name}`);
  return kernel(v, params);
}

const specials = [2.5, 2, -2.5, -2, 0, -0, Infinity, -Infinity, NaN];

describe('elementwise kernels', () => {
  it('abs, ceil, floor, round as in functions.test', () => {
    assert.deepEqual(specials.map((v) => call('abs', v)), [2.5, 2, 2.5, 2, 0, 0, Infinity, Infinity, NaN]);
    assert.deepEqual(specials.map((v) => call('ceil', v)), [3, 2, -2, -2, 0, -0, Infinity, -Infinity, NaN]);
    assert.deepEqual(specials.map((v) => call('floor', v)), [2, 2, -3, -2, 0, -0, Infinity, -Infinity, NaN]);
    assert.deepEqual(specials.map((v) => call('round', v)), [3, 2, -2, -2, 0, 0, Infinity, -Infinity, NaN]);
  });
  it('round to a multiple via the inverse, ties up', () => {
    assert.equal(call('round', 12.345, [0.01]), 12.35);
    assert.equal(call('round', 5, [10]), 10);
    assert.ok(Object.is(call('round', -5, [10]), 0));
    assert.ok(Object.is(call('round', -6, [10]), -10));
    assert.equal(call('round', 0.3, [0.1]), 0.3);
  });
  it('sgn keeps zero and NaN', () => {
    assert.deepEqual([-Infinity, Infinity, NaN, -50, 0, 100].map((v) => call('sgn', v)), [-1, 1, NaN, -1, 0, 1]);
  });
  it('clamp family with Go min/max semantics', () => {
    assert.deepEqual([-50, 0, 100].map((v) => call('clamp_max', v, [75])), [-50, 0, 75]);
    assert.deepEqual([-50, 0, 100].map((v) => call('clamp_min', v, [-25])), [-25, 0, 100]);
    assert.deepEqual([-50, 0, 100].map((v) => call('clamp', v, [-25, 75])), [-25, 0, 75]);
    assert.deepEqual([-50, 0, 100].map((v) => call('clamp', v, [0, NaN])), [NaN, NaN, NaN]);
    assert.deepEqual([-50, 0, 100].map((v) => call('clamp', v, [NaN, 0])), [NaN, NaN, NaN]);
    // Go's Max(+Inf, NaN) is +Inf where JS Math.max gives NaN.
    assert.equal(call('clamp_min', NaN, [Infinity]), Infinity);
    assert.equal(call('clamp_max', NaN, [-Infinity]), -Infinity);
    assert.equal(clampIsEmpty(5, -5), true);
    assert.equal(clampIsEmpty(-25, 75), false);
    assert.equal(clampIsEmpty(0, NaN), false);
  });
  it('logarithms follow Go (log10 as ln·log10(e), log2 exact on powers of two)', () => {
    assert.equal(call('log2', 8), 3);
    assert.equal(call('log2', 0.5), -1);
    assert.equal(call('log2', 2 ** -1074), -1074);
    assert.equal(call('log2', 0), -Infinity);
    assert.ok(Number.isNaN(call('log2', -1)));
    assert.equal(call('log2', Infinity), Infinity);
    assert.equal(call('log2', 10), Math.log(0.625) * Math.LOG2E + 4);
    assert.equal(call('log10', 1000), Math.log(1000) * Math.LOG10E);
    assert.equal(call('log10', 100), 2);
    assert.equal(call('log10', 0), -Infinity);
    assert.equal(call('ln', Math.E), 1);
    assert.equal(call('exp', 0), 1);
    assert.equal(call('sqrt', 16), 4);
  });
  it('trigonometry and angle conversion', () => {
    assert.equal(call('deg', Math.PI), 180);
    assert.equal(call('rad', 180), Math.PI);
    assert.equal(call('sin', 0), 0);
    assert.equal(call('cos', 0), 1);
    assert.ok(Math.abs(call('tan', Math.PI / 4) - 1) < 1e-15);
    assert.equal(call('asin', 1), Math.PI / 2);
    assert.equal(call('acos', 1), 0);
    assert.equal(call('atan', Infinity), Math.PI / 2);
    assert.equal(call('sinh', 0), 0);
    assert.equal(call('cosh', 0), 1);
    assert.equal(call('tanh', Infinity), 1);
    assert.equal(call('asinh', 0), 0);
    assert.equal(call('acosh', 1), 0);
    assert.equal(call('atanh', 1), Infinity);
    assert.ok(Number.isNaN(call('acosh', 0)));
  });
});

describe('date kernels', () => {
  it('match functions.test', () => {
    assert.equal(call('year', 0), 1970);
    assert.equal(call('year', 1136239445), 2006);
    assert.equal(call('month', 0), 1);
    assert.equal(call('month', 1136239445), 1);
    assert.equal(call('day_of_month', 1136239445), 2);
    assert.equal(call('day_of_year', 0), 1);
    assert.equal(call('day_of_year', 1136239445), 2);
    assert.equal(call('day_of_week', 0), 4);
    assert.equal(call('day_of_week', 1136239445), 1);
    assert.equal(call('hour', 1136239445), 22);
    assert.equal(call('minute', 1136239445), 4);
    assert.equal(call('year', 1230767999), 2008);
    assert.equal(call('year', 1230768000), 2009);
    assert.equal(call('month', 1456790399) + call('day_of_month', 1456790399) / 100, 2.29);
    assert.equal(call('month', 1456790400) + call('day_of_month', 1456790400) / 100, 3.01);
    assert.equal(call('day_of_year', 1483191420), 366);
    assert.equal(call('day_of_year', 1672493820), 365);
    assert.equal(call('days_in_month', 1454284800), 29);
    assert.equal(call('days_in_month', 1485907200), 28);
  });
  it('truncate toward zero like Go int64(v), then count back for negatives', () => {
    // -1.5 truncates to -1: 1969-12-31T23:59:59Z, a Wednesday.
    assert.equal(call('year', -1.5), 1969);
    assert.equal(call('day_of_month', -1.5), 31);
    assert.equal(call('hour', -1.5), 23);
    assert.equal(call('minute', -1.5), 59);
    assert.equal(call('day_of_week', -1.5), 3);
    assert.equal(call('hour', 3599.9), 0);
  });
  it('agree with JS Date across leap rules and eras', () => {
    for (let s = -62135596800; s < 253402300800; s += 86400 * 37 + 3671) {
      const d = new Date(s * 1000);
      assert.equal(dateField('year', s), d.getUTCFullYear());
      assert.equal(dateField('month', s), d.getUTCMonth() + 1);
      assert.equal(dateField('day_of_month', s), d.getUTCDate());
      assert.equal(dateField('day_of_week', s), d.getUTCDay());
      assert.equal(dateField('hour', s), d.getUTCHours());
      assert.equal(dateField('minute', s), d.getUTCMinutes());
    }
    assert.equal(dateField('days_in_month', Date.UTC(2000, 1, 10) / 1000), 29);
    assert.equal(dateField('days_in_month', Date.UTC(1900, 1, 10) / 1000), 28);
    assert.equal(dateField('day_of_year', Date.UTC(2000, 11, 31) / 1000), 366);
  });
  it('give NaN where Go would convert an unrepresentable int64', () => {
    assert.ok(Number.isNaN(dateField('year', NaN)));
    assert.ok(Number.isNaN(dateField('year', Infinity)));
    assert.ok(Number.isNaN(dateField('year', 1e19)));
  });
});
