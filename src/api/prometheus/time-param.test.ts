import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MAX_TIME_MS, MIN_TIME_MS, parsePrometheusTimeMs } from './index.js';

describe('parsePrometheusTimeMs', () => {
  const cases: Array<[string, number | undefined]> = [
    ['0', 0],
    ['1700000000', 1_700_000_000_000],
    ['1700000000.123', 1_700_000_000_123],
    ['1700000000.1234', 1_700_000_000_123],
    // Float64 arithmetic as in Go: this fraction is 0.00049996..., so it rounds down.
    ['1700000000.0005', 1_700_000_000_000],
    ['0.0005', 1],
    ['-0.0005', -1],
    ['-1.5', -1500],
    ['1.7e9', 1_700_000_000_000],
    ['.5', 500],
    ['2023-11-14T22:13:20Z', 1_700_000_000_000],
    ['2023-11-14T22:13:20.123456789Z', 1_700_000_000_123],
    ['2023-11-15T00:13:20+02:00', 1_700_000_000_000],
    ['1969-12-31T23:59:59.9995Z', -1],
    ['-292273086-05-16T16:47:06Z', MIN_TIME_MS],
    ['292277025-08-18T07:12:54.999999999Z', MAX_TIME_MS],
    ['1e300', MAX_TIME_MS],
    ['-1e300', MIN_TIME_MS],
    ['now', undefined],
    ['', undefined],
    ['1h', undefined],
    ['Inf', undefined],
    ['2023-11-14', undefined],
  ];
  for (const [text, expected] of cases) it(JSON.stringify(text), () => assert.equal(parsePrometheusTimeMs(text), expected));
});
