import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Labels } from '../../../model/index.js';
import { STALE_NAN } from '../../../model/index.js';
import type { QueryValue } from '../engine/query-result.js';
import type { EvalCommand } from './index.js';
import { almostEqual, checkAnnotations, checkFailure, compareResult, compileRe2, parseScript, resultExpectationOf } from './index.js';

function evalOf(script: string): EvalCommand {
  const ev = parseScript(script).find((c) => c.kind === 'eval');
  assert.ok(ev?.kind === 'eval');
  return ev;
}

function compare(script: string, value: QueryValue): string | undefined {
  return compareResult(resultExpectationOf(evalOf(script)), value);
}

const foo = (extra: Record<string, string> = {}): Labels => [
  { name: '__name__', value: 'foo' },
  ...Object.entries(extra).map(([name, value]) => ({ name, value })),
];
const vector = (...samples: [Labels, number][]): QueryValue => ({
  type: 'vector',
  samples: samples.map(([labels, value]) => ({ labels, value, timestampMs: 0 })),
});

describe('almostEqual', () => {
  const cases: [number, number, boolean][] = [
    [1, 1, true],
    [1, 1 + 1e-9, true],
    [1, 1.00001, false],
    [1e300, 1.0000001e300, true],
    [0, 1e-300, false],
    [0, 1e-320, true],
    [0, 0, true],
    [0, -0, true],
    [NaN, NaN, true],
    [STALE_NAN, STALE_NAN, true],
    [STALE_NAN, NaN, false],
    [NaN, STALE_NAN, false],
    [Infinity, Infinity, true],
    [Infinity, -Infinity, false],
    [Infinity, 1e308, false],
    [1e-310, 1.1e-310, false],
  ];
  for (const [a, b, want] of cases) {
    it(`${a} vs ${b} -> ${want}`, () => assert.equal(almostEqual(a, b), want));
  }
});

describe('compareResult', () => {
  it('compares vectors as sets', () => {
    const script = 'eval instant at 0 foo\n  foo{a="1"} 1\n  foo{a="2"} 2';
    assert.equal(compare(script, vector([foo({ a: '2' }), 2], [foo({ a: '1' }), 1])), undefined);
    assert.match(compare(script, vector([foo({ a: '1' }), 1])) ?? '', /expected metric foo\{a="2"\} with 2 not found/);
    assert.match(compare(script, vector([foo({ a: '1' }), 1], [foo({ a: '2' }), 3])) ?? '', /expected 2 for foo\{a="2"\} but got 3/);
    assert.match(compare(script, vector([foo({ a: '1' }), 1], [foo({ a: '2' }), 2], [foo({ a: '3' }), 3])) ?? '', /unexpected metric/);
  });
  it('checks order only with expect ordered', () => {
    const script = 'eval instant at 0 sort(foo)\n  expect ordered\n  foo{a="1"} 1\n  foo{a="2"} 2';
    assert.equal(compare(script, vector([foo({ a: '1' }), 1], [foo({ a: '2' }), 2])), undefined);
    assert.match(compare(script, vector([foo({ a: '2' }), 2], [foo({ a: '1' }), 1])) ?? '', /at position 2 but it was at 1/);
  });
  it('needs an empty result when nothing is listed', () => {
    assert.equal(compare('eval instant at 0 foo', vector()), undefined);
    assert.match(compare('eval instant at 0 foo', vector([foo(), 1])) ?? '', /unexpected metric foo/);
  });
  it('compares scalars and strings, and rejects type mismatches', () => {
    assert.equal(compare('eval instant at 0 1\n  1', { type: 'scalar', timestampMs: 0, value: 1 }), undefined);
    assert.match(compare('eval instant at 0 1\n  2', { type: 'scalar', timestampMs: 0, value: 1 }) ?? '', /expected scalar 2/);
    assert.match(compare('eval instant at 0 1\n  1', vector()) ?? '', /expected scalar result, but got a vector/);
    assert.match(compare('eval instant at 0 1', { type: 'scalar', timestampMs: 0, value: 1 }) ?? '', /but got scalar/);
    const s = 'eval instant at 0 "a"\n  expect string "a"';
    assert.equal(compare(s, { type: 'string', timestampMs: 0, value: 'a' }), undefined);
    assert.match(compare(s, { type: 'string', timestampMs: 0, value: 'b' }) ?? '', /expected string "a" but got "b"/);
  });
  it('compares matrices point by point, with gaps, and requires label order', () => {
    const script = 'eval range from 0 to 2m step 1m foo\n  foo{a="1"} 1 _ 3\n  foo{a="2"} 5';
    const m = (first: Labels, second: Labels, values: number[]): QueryValue => ({
      type: 'matrix',
      series: [
        { labels: first, timestampsMs: [0, 120_000], values },
        { labels: second, timestampsMs: [0], values: [5] },
      ],
    });
    assert.equal(compare(script, m(foo({ a: '1' }), foo({ a: '2' }), [1, 3])), undefined);
    assert.match(compare(script, m(foo({ a: '1' }), foo({ a: '2' }), [1, 4])) ?? '', /to be 3, but got 4/);
    assert.match(compare(script, m(foo({ a: '2' }), foo({ a: '1' }), [1, 3])) ?? '', /sorted by labels/);
    const tooMany = 'eval range from 0 to 1m step 1m foo\n  foo 1 2 3';
    assert.match(compare(tooMany, { type: 'matrix', series: [{ labels: foo(), timestampsMs: [0, 60_000], values: [1, 2] }] }) ?? '', /cannot return this many points/);
  });
  it('compares a range vector of an instant query on its own grid', () => {
    const script = 'eval instant at 1m foo[1m]\n  expect range vector from 20s to 1m step 20s\n  foo 1 2 3';
    const value: QueryValue = { type: 'matrix', series: [{ labels: foo(), timestampsMs: [20_000, 40_000, 60_000], values: [1, 2, 3] }] };
    assert.equal(compare(script, value), undefined);
    assert.match(compare('eval instant at 1m foo[1m]\n  foo 1', value) ?? '', /cannot return this many points/);
  });
  it('tells the stale marker from NaN', () => {
    const script = 'eval range from 0 to 1m step 1m foo\n  foo stale NaN';
    const value = (a: number, b: number): QueryValue => ({ type: 'matrix', series: [{ labels: foo(), timestampsMs: [0, 60_000], values: [a, b] }] });
    assert.equal(compare(script, value(STALE_NAN, NaN)), undefined);
    assert.match(compare(script, value(NaN, NaN)) ?? '', /to be stale, but got NaN/);
  });
});

describe('checkAnnotations', () => {
  const ann = (warnings: string[], infos: string[] = []): { warnings: string[]; infos: string[] } => ({ warnings, infos });
  it('ignores annotations without directives', () => {
    assert.equal(checkAnnotations(evalOf('eval instant at 0 foo').expect, ann(['PromQL warning: x (1:1)'])), undefined);
  });
  it('matches messages as rendered, both ways', () => {
    const exp = evalOf('eval instant at 0 foo\n  expect warn msg: PromQL warning: a (1:5)').expect;
    assert.equal(checkAnnotations(exp, ann(['PromQL warning: a (1:5)'])), undefined);
    assert.match(checkAnnotations(exp, ann(['PromQL warning: a (1:6)'])) ?? '', /but none matched/);
    assert.match(checkAnnotations(exp, ann([])) ?? '', /none were found/);
    assert.match(checkAnnotations(exp, ann(['PromQL warning: a (1:5)', 'PromQL warning: b (1:1)'])) ?? '', /unexpected warn annotation/);
  });
  it('applies no_warn / no_info and regexes', () => {
    const exp = evalOf('eval instant at 0 foo\n  expect no_warn\n  expect info regex: needed to be fixed .* \\(1:2\\)').expect;
    assert.equal(checkAnnotations(exp, ann([], ['PromQL info: input needed to be fixed for x (1:2)'])), undefined);
    assert.match(checkAnnotations(exp, ann(['w'], ['PromQL info: input needed to be fixed for x (1:2)'])) ?? '', /unexpected warn annotations/);
  });
});

describe('checkFailure and compileRe2', () => {
  it('compares messages exactly and regexes unanchored', () => {
    assert.equal(checkFailure({ kind: 'message', text: 'boom' }, 'boom'), undefined);
    assert.notEqual(checkFailure({ kind: 'message', text: 'boom' }, 'boom!'), undefined);
    assert.equal(checkFailure({ kind: 'regex', source: 'conflict', regex: compileRe2('conflict') }, 'found a conflicting label'), undefined);
    assert.equal(checkFailure({ kind: 'any' }, 'anything'), undefined);
  });
  it('translates RE2-only syntax', () => {
    assert.ok(compileRe2('(?i)HELLO').test('say hello'));
    assert.ok(compileRe2('\\Aab\\z').test('ab'));
    assert.ok(!compileRe2('\\Aab\\z').test('xab'));
    assert.ok(compileRe2('(?P<n>a+)b').test('aab'));
    assert.ok(compileRe2('[[:digit:]]+:[[:alpha:]]').test('12:x'));
    assert.ok(compileRe2('\\Q1+1\\E=2').test('1+1=2'));
    assert.ok(!compileRe2('\\Q1+1\\E').test('11'));
    assert.ok(compileRe2('a\\-b').test('a-b'));
    assert.ok(compileRe2('[]a]').test(']'));
    assert.ok(!compileRe2('a.b').test('a\nb'));
  });
});
