import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_LIMIT, readLogsState, writeLogsState } from './logs-state';

describe('logs URL state', () => {
  it('reads defaults from an empty query string', () => {
    assert.deepEqual(readLogsState(new URLSearchParams()), { query: '', limit: DEFAULT_LIMIT });
  });

  it('round-trips query and limit and keeps the global range', () => {
    const params = writeLogsState(new URLSearchParams('from=now-15m&to=now'), { query: '{app="api"} |= "x"', limit: 5000 });
    assert.equal(params.get('from'), 'now-15m');
    assert.deepEqual(readLogsState(params), { query: '{app="api"} |= "x"', limit: 5000 });
  });

  it('leaves the default limit and an empty query out, and ignores a bad limit', () => {
    const params = writeLogsState(new URLSearchParams('query=x&limit=10'), { query: '', limit: DEFAULT_LIMIT });
    assert.equal(params.toString(), '');
    assert.equal(readLogsState(new URLSearchParams('limit=-3')).limit, DEFAULT_LIMIT);
    assert.equal(readLogsState(new URLSearchParams('limit=abc')).limit, DEFAULT_LIMIT);
  });
});
