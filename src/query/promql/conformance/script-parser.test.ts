import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { isStaleNaN } from '../../../model/index.js';
import type { EvalCommand, LoadCommand, SequenceValue } from './index.js';
import { listConformanceFiles, parseGoNumber, parseScript, parseValueSequence, ScriptParseError } from './index.js';

/** Expanded values as short strings: numbers, `_`, `stale`, `H` for a histogram. */
function expand(text: string): string[] {
  return parseValueSequence(text).map((v: SequenceValue) => {
    if (v.kind === 'omitted') return '_';
    if (v.kind === 'histogram') return 'H';
    return isStaleNaN(v.value) ? 'stale' : String(v.value);
  });
}

function onlyEval(script: string): EvalCommand {
  const cmds = parseScript(script);
  const ev = cmds.find((c) => c.kind === 'eval');
  assert.ok(ev !== undefined && ev.kind === 'eval');
  return ev;
}

describe('parseValueSequence', () => {
  it('expands the notation', () => {
    assert.deepEqual(expand('7 -2.5 1e3'), ['7', '-2.5', '1000']);
    assert.deepEqual(expand('1+2x3'), ['1', '3', '5', '7']);
    assert.deepEqual(expand('5-1x2'), ['5', '4', '3']);
    assert.deepEqual(expand('-1-1x2'), ['-1', '-2', '-3']);
    assert.deepEqual(expand('3x2'), ['3', '3', '3']);
    assert.deepEqual(expand('0x3'), ['0', '0', '0', '0']);
    assert.deepEqual(expand('1e-1+1e+0x1'), ['0.1', '1.1']);
    assert.deepEqual(expand('_ 1 _x3 2'), ['_', '1', '_', '_', '_', '2']);
    assert.deepEqual(expand('1 stale 2'), ['1', 'stale', '2']);
    assert.deepEqual(expand('Inf +Inf -Inf NaN inf .5 1_000'), ['Infinity', 'Infinity', '-Infinity', 'NaN', 'Infinity', '0.5', '1000']);
  });
  it('marks native histogram literals, with repetition and increments', () => {
    assert.deepEqual(expand('{{schema:0 sum:5 count:4 buckets:[1 2 1]}} 1'), ['H', '1']);
    assert.deepEqual(expand('{{sum:1 count:1}}x2'), ['H', 'H', 'H']);
    assert.deepEqual(expand('{{sum:1}}+{{sum:2}}x1 _'), ['H', 'H', '_']);
    const [h] = parseValueSequence('{{count:1 counter_reset_hint:gauge}}');
    assert.ok(h?.kind === 'histogram' && h.counterResetHintSet);
  });
  it('accumulates increments like upstream (rounding included)', () => {
    const values = parseValueSequence('0+0.1x3').map((v) => (v.kind === 'float' ? v.value : NaN));
    assert.deepEqual(values, [0, 0.1, 0.2, 0.30000000000000004]);
  });
  it('rejects malformed items', () => {
    assert.throws(() => parseValueSequence('1+x3'));
    assert.throws(() => parseValueSequence('abc'));
    assert.throws(() => parseValueSequence('1x'));
    assert.throws(() => parseValueSequence('{{sum:1'));
  });
});

describe('parseGoNumber', () => {
  it('reads scalar lines like strconv', () => {
    assert.equal(parseGoNumber('42'), 42);
    assert.equal(parseGoNumber('-Inf'), -Infinity);
    assert.ok(Number.isNaN(parseGoNumber('NaN')));
    assert.equal(parseGoNumber('0x1f'), 31);
    assert.equal(parseGoNumber('010'), 8);
    assert.equal(parseGoNumber('1.5e3'), 1500);
    assert.equal(parseGoNumber('foo'), undefined);
    assert.equal(parseGoNumber('{}'), undefined);
  });
});

describe('parseScript', () => {
  it('parses load with series syntax and steps', () => {
    const [load] = parseScript('load 5m\n  foo{a="x", b="y\\n"} 1 2\n  {__name__="bar"} _ 3\n  baz{} 0+1x1\n');
    assert.ok(load?.kind === 'load');
    const l = load as LoadCommand;
    assert.equal(l.stepMs, 300_000);
    assert.equal(l.series.length, 3);
    assert.deepEqual(l.series[0]?.labels, [
      { name: '__name__', value: 'foo' },
      { name: 'a', value: 'x' },
      { name: 'b', value: 'y\n' },
    ]);
    assert.equal(l.series[0]?.line, 2);
    assert.deepEqual(l.series[1]?.labels, [{ name: '__name__', value: 'bar' }]);
    assert.equal(l.withNhcb, false);
  });
  it('parses load_with_nhcb, bare names before histograms, and @st lines', () => {
    const cmds = parseScript('load_with_nhcb 1m\n  h_bucket{le="1"} 1\n\nload 1m\n  nh {{sum:1}}\n  series{a="b"}@st -1m 0s\n  series{a="b"} 1 2\n');
    assert.ok(cmds[0]?.kind === 'load' && cmds[0].withNhcb);
    assert.ok(cmds[1]?.kind === 'load');
    const l = cmds[1] as LoadCommand;
    assert.deepEqual(l.series[0]?.labels, [{ name: '__name__', value: 'nh' }]);
    assert.equal(l.startTimestampLines, 1);
    assert.equal(l.series.length, 2);
  });
  it('parses instant and range headers', () => {
    const i = onlyEval('eval instant at 1h30m sum(foo)\n');
    assert.deepEqual(i.query, { type: 'instant', timeMs: 5_400_000 });
    assert.equal(i.expr, 'sum(foo)');
    assert.deepEqual(i.results, { kind: 'series', series: [] });
    const r = onlyEval('eval range from 0 to 10m step 1m rate(foo[5m]) + 1\n  {} 1 _ 2x2\n');
    assert.deepEqual(r.query, { type: 'range', startMs: 0, endMs: 600_000, stepMs: 60_000 });
    assert.equal(r.expr, 'rate(foo[5m]) + 1');
    assert.ok(r.results.kind === 'series');
    assert.equal(r.results.series[0]?.values.length, 5);
  });
  it('parses expect directives', () => {
    const ev = onlyEval(
      [
        'eval instant at 0 foo',
        '  expect fail msg: something went wrong',
        '  expect warn regex: PromQL warning: .* \\(1:5\\)',
        '  expect warn',
        '  expect no_info',
        '  expect ordered',
      ].join('\n'),
    );
    assert.deepEqual(ev.expect.fail, { kind: 'message', text: 'something went wrong' });
    assert.equal(ev.expect.warn.length, 2);
    assert.equal(ev.expect.warn[0]?.kind, 'regex');
    assert.deepEqual(ev.expect.warn[1], { kind: 'any' });
    assert.equal(ev.expect.noInfo, true);
    assert.equal(ev.expect.ordered, true);
  });
  it('parses expect string and expect range vector', () => {
    assert.equal(onlyEval('eval instant at 0 "a"\n  expect string "a\\tb"').expect.string, 'a\tb');
    assert.equal(onlyEval('eval instant at 0 "a"\n  expect string `x\\y`').expect.string, 'x\\y');
    const rv = onlyEval('eval instant at 1m foo[1m]\n  expect range vector from 10s to 1m step 10s\n  foo 1 2 3');
    assert.deepEqual(rv.expect.rangeVector, { startMs: 10_000, endMs: 60_000, stepMs: 10_000 });
  });
  it('parses legacy headers and fail lines', () => {
    const f = onlyEval('eval_fail instant at 0 foo\n  expected_fail_message boom here');
    assert.deepEqual(f.expect.fail, { kind: 'message', text: 'boom here' });
    const r = onlyEval('eval_fail instant at 0 foo\n  expected_fail_regexp bo+m');
    assert.equal(r.expect.fail?.kind, 'regex');
    assert.deepEqual(onlyEval('eval_fail instant at 0 foo').expect.fail, { kind: 'any' });
    assert.equal(onlyEval('eval_ordered instant at 0 foo').expect.ordered, true);
    assert.deepEqual(onlyEval('eval_warn range from 0 to 1m step 1m foo').expect.warn, [{ kind: 'any' }]);
    assert.deepEqual(onlyEval('eval_info instant at 0 foo').expect.info, [{ kind: 'any' }]);
  });
  it('reads a scalar result line and ends the eval there', () => {
    const cmds = parseScript('eval instant at 0 1+1\n  2\nclear\n');
    assert.deepEqual((cmds[0] as EvalCommand).results, { kind: 'scalar', value: 2, line: 2 });
    assert.equal(cmds[1]?.kind, 'clear');
  });
  it('starts a new command right after clear', () => {
    const cmds = parseScript('# comment\nclear\nload 1m\n  foo 1\n');
    assert.deepEqual(
      cmds.map((c) => [c.kind, c.line]),
      [
        ['clear', 2],
        ['load', 3],
      ],
    );
  });
  it('rejects what upstream rejects, with the line', () => {
    const bad: [string, number][] = [
      ['frobnicate 5m', 1],
      ['eval instant at 0 foo\n  expect warn\n  expect no_warn', 3],
      ['eval instant at 0 foo\n  expect fail\n  expect fail', 3],
      ['eval instant at 0 foo\n  foo 1 2', 2],
      ['eval instant at 0 foo\n  expect bogus', 2],
      ['load 5m\n  foo{a=~"x"} 1', 2],
      ['load 5x\n  foo 1', 1],
      ['eval range from 10m to 0 step 1m foo', 1],
    ];
    for (const [script, line] of bad) {
      assert.throws(
        () => parseScript(script),
        (e: unknown) => e instanceof ScriptParseError && e.line === line,
        script,
      );
    }
  });
  it('parses every upstream script; counts match FORMAT.md', () => {
    let evals = 0;
    let instant = 0;
    let loads = 0;
    let nhcb = 0;
    let clears = 0;
    for (const f of listConformanceFiles().filter((x) => x.mode === 'prometheus3')) {
      for (const c of parseScript(readFileSync(f.path, 'utf8'))) {
        if (c.kind === 'eval') {
          evals++;
          if (c.query.type === 'instant') instant++;
        } else if (c.kind === 'load') {
          loads++;
          if (c.withNhcb) nhcb++;
        } else {
          clears++;
        }
      }
    }
    assert.deepEqual({ evals, instant, loads, nhcb, clears }, { evals: 2214, instant: 1885, loads: 310, nhcb: 33, clears: 231 });
    for (const f of listConformanceFiles().filter((x) => x.mode === 'prometheus2')) parseScript(readFileSync(f.path, 'utf8'));
  });
});
