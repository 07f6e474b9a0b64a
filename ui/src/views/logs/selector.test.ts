import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { buildSelector, escapeRegex, quoteLogql } from './selector';

describe('stream selector building', () => {
  it('is empty when nothing is picked', () => {
    assert.equal(buildSelector(new Map()), '');
    assert.equal(buildSelector(new Map([['app', []]])), '');
  });

  it('uses = for one value and =~ for several, in pick order', () => {
    const picks = new Map([
      ['service_name', ['checkout']],
      ['level', ['error', 'warn']],
      ['env', []],
    ]);
    assert.equal(buildSelector(picks), '{service_name="checkout", level=~"error|warn"}');
  });

  it('quotes and escapes values', () => {
    assert.equal(quoteLogql('a"b\\c'), '"a\\"b\\\\c"');
    assert.equal(escapeRegex('a.b(c)|d'), 'a\\.b\\(c\\)\\|d');
    assert.equal(buildSelector(new Map([['path', ['/a.b', '/c']]])), '{path=~"/a\\\\.b|/c"}');
  });
});
