import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { buildFindIndex, findMatches } from './find-in-trace';
import { buildTraceModel } from './span-tree';
import { SAMPLE_TRACE } from './test-fixtures';

const model = buildTraceModel(SAMPLE_TRACE);
const index = buildFindIndex(SAMPLE_TRACE, model);

describe('find in trace', () => {
  it('matches names, services, attributes and process tags, case-insensitively', () => {
    assert.deepEqual(findMatches(index, 'select'), [3]);
    assert.deepEqual(findMatches(index, 'BACKEND'), [2, 3]);
    assert.deepEqual(findMatches(index, 'postgresql'), [3]);
    assert.deepEqual(findMatches(index, 'http.method=GET'), [0]);
    assert.deepEqual(findMatches(index, 'web-1'), [0, 1]);
  });
  it('needs every term, and finds nothing for a blank query', () => {
    assert.deepEqual(findMatches(index, 'frontend cache'), [1]);
    assert.deepEqual(findMatches(index, '  '), []);
    assert.deepEqual(findMatches(index, 'nope'), []);
  });
});
