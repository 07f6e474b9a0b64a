import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { LabelMatcher } from '../../model/index.js';
import { formatMatcher } from '../../model/index.js';
import { SelectorParseError, parseSelectorPrefix, parseSeriesSelector, readStringLiteral } from './index.js';

/** Renders matchers compactly so each table row fits on one line. */
function show(ms: readonly LabelMatcher[]): string {
  return ms.map(formatMatcher).join(', ');
}

describe('parseSeriesSelector: valid', () => {
  const valid: Array<[string, string]> = [
    ['up', '__name__="up"'],
    ['  up  ', '__name__="up"'],
    ['job:http_requests:rate5m', '__name__="job:http_requests:rate5m"'],
    ['up{}', '__name__="up"'],
    ['up{job="api"}', '__name__="up", job="api"'],
    ['up { job = "api" , }', '__name__="up", job="api"'],
    ['{job="api"}', 'job="api"'],
    ['{job!="api"}', 'job!="api"'],
    ['{job=~"api|web"}', 'job=~"api|web"'],
    ['{job!~"api.*"}', 'job!~"api.*"'],
    ['{a="1",b="2",}', 'a="1", b="2"'],
    ['{a="1"\n,\tb="2"}', 'a="1", b="2"'],
    ["{a='single'}", 'a="single"'],
    ['{a=`raw\\d+`}', 'a="raw\\\\d+"'],
    ['{a="esc\\"aped"}', 'a="esc\\"aped"'],
    ["{a='it\\'s'}", 'a="it\'s"'],
    ['{a="tab\\tnl\\n"}', 'a="tab\\tnl\\n"'],
    ['{a="\\x41\\101\\u0042\\U00000043"}', 'a="AABC"'],
    ['{a="\\xc3\\xa9"}', 'a="é"'],
    ['{a="日本"}', 'a="日本"'],
    ['{a=""}', 'a=""'],
    ['{__name__="up", job="x"}', '__name__="up", job="x"'],
    ['{__name__=~"up|down"}', '__name__=~"up|down"'],
    ['{"http.server.duration"}', '__name__="http.server.duration"'],
    ['{"http.server.duration", "service.name"="api"}', '__name__="http.server.duration", service.name="api"'],
    ['{job="x", "my.metric"}', '__name__="my.metric", job="x"'],
    ['up{job="a",job!="b"}', '__name__="up", job="a", job!="b"'],
    ['up # a comment', '__name__="up"'],
    ['sum', '__name__="sum"'],
    ['by{x="y"}', '__name__="by", x="y"'],
    ['{a=~"(?i)API"}', 'a=~"(?i)API"'],
  ];
  for (const [input, expected] of valid) {
    it(JSON.stringify(input), () => assert.equal(show(parseSeriesSelector(input)), expected));
  }
});

describe('parseSeriesSelector: invalid', () => {
  const invalid: Array<[string, string]> = [
    ['', '1:1: parse error: unexpected end of input'],
    ['   ', '1:4: parse error: unexpected end of input'],
    ['{', '1:2: parse error: unexpected end of input inside braces'],
    ['up{job="x"', '1:11: parse error: unexpected end of input inside braces'],
    ['up{job="x" env="y"}', '1:12: parse error: unexpected identifier "env" in label matching, expected "," or "}"'],
    ['{job}', '1:5: parse error: unexpected "}" in label matching, expected label matching operator'],
    ['{job=}', '1:6: parse error: unexpected "}" in label matching, expected string'],
    ['{job=api}', '1:6: parse error: unexpected identifier "api" in label matching, expected string'],
    ['{,}', '1:2: parse error: unexpected "," in label matching, expected identifier or "}"'],
    ['{a="b",,}', '1:8: parse error: unexpected "," in label matching, expected identifier or "}"'],
    ['{a=="b"}', '1:4: parse error: unexpected "=" in label matching, expected string'],
    ['{a!"b"}', "1:3: parse error: unexpected character after '!' inside braces: '\"'"],
    ['{a="b"}{c="d"}', '1:8: parse error: unexpected "{"'],
    ['{a{', "1:3: parse error: unexpected left brace '{'"],
    ['{a.b="c"}', "1:3: parse error: unexpected character inside braces: '.'"],
    ['{1a="b"}', "1:2: parse error: unexpected character inside braces: '1'"],
    ['up offset 5m', '1:4: parse error: unexpected identifier "offset"'],
    ['up[5m]', "1:3: parse error: unexpected character: '['"],
    ['up}', "1:3: parse error: unexpected right brace '}'"],
    ['rate(up[5m])', "1:5: parse error: unexpected character: '('"],
    ['{a="b', '1:4: parse error: unterminated quoted string'],
    ['{a="b\nc"}', '1:4: parse error: unterminated quoted string'],
    ['{a=`b', '1:4: parse error: unterminated raw string'],
    ['{a="\\q"}', "1:5: parse error: unknown escape sequence U+0071 'q'"],
    ["{a=\"\\'\"}", "1:5: parse error: unknown escape sequence U+0027 '''"],
    ['{a="\\x4"}', "1:5: parse error: illegal character U+0022 '\"' in escape sequence"],
    ['{a="\\400"}', '1:5: parse error: escape sequence is an invalid Unicode code point'],
    ['{a="\\ud800"}', '1:5: parse error: escape sequence is an invalid Unicode code point'],
    ['{a="\\xff"}', '1:4: parse error: invalid UTF-8 rune'],
    ['{a=~"("}', '1:2: parse error: error parsing regexp: Unterminated group: `(`'],
    ['{a=~"(?=x)"}', '1:2: parse error: error parsing regexp: invalid or unsupported Perl syntax: `(?=`'],
    ['{a!~"(a)\\\\1"}', '1:2: parse error: error parsing regexp: invalid or unsupported Perl syntax: `\\1`'],
    ['up{__name__="down"}', '1:1: parse error: metric name must not be set twice: "up" or "down"'],
    ['up{"down"}', '1:4: parse error: metric name must not be set twice: "up" or "down"'],
    ['{""="x"}', '1:2: parse error: label name must not be empty'],
    ['bool', '1:1: parse error: unexpected <bool>'],
    ['Inf', '1:1: parse error: unexpected number "Inf"'],
    ['{a="b",\n c=d}', '2:4: parse error: unexpected identifier "d" in label matching, expected string'],
  ];
  for (const [input, expected] of invalid) {
    it(JSON.stringify(input), () => {
      assert.throws(
        () => parseSeriesSelector(input),
        (e: unknown) => e instanceof SelectorParseError && e.kind === 'bad_input' && e.message === expected,
        `expected: ${expected}; got: ${String(catchMessage(() => parseSeriesSelector(input)))}`,
      );
    });
  }
});

describe('parseSeriesSelector: requireNonEmptyMatcher', () => {
  const cases: Array<[string, boolean]> = [
    ['up', true],
    ['{}', false],
    ['{foo=""}', false],
    ['{a=~".*"}', false],
    ['{a!="x"}', false],
    ['{a=~".*", b=~".+"}', true],
    ['{a!~".+"}', false],
    ['{a!=""}', true],
    ['{"my.metric"}', true],
  ];
  for (const [input, ok] of cases) {
    it(`${input} -> ${ok ? 'accepted' : 'rejected'}`, () => {
      const parse = () => parseSeriesSelector(input, { requireNonEmptyMatcher: true });
      if (ok) assert.ok(parse().length > 0);
      else assert.throws(parse, /1:1: parse error: vector selector must contain at least one non-empty matcher/);
    });
  }
  it('accepts {} without the option', () => assert.deepEqual(parseSeriesSelector('{}'), []));
});

describe('parseSeriesSelector: error details', () => {
  it('carries position and reason', () => {
    const e = catchError(() => parseSeriesSelector('{a="b",\n  c=~"("}'));
    assert.ok(e instanceof SelectorParseError);
    assert.deepEqual(e.position, { offset: 10, line: 2, column: 3 });
    assert.equal(e.reason, 'error parsing regexp: Unterminated group: `(`');
  });
});

describe('logql dialect', () => {
  const opts = { dialect: 'logql' } as const;
  it('parses a stream selector prefix and reports where it ends', () => {
    const input = '{app="api", env=~`prod|dev`} |= "x"';
    const { matchers, end } = parseSelectorPrefix(input, 0, opts);
    assert.equal(show(matchers), 'app="api", env=~"prod|dev"');
    assert.equal(input.slice(end), ' |= "x"');
  });
  it('rejects a metric name', () => assert.throws(() => parseSeriesSelector('up{a="b"}', opts), /1:1: parse error: unexpected identifier "up"/));
  it('rejects single quotes', () => assert.throws(() => parseSeriesSelector("{a='b'}", opts), /unexpected string 'b' in label matching, expected string/));
  it('rejects quoted label names', () => assert.throws(() => parseSeriesSelector('{"a"="b"}', opts), /expected identifier or "}"/));
});

describe('readStringLiteral', () => {
  const cases: Array<[string, string, number]> = [
    ['"abc" rest', 'abc', 5],
    ['`a\\nb`', 'a\\nb', 6],
    ['`multi\nline`', 'multi\nline', 12],
    ["'\\a\\b\\f\\v'", '\x07\b\f\v', 10],
    ['"\\\\"', '\\', 4],
    ['"\\u00e9\\U0001F600"', 'é😀', 18],
  ];
  for (const [input, value, end] of cases) {
    it(JSON.stringify(input), () => assert.deepEqual(readStringLiteral(input, 0), { value, end }));
  }
});

function catchError(fn: () => unknown): unknown {
  try {
    fn();
  } catch (e) {
    return e;
  }
  return undefined;
}

function catchMessage(fn: () => unknown): string | undefined {
  const e = catchError(fn);
  return e instanceof Error ? e.message : undefined;
}
