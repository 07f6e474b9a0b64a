import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { describeRange, parseDurationMs, parseTimeExpr, resolveRange, stepSecondsFor } from './time-range';

const NOW = Date.UTC(2024, 4, 1, 12, 0, 0);

describe('time range', () => {
  it('parses durations', () => {
    assert.equal(parseDurationMs('15m'), 900_000);
    assert.equal(parseDurationMs('1h30m'), 5_400_000);
    assert.equal(parseDurationMs('2d'), 172_800_000);
    assert.equal(parseDurationMs('1x'), null);
    assert.equal(parseDurationMs(''), null);
    assert.equal(parseDurationMs('5m '), null);
  });
  it('parses relative and absolute times', () => {
    assert.equal(parseTimeExpr('now', NOW), NOW);
    assert.equal(parseTimeExpr('now-1h', NOW), NOW - 3_600_000);
    assert.equal(parseTimeExpr('now-', NOW), null);
    assert.equal(parseTimeExpr(String(NOW), NOW), NOW);
    assert.equal(parseTimeExpr('2024-05-01T10:00:00Z', NOW), Date.UTC(2024, 4, 1, 10));
    assert.equal(parseTimeExpr('2024-05-01 10:00:30', NOW), new Date(2024, 4, 1, 10, 0, 30).getTime());
    assert.equal(parseTimeExpr('2024-05-01', NOW), new Date(2024, 4, 1).getTime());
    assert.equal(parseTimeExpr('yesterday', NOW), null);
  });
  it('resolves ranges and says what is wrong', () => {
    assert.deepEqual(resolveRange({ from: 'now-15m', to: 'now' }, NOW), { startMs: NOW - 900_000, endMs: NOW });
    assert.match((resolveRange({ from: 'now', to: 'now-1h' }, NOW) as { error: string }).error, /before its end/);
    assert.match((resolveRange({ from: 'soon', to: 'now' }, NOW) as { error: string }).error, /"soon" is not a time/);
  });
  it('describes ranges', () => {
    assert.equal(describeRange({ from: 'now-1h', to: 'now' }), 'Last 1 hour');
    assert.equal(describeRange({ from: 'now-90m', to: 'now' }), 'Last 90m');
    assert.equal(describeRange({ from: '2024-05-01 10:00:00', to: 'now' }), '2024-05-01 10:00:00 to now');
  });
  it('picks readable steps', () => {
    assert.equal(stepSecondsFor({ startMs: 0, endMs: 3_600_000 }), 15);
    assert.equal(stepSecondsFor({ startMs: 0, endMs: 60_000 }), 1);
    assert.equal(stepSecondsFor({ startMs: 0, endMs: 86_400_000 }), 600);
  });
});
