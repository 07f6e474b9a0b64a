import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isStaleNaN } from '../../../model/index.js';
import type { LoadCommand, LoadedDataFeatures } from './index.js';
import {
  SKIP_EXTENDED_RANGE_SELECTORS,
  SKIP_NATIVE_HISTOGRAMS,
  buildLoadBatch,
  parseScript,
  scanExpression,
  skipReasonOf,
} from './index.js';

function load(script: string): LoadCommand {
  const [cmd] = parseScript(script);
  assert.ok(cmd?.kind === 'load');
  return cmd;
}

describe('buildLoadBatch', () => {
  it('places values on the step grid, skips gaps, keeps stale bit-exact, drops histograms', () => {
    const { batch, outcome } = buildLoadBatch(load('load 1m\n  foo 1 _ stale\n  nh {{sum:1}} 2\n'), 't');
    assert.equal(batch.tenant, 't');
    assert.deepEqual(Array.from(batch.timestampsMs), [0, 120_000, 60_000]);
    assert.equal(batch.values[0], 1);
    assert.ok(isStaleNaN(batch.values[1] as number));
    assert.equal(batch.values[2], 2);
    assert.equal(outcome.samples, 3);
    assert.deepEqual(outcome.nativeHistogramSeries, [[{ name: '__name__', value: 'nh' }]]);
  });
  it('keeps the last definition of a series listed twice', () => {
    const { batch } = buildLoadBatch(load('load 1m\n  foo 1 1\n  foo 2\n'), 't');
    assert.deepEqual(Array.from(batch.values), [2]);
  });
  it('lists the histograms load_with_nhcb would create', () => {
    const { outcome } = buildLoadBatch(
      load('load_with_nhcb 1m\n  h_bucket{le="0.1",a="x"} 1\n  h_bucket{le="+Inf",a="x"} 2\n  h_sum{a="x"} 3\n  odd_bucket{le="abc"} 1\n  other 1\n'),
      't',
    );
    assert.deepEqual(outcome.nhcbSeries, [
      [
        { name: '__name__', value: 'h' },
        { name: 'a', value: 'x' },
      ],
    ]);
  });
});

describe('skipReasonOf', () => {
  const data: LoadedDataFeatures = {
    histogramSeries: [
      [
        { name: '__name__', value: 'nh' },
        { name: 'job', value: 'api' },
      ],
    ],
  };
  const reason = (expr: string, unsupported: string[] = []): string | undefined => {
    const ev = parseScript(`eval instant at 0 ${expr}\n`)[0];
    assert.ok(ev?.kind === 'eval');
    return skipReasonOf(ev, data, new Set(unsupported));
  };
  it('skips evals whose selectors can reach a histogram series', () => {
    assert.equal(reason('sum(nh)'), SKIP_NATIVE_HISTOGRAMS);
    assert.equal(reason('rate({__name__=~"n.*"}[5m])'), SKIP_NATIVE_HISTOGRAMS);
    assert.equal(reason('max({job="api"})'), SKIP_NATIVE_HISTOGRAMS);
    assert.equal(reason('count({"nh"})'), SKIP_NATIVE_HISTOGRAMS);
    assert.equal(reason('sum by (job) (other)'), undefined);
    assert.equal(reason('nh{job="web"}'), undefined);
    assert.equal(reason('label_replace(other, "x", "nh", "", "")'), undefined);
  });
  it('skips extended range selectors and listed functions', () => {
    assert.equal(reason('rate(other[1m] anchored)'), SKIP_EXTENDED_RANGE_SELECTORS);
    assert.equal(reason('other smoothed'), SKIP_EXTENDED_RANGE_SELECTORS);
    assert.equal(reason('other and smoothed'), undefined);
    assert.equal(reason('info(other)', ['info']), 'function info() is not supported');
    assert.equal(reason('sum by (info) (other)', ['info']), undefined);
  });
  it('scans calls and selectors outside strings', () => {
    const f = scanExpression('rate(foo{a="rate(", b=~"x"}[5m]) # abs(\n + on(job) bar');
    assert.deepEqual([...f.calls].sort(), ['on', 'rate']);
    assert.deepEqual(f.selectors, ['foo{a="rate(", b=~"x"}', 'job', 'bar']);
  });
});
