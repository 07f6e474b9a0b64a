import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatLabelFilter, formatMatcher } from '../../../model/index.js';
import { parseLogQuery } from './index.js';

function show(input: string): string {
  const q = parseLogQuery(input);
  return [
    ...q.matchers.map(formatMatcher),
    ...q.lineFilters.map((f) => `${f.type}${JSON.stringify(f.value)}`),
    ...q.labelFilters.map((e) => `| ${formatLabelFilter(e)}`),
  ].join(' ');
}

describe('parseLogQuery: valid', () => {
  const valid: Array<[string, string]> = [
    ['{app="api"}', 'app="api"'],
    ['  {app="api", env!="dev",}  ', 'app="api" env!="dev"'],
    ['{app=~"api|web"} |= "error"', 'app=~"api|web" |="error"'],
    ['{app="api"} != "debug" |~ `\\d{3}` !~ "GET|HEAD"', 'app="api" !="debug" |~"\\\\d{3}" !~"GET|HEAD"'],
    ['{app="api"}|="a"|="b"', 'app="api" |="a" |="b"'],
    ['{app="api"} |= ""', 'app="api" |=""'],
    ['{app="api"}\n  |= "x" # trailing comment', 'app="api" |="x"'],
    ['{app="api"} |= "say \\"hi\\""', 'app="api" |="say \\"hi\\""'],
    ['{app="api"} |~ "(?i)error"', 'app="api" |~"(?i)error"'],
  ];
  for (const [input, expected] of valid) it(JSON.stringify(input), () => assert.equal(show(input), expected));
});

describe('parseLogQuery: label filters', () => {
  const valid: Array<[string, string]> = [
    ['{service_name="checkout"} | trace_id="4bf92f3577b34da6a3ce929d0e0e4736"', 'service_name="checkout" | trace_id="4bf92f3577b34da6a3ce929d0e0e4736"'],
    ['{a="b"}|x="1"|y!=`2`', 'a="b" | x="1" | y!="2"'],
    ['{a="b"} | x=~"4bf.*" | y!~`\\d+`', 'a="b" | x=~"4bf.*" | y!~"\\\\d+"'],
    ['{a="b"} | x="1" and y!="2"', 'a="b" | x="1" and y!="2"'],
    ['{a="b"} | x="1" or y="2" and z="3"', 'a="b" | x="1" or (y="2" and z="3")'],
    ['{a="b"} | x="1" and y="2" or z="3"', 'a="b" | (x="1" and y="2") or z="3"'],
    ['{a="b"} | x="1" or y="2" or z="3"', 'a="b" | (x="1" or y="2") or z="3"'],
    // `,` and juxtaposition take everything after them as their right side, as Loki's yacc grammar does.
    ['{a="b"} | x="1", y="2" or z="3"', 'a="b" | x="1" and (y="2" or z="3")'],
    ['{a="b"} | x="1" y="2" or z="3"', 'a="b" | x="1" and (y="2" or z="3")'],
    ['{a="b"} | x="1" or y="2", z="3"', 'a="b" | x="1" or (y="2" and z="3")'],
    ['{a="b"} | (x="1" or y="2") and z=~"a.*"', 'a="b" | (x="1" or y="2") and z=~"a.*"'],
    ['{a="b"} | ((x="1"))', 'a="b" | x="1"'],
    ['{a="b"} | order="x" or andy="y"', 'a="b" | order="x" or andy="y"'],
    ['{a="b"} | __error__=""', 'a="b" | __error__=""'],
    ['{a="b"} |= "err" | level="error" != "debug"', 'a="b" |="err" !="debug" | level="error"'],
    ['{a="b"}\n  | x = "1" # why\n  | y="2"', 'a="b" | x="1" | y="2"'],
  ];

  for (const [input, expected] of valid) it(JSON.stringify(input), () => assert.equal(show(input), expected));
});

describe('parseLogQuery: invalid', () => {
  const EMPTY = 'parse error : queries require at least one regexp or equality matcher that does not have an empty-compatible value.';
  const invalid: Array<[string, 'bad_input' | 'unsupported', string]> = [
    ['', 'bad_input', 'parse error at line 1, col 1: unexpected end of input'],
    ['{}', 'bad_input', EMPTY],
    ['{app=""}', 'bad_input', EMPTY],
    ['{app=~".*"} |= "x"', 'bad_input', EMPTY],
    ['{app="api"', 'bad_input', 'parse error at line 1, col 11: unexpected end of input inside braces'],
    ["{app='api'}", 'bad_input', "parse error at line 1, col 6: unexpected string 'api' in label matching, expected string"],
    ['{app="api"} |= "x', 'bad_input', 'parse error at line 1, col 16: unterminated quoted string'],
    ['{app="api"} |= x', 'bad_input', 'parse error at line 1, col 16: unexpected token, expected a string after a line filter operator'],
    ['{app="api"} |~ "["', 'bad_input', 'parse error at line 1, col 16: invalid regular expression "["'],
    ['{app="api"} bar', 'bad_input', 'parse error at line 1, col 13: unexpected "bar"'],
    ['{app="api"}\n |= 1', 'bad_input', 'parse error at line 2, col 5: unexpected token'],
    ['"app"', 'bad_input', 'parse error at line 1, col 1: unexpected string "app"'],
    ['{app="api"} | json', 'unsupported', 'parsers and formatting stages are not supported yet (at "| json")'],
    ['{app="api"} | level="error" | logfmt', 'unsupported', 'parsers and formatting stages are not supported yet (at "| logfmt")'],
    ['{app="api"} | line_format "{{.msg}}"', 'unsupported', 'parsers and formatting stages are not supported yet'],
    ['{app="api"} |> "<_> error"', 'unsupported', 'pattern line filters (|> and !>) are not supported yet'],
    ['{app="api"} !> "<_> error"', 'unsupported', 'pattern line filters (|> and !>) are not supported yet'],
    ['{a="b"} | x=1', 'unsupported', 'numeric, duration and bytes comparisons in label filters are not supported yet (at "x=1")'],
    ['{a="b"} | status >= 400', 'unsupported', 'numeric, duration and bytes comparisons in label filters are not supported yet (at "status >= 400")'],
    ['{a="b"} | x="1" or duration > 10s', 'unsupported', 'numeric, duration and bytes comparisons in label filters are not supported yet (at "duration > 10s")'],
    ['{a="b"} | size == 20KB', 'unsupported', 'numeric, duration and bytes comparisons in label filters are not supported yet'],
    ['{a="b"} | n != -1.5', 'unsupported', 'numeric, duration and bytes comparisons in label filters are not supported yet'],
    ['{a="b"} | addr=ip("10.0.0.0/8")', 'unsupported', 'ip() label filters are not supported yet'],
    ['{a="b"} |', 'bad_input', 'parse error at line 1, col 10: unexpected end of input, expected a label filter (name="value")'],
    ['{a="b"} | x', 'bad_input', 'parse error at line 1, col 12: unexpected end of input, expected a label filter operator (=, !=, =~, !~)'],
    ['{a="b"} | x ~ "1"', 'bad_input', 'parse error at line 1, col 13: unexpected "~", expected a label filter operator (=, !=, =~, !~)'],
    ['{a="b"} | x="1" and', 'bad_input', 'parse error at line 1, col 20: unexpected end of input, expected a label filter (name="value")'],
    ['{a="b"} | x="1" or or y="2"', 'bad_input', 'parse error at line 1, col 20: unexpected "or", expected a label filter (name="value")'],
    ['{a="b"} | x="1" ,', 'bad_input', 'parse error at line 1, col 18: unexpected end of input, expected a label filter (name="value")'],
    ['{a="b"} | "x"', 'bad_input', 'parse error at line 1, col 11: unexpected string, expected a label filter (name="value")'],
    ['{a="b"} | x > "1"', 'bad_input', 'parse error at line 1, col 15: unexpected string after >: it compares numbers, durations or bytes'],
    ['{a="b"} | x == "1"', 'bad_input', 'parse error at line 1, col 16: unexpected string after ==: it compares numbers, durations or bytes'],
    ['{a="b"} | x = y', 'bad_input', 'parse error at line 1, col 15: unexpected "y", expected a string after ='],
    ['{a="b"} | x =~ 5', 'bad_input', 'parse error at line 1, col 16: unexpected "5", expected a string after =~'],
    ["{a=\"b\"} | x='1'", 'bad_input', "parse error at line 1, col 13: unexpected \"'\", expected a string after ="],
    ['{a="b"} | x =~ "("', 'bad_input', 'parse error at line 1, col 16: error parsing regexp: '],
    ['{a="b"} | x="1', 'bad_input', 'parse error at line 1, col 13: unterminated quoted string'],
    ['{a="b"} | (x="1"', 'bad_input', 'parse error at line 1, col 17: unexpected end of input, expected ")" or a label filter'],
    ['{a="b"} | x="1")', 'bad_input', 'parse error at line 1, col 16: unexpected ")"'],
    [`{a="b"} | ${'('.repeat(101)}x="1"${')'.repeat(101)}`, 'bad_input', 'parse error at line 1, col 111: label filter nested deeper than 100 parentheses'],
    ['{app="api"} |= "a" or "b"', 'unsupported', '`or` in line filters are not supported yet'],
    ['{app="api"} |= ip("10.0.0.0/8")', 'unsupported', 'ip() line filters are not supported yet'],
    ['rate({app="api"}[5m])', 'bad_input', 'parse error at line 1, col 1: a metric query where a log query is expected'],
    ['(1 + 1)', 'bad_input', 'parse error at line 1, col 1: a metric query where a log query is expected'],
    ['{app="api"} | unwrap x', 'unsupported', 'unwrapped range aggregations (| unwrap) are not supported yet'],
  ];
  for (const [input, kind, prefix] of invalid) {
    it(JSON.stringify(input), () => {
      assert.throws(
        () => parseLogQuery(input),
        (e: unknown) => (e as { kind?: string }).kind === kind && (e as Error).message.startsWith(prefix),
        `expected ${kind}: ${prefix}`,
      );
    });
  }
  it('says where full LogQL is', () => assert.throws(() => parseLogQuery('{a="b"} | json'), /full LogQL arrives in a later version$/));
});
