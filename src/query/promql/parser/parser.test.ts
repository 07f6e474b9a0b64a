import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Expr } from './index.js';
import { PromqlParseError, formatExpr, parseExpr } from './index.js';
import { normalizeForRoundTrip } from './round-trip.test-helper.js';

/** [input, canonical form] */
const VALID: Array<[string, string]> = [
  ['sum by (job) (rate(http_requests_total{job="api"}[5m]))', 'sum by (job) (rate(http_requests_total{job="api"}[5m]))'],
  ['sum(rate(x[5m])) by (a, b)', 'sum by (a, b) (rate(x[5m]))'],
  ['Sum BY (a) (x)', 'sum by (a) (x)'],
  ['sum without () (x)', 'sum without () (x)'],
  ['sum by () (x)', 'sum(x)'],
  ['sum by ("foo bar", baz,)({"some.metric"})', 'sum by ("foo bar", baz) ({__name__="some.metric"})'],
  ['topk(3, x)', 'topk(3, x)'],
  ['count_values("v", x)', 'count_values("v", x)'],
  ['limitk(2, x)', 'limitk(2, x)'],
  ['x{b="2",a=~"1",c!~"3"}', 'x{a=~"1",b="2",c!~"3"}'],
  ['{"my.metric", "a.b"="x"}', '{"a.b"="x",__name__="my.metric"}'],
  ['{__name__="up"}', '{__name__="up"}'],
  ["x{a='single'}", 'x{a="single"}'],
  ['x[90m]', 'x[1h30m]'],
  ['x[300]', 'x[5m]'],
  ['x[1.5]', 'x[1s500ms]'],
  ['x[5m] offset 1w', 'x[5m] offset 1w'],
  ['x offset -5m @ 100', 'x @ 100.000 offset -5m'],
  ['x @ start() offset 1m', 'x @ start() offset 1m'],
  ['x offset 0', 'x'],
  ['rate(x[5m] @ end())', 'rate(x[5m] @ end())'],
  ['sum(rate(x[5m]))[30m:1m] offset 5m', 'sum(rate(x[5m]))[30m:1m] offset 5m'],
  ['x[5m:]', 'x[5m:]'],
  ['x[ 5m : 1m ]', 'x[5m:1m]'],
  ['a + on(b) group_left c', 'a + on (b) group_left () c'],
  ['a / ignoring(x) group_right(y) b', 'a / ignoring (x) group_right (y) b'],
  ['a + ignoring() b', 'a + b'],
  ['a and on() b', 'a and on () b'],
  ['a == bool 1', 'a == bool 1'],
  ['1 < bool 2', '1 < bool 2'],
  ['a + fill(0) b', 'a + fill (0) b'],
  ['a * fill_left(1) fill_right(-2) b', 'a * fill_left (1) fill_right (-2) b'],
  ['a * fill_right(1) fill_left(1) b', 'a * fill (1) b'],
  ['0x1F + 010 + .5 + 1e3 + 1_000', '31 + 8 + 0.5 + 1000 + 1000'],
  ['Inf + -inf + NaN', '+Inf + -Inf + NaN'],
  ['1e-7 + 1e21', '0.0000001 + 1000000000000000000000'],
  ['time() - 5m', 'time() - 5m'],
  ['"a\\nb" ', '"a\\nb"'],
  ['`raw\\n`', '"raw\\\\n"'],
  ['by + offset + sum + and{a="b"}', 'by + offset + sum + and{a="b"}'],
  ['a # comment\n+ b', 'a + b'],
  ['abs(-x)', 'abs(-x)'],
  ['label_join(x, "a", ",", "b", "c")', 'label_join(x, "a", ",", "b", "c")'],
  ['info(x, {a="b"})', 'info(x, {a="b"})'],
  ['x atan2 y', 'x atan2 y'],
  ['holt_winters(x[5m], 0.5, 0.5)', 'holt_winters(x[5m], 0.5, 0.5)'],
  ['x[2m*(10+5)]', 'x[2m * (10 + 5)]'],
  ['x[-5m+35m]', 'x[-5m + 35m]'],
  ['x[1+(STep()-5)*2]', 'x[1 + (step() - 5) * 2]'],
  ['x[max_of(min_of(step()+1,1h),1ms)]', 'x[max_of(min_of(step() + 1, 1h), 1ms)]'],
  ['x offset (100 + 2)', 'x offset (100 + 2)'],
  ['x offset -(1^2)', 'x offset -(1 ^ 2)'],
  ['x[29s+1s:20*500ms] offset -(20*8000ms)', 'x[29s + 1s:20 * 500ms] offset -(20 * 8s)'],
];

/** [input, the same tree fully parenthesised] */
const PRECEDENCE: Array<[string, string]> = [
  ['a - b - c', '(a - b) - c'],
  ['2 ^ 3 ^ 2', '2 ^ (3 ^ 2)'],
  ['a + b * c', 'a + (b * c)'],
  ['a * b % c atan2 d', '((a * b) % c) atan2 d'],
  ['a or b and c unless d', 'a or ((b and c) unless d)'],
  ['a > b + c', 'a > (b + c)'],
  ['a and b > c', 'a and (b > c)'],
  ['-2 ^ 2', '-(2 ^ 2)'],
  ['-1 * x', '(-1) * x'],
  ['-x + 1', '(-x) + 1'],
  ['a * -b ^ c', 'a * (-(b ^ c))'],
  ['2 ^ -1 * 3', '(2 ^ (-1)) * 3'],
  ['x offset 100 + 2', '(x offset 1m40s) + 2'],
  ['x offset 2 ^ 2', '(x offset 2s) ^ 2'],
  ['x offset -2 ^ 2', '(x offset -2s) ^ 2'],
  ['x offset -2 * 2', '(x offset -2s) * 2'],
  ['x offset step()*0', '(x offset step()) * 0'],
  ['x offset -min_of(step(), 1s)+8000', '(x offset -min_of(step(), 1s)) + 8000'],
  ['a + b offset 5m', 'a + (b offset 5m)'],
  ['-x offset 5m', '-(x offset 5m)'],
];

/** [input, Prometheus's error message] */
const INVALID: Array<[string, string]> = [
  ['', 'unknown position: parse error: no expression found in input'],
  ['# only a comment\n', '1:1: parse error: no expression found in input'],
  ['1+', '1:3: parse error: unexpected end of input'],
  ['.', "1:1: parse error: unexpected character: '.'"],
  ['2.5.', '1:1: parse error: bad number or duration syntax: "2.5."'],
  ['100..4', '1:1: parse error: bad number or duration syntax: "100.."'],
  ['0deadbeef', '1:1: parse error: bad number or duration syntax: "0de"'],
  ['*1', '1:1: parse error: unexpected <op:*>'],
  ['(1))', "1:4: parse error: unexpected right parenthesis ')'"],
  ['((1)', '1:5: parse error: unclosed left parenthesis'],
  ['sum(rate(', '1:10: parse error: unclosed left parenthesis'],
  ['1 and 1', '1:1: parse error: set operator "and" not allowed in binary scalar expression'],
  ['1 == 1', '1:3: parse error: comparisons between scalars must use BOOL modifier'],
  ['1 !~ 1', "1:3: parse error: unexpected character after '!': '~'"],
  ['1 =~ 1', "1:3: parse error: unexpected character after '=': '~'"],
  ['-"string"', '1:1: parse error: unary expression only allowed on expressions of type scalar or instant vector, got "string"'],
  ['-test[5m]', '1:1: parse error: unary expression only allowed on expressions of type scalar or instant vector, got "range vector"'],
  ['@@', '1:1: parse error: unexpected <op:@>'],
  ['1 offset 1d', '1:1: parse error: offset modifier must be preceded by an instant vector selector or range vector selector or a subquery'],
  ['foo offset 1s offset 2s', '1:1: parse error: offset may not be set multiple times'],
  ['a - on(b) ignoring(c) d', '1:11: parse error: unexpected <ignoring>'],
  ['foo + group_left(baz) bar', '1:7: parse error: unexpected <group_left>'],
  ['1 or on(bar) foo', '1:1: parse error: vector matching only allowed between instant vectors'],
  ['foo and on(bar) group_left(baz) bar', '1:1: parse error: no grouping allowed for "and" operation'],
  ['a + on(x) group_left(x) b', '1:3: parse error: label "x" must not occur in ON and GROUP clause at once'],
  ['foo + bool bar', '1:5: parse error: bool modifier can only be used on comparison operators'],
  ['a and fill(0) b', '1:1: parse error: filling in missing series not allowed for set operators'],
  ['1 + fill(0) a', '1:1: parse error: filling in missing series only allowed between instant vectors'],
  ['foo @ +Inf', '1:1: parse error: timestamp out of bounds for @ modifier: +Inf'],
  ['foo @ 1 @ 2', '1:1: parse error: @ <timestamp> may not be set multiple times'],
  ['rate(x[5m]) @ 1', '1:1: parse error: @ modifier must be preceded by an instant vector selector or range vector selector or a subquery'],
  ['{', '1:2: parse error: unexpected end of input inside braces'],
  ['}', "1:1: parse error: unexpected character: '}'"],
  ['some_metric{a=b}', '1:15: parse error: unexpected identifier "b" in label matching, expected string'],
  ['foo{gibberish}', '1:14: parse error: unexpected "}" in label matching, expected label matching operator'],
  ['(a){b="c"}', '1:4: parse error: unexpected "{"'],
  ['{}', '1:1: parse error: vector selector must contain at least one non-empty matcher'],
  ['{x=~".*"}', '1:1: parse error: vector selector must contain at least one non-empty matcher'],
  ['foo{__name__="bar"}', '1:1: parse error: metric name must not be set twice: "foo" or "bar"'],
  ['foo[5mm]', '1:5: parse error: bad number or duration syntax: "5mm"'],
  ['foo[5y1hs]', '1:5: parse error: unknown unit "hs" in duration "5y1hs"'],
  ['foo[5m1h]', '1:5: parse error: not a valid duration string: "5m1h"'],
  ['foo[0m]', '1:5: parse error: duration must be greater than 0'],
  ['foo[-1]', '1:5: parse error: duration must be greater than 0'],
  ['foo["5m"]', '1:5: parse error: unexpected character in duration expression: \'"\''],
  ['foo[]', '1:5: parse error: unexpected "]" in subquery or range selector, expected number, duration, step(), or range()'],
  ['foo[step]', '1:9: parse error: unexpected "]" in subquery or range selector, expected number, duration, step(), or range()'],
  ['foo[5s x 5s]', "1:8: parse error: unexpected character: 'x', expected ':'"],
  ['foo{a="b"}[', '1:12: parse error: unexpected end of input in duration expression'],
  ['x[5m] OFFSET', '1:13: parse error: unexpected end of input in offset, expected number, duration, step(), or range()'],
  ['x[5m] @', '1:8: parse error: unexpected end of input in @, expected timestamp'],
  ['x OFFSET 1m[5m]', '1:12: parse error: no offset modifiers allowed before range'],
  ['x @ 1234 [5m]', '1:10: parse error: no @ modifiers allowed before range'],
  ['(foo + bar)[5m]', '1:12: parse error: ranges only allowed for vector selectors'],
  ['x[5d] OFFSET 10s [10m:5s]', '1:1: parse error: subquery is only allowed on instant vector, got matrix instead'],
  ['foo[5s/0d]', '1:7: parse error: division by zero'],
  ['foo[5s%0d]', '1:7: parse error: modulo by zero'],
  ['foo offset (4d/0)', '1:15: parse error: division by zero'],
  ['foo[9.5e10]', '1:5: parse error: duration out of range'],
  ['x[5m] anchored', '1:7: parse error: the "anchored" modifier (extended range selectors) is not supported'],
  ['sum without(==)(x)', '1:13: parse error: unexpected <op:==> in grouping opts, expected label'],
  ['sum without(,)(x)', '1:13: parse error: unexpected "," in grouping opts, expected label'],
  ['sum by (a b)(x)', '1:11: parse error: unexpected identifier "b" in grouping opts, expected "," or ")"'],
  ['sum x by (test)', '1:5: parse error: unexpected identifier "x"'],
  ['sum (x) by test', '1:12: parse error: unexpected identifier "test" in grouping opts, expected "("'],
  ['sum by (a) by (b) (x)', '1:12: parse error: unexpected <by> in aggregation'],
  ['sum (x) without (a) by (b)', '1:21: parse error: unexpected <by>'],
  ['sum(foo bar)', '1:9: parse error: unexpected identifier "bar" in aggregation'],
  ['sum () by (test)', '1:1: parse error: no arguments for aggregate expression provided'],
  ['topk(x)', '1:1: parse error: wrong number of arguments for aggregate expression provided, expected 2, got 1'],
  ['topk(x,)', '1:7: parse error: trailing commas not allowed in function call args'],
  ['topk(x, y)', '1:6: parse error: expected type scalar in aggregation parameter, got instant vector'],
  ['count_values(5, x)', '1:14: parse error: expected type string in aggregation parameter, got scalar'],
  ['sum(1)', '1:5: parse error: expected type instant vector in aggregation expression, got scalar'],
  ['floor()', '1:1: parse error: expected 1 argument(s) in call to "floor", got 0'],
  ['floor(1)', '1:7: parse error: expected type instant vector in call to function "floor", got scalar'],
  ['hour(x, x, x)', '1:1: parse error: expected at most 1 argument(s) in call to "hour", got 3'],
  ['label_join(x, "a")', '1:1: parse error: expected at least 3 argument(s) in call to "label_join", got 2'],
  ['non_existent()', '1:1: parse error: unknown function with name "non_existent"'],
  ['rate(x)', '1:6: parse error: expected type range vector in call to function "rate", got instant vector'],
  ['a>b()', '1:3: parse error: unknown function with name "b"'],
  ['"a" + 1', '1:1: parse error: binary expression must contain only scalar and instant vector types'],
  ['x[5m] + 1', '1:1: parse error: binary expression must contain only scalar and instant vector types'],
  ['sum(1)[5m:]', '1:5: parse error: expected type instant vector in aggregation expression, got scalar'],
  ['info(x, target_info{a="b"})', '1:9: parse error: expected label selectors only, got vector selector instead'],
  ['"\\c"', "1:1: parse error: unknown escape sequence U+0063 'c'"],
  ['`abc', '1:1: parse error: unterminated raw string'],
  ['foo\n  + )', "2:5: parse error: unexpected right parenthesis ')'"],
];

function tree(e: Expr): string {
  switch (e.kind) {
    case 'binary':
      return `${wrap(e.lhs)} ${e.op} ${wrap(e.rhs)}`;
    case 'unary':
      return `${e.op}${wrap(e.expr)}`;
    case 'paren':
      return tree(e.expr);
    default:
      return formatExpr(e);
  }
}

function wrap(e: Expr): string {
  const text = tree(e);
  const compound = e.kind === 'binary' || e.kind === 'unary' || e.kind === 'subquery' || text.includes(' ');
  return compound || (e.kind === 'number' && e.value < 0) ? `(${text})` : text;
}

describe('parseExpr: valid expressions and their canonical form', () => {
  for (const [input, printed] of VALID) {
    it(JSON.stringify(input), () => {
      const e = parseExpr(input);
      assert.equal(formatExpr(e), printed);
      assert.deepEqual(normalizeForRoundTrip(parseExpr(printed)), normalizeForRoundTrip(e));
    });
  }
});

describe('parseExpr: precedence and associativity', () => {
  for (const [input, expected] of PRECEDENCE) {
    it(`${input}  =  ${expected}`, () => assert.equal(tree(parseExpr(input)), expected));
  }
});

describe('parseExpr: errors', () => {
  for (const [input, message] of INVALID) {
    it(JSON.stringify(input), () => {
      assert.throws(
        () => parseExpr(input),
        (e: unknown) => {
          assert.ok(e instanceof PromqlParseError, String(e));
          assert.equal(e.message, message);
          assert.equal(e.type, 'bad_data');
          return true;
        },
      );
    });
  }
  it('carries position, line and column', () => {
    try {
      parseExpr('foo +\n  rate(x)');
      assert.fail('expected an error');
    } catch (e) {
      assert.ok(e instanceof PromqlParseError);
      assert.deepEqual([e.line, e.column, e.pos.start, e.reason], [2, 8, 13, 'expected type range vector in call to function "rate", got instant vector']);
    }
  });
});

describe('parseExpr: tree shape', () => {
  it('puts the metric name first among matchers', () => {
    const e = parseExpr('up{job="a"}');
    assert.equal(e.kind, 'vectorSelector');
    if (e.kind !== 'vectorSelector') return;
    assert.deepEqual(e.matchers, [
      { name: '__name__', type: '=', value: 'up' },
      { name: 'job', type: '=', value: 'a' },
    ]);
  });
  it('keeps the offset of a range on its vector selector', () => {
    const e = parseExpr('x[5m] offset 1m');
    assert.ok(e.kind === 'matrixSelector' && e.vector.offset?.kind === 'durationLiteral' && e.vector.offset.seconds === 60);
  });
  it('folds a sign into a number literal and keeps duration literals', () => {
    assert.deepEqual(parseExpr('-5m'), { kind: 'number', value: -300, isDuration: true, pos: { start: 0, end: 3 } });
  });
  it('drops vector matching when a side is a scalar and makes set operators many-to-many', () => {
    const scalar = parseExpr('a + 1');
    assert.ok(scalar.kind === 'binary' && scalar.matching === undefined);
    const set = parseExpr('a or b');
    assert.ok(set.kind === 'binary' && set.matching?.card === 'many-to-many');
  });
  it('records fill values', () => {
    const e = parseExpr('a + fill_left(-1) b');
    assert.ok(e.kind === 'binary');
    assert.deepEqual(e.matching, { card: 'one-to-one', on: false, labels: [], include: [], fillLeft: -1 });
  });
});
