import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { isOmniscopeError } from '../../../model/errors.js';
import type { ExpositionFormat } from './index.js';
import { ExpositionParseError, ExpositionParser } from './index.js';
import { parseErrorOf } from './exposition.test-helper.js';

/** [page, line the error names, message pattern (after "line N: ")]. */
type Case = readonly [string, number, RegExp];

function check(format: ExpositionFormat, [page, line, pattern]: Case): void {
  const { message, line: errorLine } = parseErrorOf(page, format);
  assert.equal(errorLine, line, message);
  assert.ok(message.startsWith(`line ${line}: `), message);
  assert.match(message.slice(`line ${line}: `.length), pattern);
}

const TEXT_CASES: Case[] = [
  ['foo\n', 1, /^expected a value after the series \(a float value .*\), got end of line in "foo"$/],
  ['foo{a="b"}\n', 1, /^expected a value after the series/],
  ['foo abc\n', 1, /^expected a float value \(like 12, -3\.5e-3, \+Inf or NaN\), got "abc" in "foo abc"$/],
  ['a 1\n\n# comment\nb{x="1"} zz\n', 4, /got "zz" in "b\{x=\\"1\\"\} zz"$/],
  ['foo 0x1p-2\n', 1, /^expected a float value.*got "0x1p-2"/],
  ['foo 0x10\n', 1, /^expected a float value/],
  ['foo 1_000\n', 1, /^expected a float value/],
  ['foo +NaN\n', 1, /^expected a float value/],
  ['foo 1e400\n', 1, /^expected a float value/],
  ['foo 1.2.3\n', 1, /^expected a float value/],
  ['foo 1e\n', 1, /^expected a float value/],
  ['foo infin\n', 1, /^expected a float value/],
  ['foo 1 12.5\n', 1, /^expected a timestamp in integer milliseconds or the end of the line after the value, got "12\.5"/],
  ['foo 1 -5\n', 1, /^expected a timestamp in integer milliseconds/],
  ['foo 1 99999999999999999999\n', 1, /^expected a timestamp in integer milliseconds/],
  ['foo 1 2 x\n', 1, /^expected the end of the line after the timestamp, got "x" in "foo 1 2 x"$/],
  ['foo 1 # {a="b"} 1\n', 1, /exemplars exist only in OpenMetrics/],
  ['foo{a="b} 1\n', 1, /^label value is not terminated by a closing quote in/],
  ['foo{a="b\\"} 1\n', 1, /^label value is not terminated by a closing quote/],
  ['foo{1a="b"} 1\n', 1, /^expected a label name .* or "\}", got "1a=\\"b\\"\}"/],
  ['foo{a-b="c"} 1\n', 1, /^expected "=" after the label name "a", got "-b=/],
  ['foo{a} 1\n', 1, /^expected "=" after the label name "a", got "\}"/],
  ['foo{a=b} 1\n', 1, /^expected a double-quoted label value after "="/],
  ['foo{,} 1\n', 1, /^expected a label name/],
  ['foo{a="1",,} 1\n', 1, /^expected a label name/],
  ['foo{a="b" 1\n', 1, /^expected "," or "\}" after a label value, got "1"/],
  ['foo{a="b",\n', 1, /^the label set is not closed with "\}"/],
  ['foo{a="b"\n', 1, /^the label set is not closed with "\}"/],
  ['foo{a="1",a="2"} 1\n', 1, /^duplicate label name "a"/],
  ['foo{b="1",a="2",c="3",a="4"} 1\n', 1, /^duplicate label name "a"/],
  ['foo{a="1","a"="2"} 1\n', 1, /^duplicate label name "a"/],
  ['foo{__name__="bar"} 1\n', 1, /^the metric name must not also be given as a __name__ label/],
  ['{__name__="bar"} 1\n', 1, /^the series has no metric name/],
  ['{a="b"} 1\n', 1, /^the series has no metric name/],
  ['foo{"bar"} 1\n', 1, /^the metric name is given twice/],
  ['{""} 1\n', 1, /^the metric name is empty/],
  ['foo{""="x"} 1\n', 1, /^a label name is empty/],
  ['foo-bar 1\n', 1, /^expected "\{" or a space after the metric name "foo", got "-bar"/],
  ['=foo 1\n', 1, /^expected a metric name, "\{" or "#" at the start of the line, got "=foo"/],
  ['"foo" 1\n', 1, /^expected a metric name, "\{" or "#"/],
  ['# TYPE foo bar\n', 1, /^invalid metric type "bar" \(expected one of counter, gauge, histogram, summary, untyped\)/],
  ['# TYPE foo gaugehistogram\n', 1, /^invalid metric type "gaugehistogram"/],
  ['# TYPE foo\n', 1, /^invalid metric type ""/],
  ['# HELP 1foo x\n', 1, /^expected a metric name after # HELP, got "1foo"/],
  ['# HELP \n', 1, /^expected a metric name after # HELP, got end of line/],
  ['# TYPE foo-bar counter\n', 1, /^expected a space after the metric name in # TYPE, got "-bar"/],
  ['# HELP "foo x\n', 1, /^quoted metric name is not terminated/],
];

const OPENMETRICS_CASES: Case[] = [
  ['foo 1\n', 1, /^the OpenMetrics data does not end with "# EOF"$/],
  ['', 1, /^the OpenMetrics data does not end with "# EOF"$/],
  ['# TYPE a gauge\na 1\n', 2, /does not end with "# EOF"/],
  ['# EOF\nfoo 1\n', 2, /^unexpected data after "# EOF" in "foo 1"$/],
  ['# EOF\n\n', 2, /^unexpected data after "# EOF"/],
  ['# EOF \n', 1, /^"# EOF" must be alone on its line/],
  ['a 1\n\n# EOF\n', 2, /^unexpected blank line \(OpenMetrics allows none\)/],
  ['# hello\n# EOF\n', 1, /^expected "# HELP", "# TYPE", "# UNIT" or "# EOF" \(OpenMetrics has no other comments\), got "hello"/],
  ['#HELP a b\n# EOF\n', 1, /^expected "# HELP"/],
  [' foo 1\n# EOF\n', 1, /^expected a metric name, "\{" or "#" at the start of the line/],
  ['foo  1\n# EOF\n', 1, /^expected a value after the series \(one space, then a float value/],
  ['foo\t1\n# EOF\n', 1, /^expected "\{" or a space after the metric name "foo"/],
  ['foo{a="1", b="2"} 1\n# EOF\n', 1, /^expected a label name/],
  ['foo{a="1"}1\n# EOF\n', 1, /^expected a space and then the value after the series/],
  ['foo 1 \n# EOF\n', 1, /^expected a timestamp in seconds or an exemplar/],
  ['foo 1 NaN\n# EOF\n', 1, /^expected a timestamp in seconds/],
  ['foo 1 +Inf\n# EOF\n', 1, /^expected a timestamp in seconds/],
  ['foo 1 1e30\n# EOF\n', 1, /^expected a timestamp in seconds/],
  ['foo 1 2 3\n# EOF\n', 1, /^expected an exemplar \("# \{\.\.\.\} value"\) or the end of the line after the timestamp, got "3"/],
  ['foo 1 # trace\n# EOF\n', 1, /^expected an exemplar: "# \{labels\} value \[timestamp\]", got "# t"/],
  ['foo_total 1 # {"x"} 1\n# EOF\n', 1, /^an exemplar label set cannot contain a metric name/],
  ['foo_total 1 # {a="b"}\n# EOF\n', 1, /^expected a space and then the exemplar value after its labels, got end of line/],
  ['foo_total 1 # {a="b"} x\n# EOF\n', 1, /^expected an exemplar value/],
  ['foo_total 1 # {a="b"} 1 NaN\n# EOF\n', 1, /^expected an exemplar timestamp in seconds/],
  ['foo_total 1 # {a="b"} 1 2 3\n# EOF\n', 1, /^expected the end of the line after the exemplar, got "3"/],
  ['foo_total 1 # {a="1",a="2"} 1\n# EOF\n', 1, /^duplicate label name "a"/],
  ['# TYPE foo untyped\n# EOF\n', 1, /^invalid metric type "untyped" \(expected one of counter, gauge, histogram, gaugehistogram, summary, info, stateset, unknown\)/],
  ['# TYPE foo  counter\n# EOF\n', 1, /^invalid metric type " counter"/],
  ['# UNIT foo_bytes seconds\n# EOF\n', 1, /^unit "seconds" is not a suffix of the metric name "foo_bytes"/],
  ['# UNIT seconds seconds\n# EOF\n', 1, /^unit "seconds" is not a suffix/],
  ['# HELP foo\tbar\n# EOF\n', 1, /^expected a space after the metric name in # HELP/],
];

describe('text format errors name the line, quote the text and say what was expected', () => {
  for (const c of TEXT_CASES) it(JSON.stringify(c[0]), () => check('prometheus-text', c));
});

describe('OpenMetrics errors', () => {
  for (const c of OPENMETRICS_CASES) it(JSON.stringify(c[0]), () => check('openmetrics', c));
});

describe('error behaviour', () => {
  it('is an ExpositionParseError with kind bad_input, line and column', () => {
    const p = new ExpositionParser('ok 1\nfoo{a="1"} bad\n', 'prometheus-text');
    p.next();
    assert.throws(
      () => p.next(),
      (e: unknown) => e instanceof ExpositionParseError && isOmniscopeError(e) && e.kind === 'bad_input' && e.line === 2 && e.column === 12,
    );
  });
  it('is sticky: later next() calls throw the same error', () => {
    const p = new ExpositionParser('foo abc\nbar 1\n', 'prometheus-text');
    let first: unknown;
    try {
      p.next();
    } catch (e) {
      first = e;
    }
    assert.ok(first instanceof ExpositionParseError);
    assert.throws(() => p.next(), (e: unknown) => e === first);
  });
  it('quotes at most 100 characters of a long line, around the error', () => {
    const long = `foo{${Array.from({ length: 40 }, (_, i) => `label_${i}="value_${i}"`).join(',')}} oops\n`;
    const { message } = parseErrorOf(long);
    const quoted = message.slice(message.lastIndexOf(' in ') + 4);
    const line = JSON.parse(quoted) as string;
    assert.ok(line.length <= 102, `${line.length}: ${line}`);
    assert.ok(line.startsWith('…') && line.endsWith('oops'), line);
    assert.ok(message.length < 300, message);
  });
  it('truncates a long offending token', () => {
    const { message } = parseErrorOf(`foo ${'9'.repeat(30)}x${'9'.repeat(100)}\n`);
    assert.match(message, /got "9{30}x9{9}…"/);
  });
});
