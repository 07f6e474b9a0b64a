import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatFloatFixed6 as formatGoFixed } from '../parser/go-format.js';
import { validateSmoothingFactors } from './index.js';

describe('validateSmoothingFactors', () => {
  it('accepts factors strictly between 0 and 1, and NaN', () => {
    assert.equal(validateSmoothingFactors(0.01, 0.1), undefined);
    assert.equal(validateSmoothingFactors(NaN, NaN), undefined);
  });
  it('names the first bad factor with Go %f formatting', () => {
    assert.equal(validateSmoothingFactors(1, 0.5), 'invalid smoothing factor. Expected: 0 < sf < 1, got: 1.000000');
    assert.equal(validateSmoothingFactors(0, 2), 'invalid smoothing factor. Expected: 0 < sf < 1, got: 0.000000');
    assert.equal(validateSmoothingFactors(0.5, -0.25), 'invalid trend factor. Expected: 0 < tf < 1, got: -0.250000');
    assert.equal(validateSmoothingFactors(0.5, Infinity), 'invalid trend factor. Expected: 0 < tf < 1, got: +Inf');
  });
});

describe('formatGoFixed', () => {
  it('prints six decimals like Go', () => {
    assert.equal(formatGoFixed(1.5), '1.500000');
    assert.equal(formatGoFixed(-0), '-0.000000');
    assert.equal(formatGoFixed(-Infinity), '-Inf');
    assert.equal(formatGoFixed(NaN), 'NaN');
    assert.equal(formatGoFixed(1e21), '1000000000000000000000.000000');
  });
  it('rounds exact ties to even', () => {
    // 1/128 = 0.0078125 exactly: Go gives ...812, toFixed would give ...813.
    assert.equal(formatGoFixed(1 / 128), '0.007812');
    assert.equal(formatGoFixed(3 / 128), '0.023438');
    assert.equal(formatGoFixed(-1 / 128), '-0.007812');
  });
});
