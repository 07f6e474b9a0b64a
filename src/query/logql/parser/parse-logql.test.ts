import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatMetricExpr, parseLogql } from './index.js';
import { RANGE_OPS, VECTOR_OPS } from './signatures.js';

function show(input: string): string {
  const q = parseLogql(input);
  return q.kind === 'metric' ? formatMetricExpr(q.expr) : `log ${q.query.matchers.length} matchers`;
}

describe('parseLogql: metric queries', () => {
  const valid: Array<[string, string]> = [
    ['count_over_time({app="a"}[5m])', 'count_over_time({app="a"} [5m])'],
    ['rate({app="a"} |= "err" != "debug" | level="error" [1m])', 'rate({app="a"} |= "err" != "debug" | level="error" [1m])'],
    ['bytes_rate({app="a"}[30s] |= "x")', 'bytes_rate({app="a"} |= "x" [30s])'],
    ['bytes_over_time(({app="a"} |~ "x")[1h] offset 30m)', 'bytes_over_time({app="a"} |~ "x" [1h] offset 30m)'],
    ['absent_over_time(({app="a"}[5m]))', 'absent_over_time({app="a"} [5m])'],
    ['count_over_time({app="a"}[1h30m] offset -1.5h)', 'count_over_time({app="a"} [90m] offset -90m)'],
    ['COUNT_OVER_TIME({app="a"}[5m])', 'count_over_time({app="a"} [5m])'],
    ['sum by (level) (count_over_time({app="a"}[5m]))', 'sum by (level) (count_over_time({app="a"} [5m]))'],
    ['sum(count_over_time({app="a"}[5m])) without (pod, trace_id)', 'sum without (pod, trace_id) (count_over_time({app="a"} [5m]))'],
    ['Sum By () (rate({app="a"}[5m]))', 'sum(rate({app="a"} [5m]))'],
    ['topk(3, sum by (x) (rate({app="a"}[1m])))', 'topk(3, sum by (x) (rate({app="a"} [1m])))'],
    ['bottomk by (x) (2, rate({app="a"}[1m]))', 'bottomk by (x) (2, rate({app="a"} [1m]))'],
    ['sort_desc(rate({app="a"}[1m]))', 'sort_desc(rate({app="a"} [1m]))'],
    ['rate({app="a"}[5m]) * 2 + 1', '((rate({app="a"} [5m]) * 2) + 1)'],
    ['1 + rate({app="a"}[5m]) * 2', '(1 + (rate({app="a"} [5m]) * 2))'],
    ['rate({app="a"}[5m]) ^ 2 ^ 3', '(rate({app="a"} [5m]) ^ 8)'],
    ['rate({app="a"}[5m]) > bool 10', '(rate({app="a"} [5m]) > bool 10)'],
    ['rate({app="a"}[5m]) or rate({app="b"}[5m]) and rate({app="c"}[5m])', '(rate({app="a"} [5m]) or (rate({app="b"} [5m]) and rate({app="c"} [5m])))'],
    ['rate({app="a"}[5m]) / on (x) group_left (y) rate({app="b"}[5m])', '(rate({app="a"} [5m]) / on(x) group_left(y) rate({app="b"} [5m]))'],
    ['rate({app="a"}[5m]) - ignoring (pod) group_right rate({app="b"}[5m])', '(rate({app="a"} [5m]) - ignoring(pod) group_right() rate({app="b"} [5m]))'],
    ['sum(rate({app="a"}[5m])) or on() vector(0)', '(sum(rate({app="a"} [5m])) or on() vector(0))'],
    ['label_replace(rate({app="a"}[1m]), "dst", "$1", "src", "(.*):.*")', 'label_replace(rate({app="a"} [1m]), "dst", "$1", "src", "(.*):.*")'],
    ['1 + 2 * 3', '7'],
    ['(1 + 2) * -3', '-9'],
    ['10 / 0', 'NaN'],
    ['2 > 1', '1'],
    ['0x1.8p3', '12'],
    ['count_over_time({app="a"}[5m]) # a comment\n  > 0', '(count_over_time({app="a"} [5m]) > 0)'],
  ];
  for (const [input, expected] of valid) it(JSON.stringify(input), () => assert.equal(show(input), expected));

  it('tells log queries from metric queries', () => {
    assert.equal(parseLogql('{app="a"} |= "x"').kind, 'log');
    assert.equal(parseLogql('({app="a"} |= "x")').kind, 'log');
    assert.equal(parseLogql('count_over_time({app="a"}[1m])').kind, 'metric');
  });

  it('keeps durations to the nanosecond', () => {
    const q = parseLogql('rate({app="a"}[1500ms] offset 250us)');
    assert.ok(q.kind === 'metric' && q.expr.type === 'range_aggregation');
    assert.equal(q.expr.rangeNanos, 1_500_000_000n);
    assert.equal(q.expr.offsetNanos, 250_000n);
  });

  it('the signature tables list what the parser accepts', () => {
    for (const op of RANGE_OPS) assert.equal(parseLogql(`${op}({a="b"}[1m])`).kind, 'metric', op);
    for (const op of VECTOR_OPS) {
      const query = op === 'topk' || op === 'bottomk' ? `${op}(1, rate({a="b"}[1m]))` : `${op}(rate({a="b"}[1m]))`;
      assert.equal(parseLogql(query).kind, 'metric', op);
    }
  });
});

describe('parseLogql: errors in Loki wording, with positions', () => {
  const invalid: Array<[string, 'bad_input' | 'unsupported', string]> = [
    ['', 'bad_input', 'parse error at line 1, col 1: unexpected end of input'],
    ['count_over_time({app="a"}[5m]) by (x)', 'bad_input', 'parse error at line 1, col 32: grouping not allowed for count_over_time aggregation'],
    ['count_over_time({job="mysql"}[5m]) offset 5m', 'bad_input', 'parse error at line 1, col 36: unexpected "offset"'],
    ['rate({app="foo"}[5minutes])', 'bad_input', 'parse error at line 1, col 18: not a valid duration string: "5minutes"'],
    ['rate({app="foo"}[])', 'bad_input', 'parse error at line 1, col 18: empty duration string'],
    ['rate({app="foo"}[5m', 'bad_input', "parse error at line 1, col 17: missing closing ']' in duration"],
    ['rate({app="foo"}[0s])', 'bad_input', 'parse error at line 1, col 18: the range must be longer than 0, not 0s'],
    ['rate({app="foo"}[5m]', 'bad_input', 'parse error at line 1, col 21: unexpected end of input, expected ")" to close rate('],
    ['rate({app="foo"})', 'bad_input', 'parse error at line 1, col 6: rate(...) takes a log range such as {app="x"} |= "error" [5m]'],
    ['{app="foo"}[5m]', 'bad_input', 'parse error at line 1, col 1: a log range such as {...}[5m] must be the argument of a range aggregation'],
    ['rate({app=~".*"}[5m])', 'bad_input', 'parse error : queries require at least one regexp or equality matcher'],
    ['sum_over_time({app="foo"}[5m])', 'bad_input', 'parse error at line 1, col 1: invalid aggregation sum_over_time without unwrap'],
    ['topk(rate({a="b"}[1m]))', 'bad_input', 'parse error at line 1, col 6: parameter required for operation topk'],
    ['topk(0, rate({a="b"}[1m]))', 'bad_input', 'parse error at line 1, col 6: invalid parameter (must be greater than 0) topk(0'],
    ['topk(1.5, rate({a="b"}[1m]))', 'bad_input', 'parse error at line 1, col 6: invalid parameter topk(1.5,'],
    ['sum(2, rate({a="b"}[1m]))', 'bad_input', 'parse error at line 1, col 5: unsupported parameter for operation sum(2,'],
    ['sort by (x) (rate({a="b"}[1m]))', 'bad_input', "parse error at line 1, col 1: sort and sort_desc doesn't allow grouping by"],
    ['sum(1)', 'bad_input', 'parse error at line 1, col 5: sum(...) aggregates a metric query'],
    ['sum({a="b"})', 'bad_input', 'parse error at line 1, col 5: sum(...) aggregates a metric query'],
    ['1 and rate({a="b"}[1m])', 'bad_input', 'parse error at line 1, col 1: unexpected literal for left leg of logical/set binary operation (and): 1.000000'],
    ['rate({a="b"}[1m]) + {a="b"}', 'bad_input', 'parse error at line 1, col 21: unexpected log query for right leg of binary operation (+)'],
    ['rate({a="b"}[1m]) +', 'bad_input', 'parse error at line 1, col 20: unexpected end of input'],
    ['rate({a="b"}[1m]) + 5m', 'bad_input', 'parse error at line 1, col 21: unexpected "5m", expected a number'],
    ['0x1A', 'bad_input', 'parse error at line 1, col 1: unable to parse literal as a float'],
    ['sum by (x (rate({a="b"}[1m]))', 'bad_input', 'parse error at line 1, col 11: unexpected "(", expected "," or ")" after by'],
    ['label_replace(rate({a="b"}[1m]), "dst", "$1", "src")', 'bad_input', 'parse error at line 1, col 52: unexpected ")", expected "," before the regex of label_replace'],
    ['label_replace(rate({a="b"}[1m]), "dst", "$1", "src", "(")', 'bad_input', 'parse error at line 1, col 1: invalid regex in label_replace'],
    ['rate({a="b"}[1m])\n  > bool', 'bad_input', 'parse error at line 2, col 9: unexpected end of input'],
    ['sum_over_time({a="b"} | unwrap n [1m])', 'unsupported', 'unwrapped range aggregations (| unwrap) are not supported yet'],
    ['rate({a="b"} | json [1m])', 'unsupported', 'parsers and formatting stages are not supported yet'],
    ['approx_topk(3, rate({a="b"}[1m]))', 'unsupported', 'approx_topk aggregations are not supported yet'],
  ];
  for (const [input, kind, prefix] of invalid) {
    it(JSON.stringify(input), () => {
      assert.throws(
        () => parseLogql(input),
        (e: unknown) => {
          assert.equal((e as { kind?: string }).kind, kind);
          assert.ok((e as Error).message.startsWith(prefix), `${(e as Error).message}\ndoes not start with\n${prefix}`);
          return true;
        },
      );
    });
  }
});
