import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { DurationExpr, Expr } from './index.js';
import { constantDurationMs, evaluateDuration, parseExpr } from './index.js';

function rangeOf(query: string): DurationExpr {
  const e: Expr = parseExpr(query);
  const inner = e.kind === 'call' ? e.args[0] : e;
  if (inner?.kind === 'matrixSelector') return inner.range;
  if (inner?.kind === 'subquery') return inner.range;
  throw new Error(`no range in ${query}`);
}

function offsetOf(query: string): DurationExpr {
  const e = parseExpr(query);
  if (e.kind === 'vectorSelector' && e.offset !== undefined) return e.offset;
  throw new Error(`no offset in ${query}`);
}

const ctx = { stepMs: 5000, rangeMs: 10_000 };

describe('evaluateDuration', () => {
  const ranges: Array<[string, number]> = [
    ['x[30m]', 1_800_000],
    ['x[26m+4m]', 1_800_000],
    ['x[1800]', 1_800_000],
    ['x[60*30]', 1_800_000],
    ['x[2m*(10+5)]', 1_800_000],
    ['x[24m+((1.5*2m)+2m)]', 1_740_000],
    ['x[-5m+35m]', 1_800_000],
    ['x[1h/2]', 1_800_000],
    ['x[1h30m % 1h]', 1_800_000],
    ['x[30m1s-30m1s % 1m]', 1_800_000],
    ['x[(9m30s+30s)*3]', 1_800_000],
    ['x[step()]', 5000],
    ['x[step()+1ms]', 5001],
    ['x[1+(STep()-5)*2]', 1000],
    ['x[min_of(step()+1,1h)]', 6000],
    ['x[max_of(min_of(step()+1,1h),1ms)]', 6000],
    ['x[range()]', 10_000],
    ['x[2^3]', 8000],
    ['x[1.0005]', 1000],
  ];
  for (const [q, ms] of ranges) it(q, () => assert.equal(evaluateDuration(rangeOf(q), ctx), ms));

  const offsets: Array<[string, number]> = [
    ['x offset -(20*(((((8 - 2) / 3) * 7s) % 4) + 8000ms))', -200_000],
    ['x offset (-step()*2)', -10_000],
    ['x offset (STEP()/10)', 500],
    ['x offset min_of(step(), 1s)', 1000],
    ['x offset -5m', -300_000],
  ];
  for (const [q, ms] of offsets) it(q, () => assert.equal(evaluateDuration(offsetOf(q), { ...ctx, allowNegative: true }), ms));

  it('rejects a non-positive range with Prometheus text', () => {
    assert.throws(() => evaluateDuration(rangeOf('x[step()-5s]'), ctx), { message: '2:11: duration must be greater than 0' });
    assert.throws(() => evaluateDuration(rangeOf('x[step()]'), { stepMs: 0, rangeMs: 0 }), { message: '2:8: duration must be greater than 0' });
  });
  it('rejects division by a zero step', () => {
    assert.throws(() => evaluateDuration(rangeOf('x[1m/step()]'), { stepMs: 0, rangeMs: 0 }), { message: '2:11: division by zero' });
  });
});

describe('constantDurationMs', () => {
  it('evaluates constant expressions', () => assert.equal(constantDurationMs(rangeOf('x[1m+30s]')), 90_000));
  it('is undefined with step() or range()', () => {
    assert.equal(constantDurationMs(rangeOf('x[step()]')), undefined);
    assert.equal(constantDurationMs(rangeOf('x[min_of(range(), 1m)]')), undefined);
  });
});
