import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatMatcher } from '../../model/index.js';
import { parseLogQuery, parseLokiTimeNanos } from './index.js';
import { sanitizeLabelName } from './stream-entries.js';

function show(input: string): string {
  const q = parseLogQuery(input);
  return [...q.matchers.map(formatMatcher), ...q.lineFilters.map((f) => `${f.type}${JSON.stringify(f.value)}`)].join(' ');
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
    ['{app="api"} | json', 'unsupported', 'parsers, label filters and formatting stages are not supported yet (at "| json")'],
    ['{app="api"} | level="error"', 'unsupported', 'parsers, label filters and formatting stages are not supported yet'],
    ['{app="api"} | line_format "{{.msg}}"', 'unsupported', 'parsers, label filters and formatting stages are not supported yet'],
    ['{app="api"} |> "<_> error"', 'unsupported', 'parsers, label filters and formatting stages are not supported yet'],
    ['{app="api"} !> "<_> error"', 'unsupported', 'parsers, label filters and formatting stages are not supported yet'],
    ['{app="api"} |= "a" or "b"', 'unsupported', '`or` in line filters are not supported yet'],
    ['{app="api"} |= ip("10.0.0.0/8")', 'unsupported', 'ip() line filters are not supported yet'],
    ['rate({app="api"}[5m])', 'unsupported', 'metric queries are not supported yet'],
    ['sum by (app) (count_over_time({app="api"}[1m]))', 'unsupported', 'metric queries are not supported yet'],
    ['(1 + 1)', 'unsupported', 'metric queries are not supported yet'],
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

describe('parseLokiTimeNanos', () => {
  const cases: Array<[string, bigint | undefined]> = [
    ['1700000000', 1_700_000_000_000_000_000n],
    ['1700000000000000001', 1_700_000_000_000_000_001n],
    ['17000000000', 17_000_000_000n],
    ['1700000000.5', 1_700_000_000_500_000_000n],
    ['1700000000.0001', 1_700_000_000_000_000_000n],
    ['2023-11-14T22:13:20.000000001Z', 1_700_000_000_000_000_001n],
    ['-5', -5_000_000_000n],
    ['99999999999999999999', undefined],
    ['now', undefined],
    ['1h', undefined],
  ];
  for (const [text, expected] of cases) it(JSON.stringify(text), () => assert.equal(parseLokiTimeNanos(text), expected));
});

describe('sanitizeLabelName', () => {
  const cases: Array<[string, string]> = [
    ['service.name', 'service_name'],
    ['http.response.status_code', 'http_response_status_code'],
    ['k8s-pod/name', 'k8s_pod_name'],
    ['9lives', 'key_9lives'],
    ['already_fine', 'already_fine'],
  ];
  for (const [input, expected] of cases) it(input, () => assert.equal(sanitizeLabelName(input), expected));
});
