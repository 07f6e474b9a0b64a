import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { detectLevel, detectTraceId, formatTimestamp, normalizeLevel, splitTraceIds, toRows } from './log-lines';

const TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';

describe('level detection', () => {
  it('normalizes level words', () => {
    assert.equal(normalizeLevel('WARNING'), 'warn');
    assert.equal(normalizeLevel('Info3'), 'info');
    assert.equal(normalizeLevel('critical'), 'fatal');
    assert.equal(normalizeLevel('chatty'), null);
  });

  it('prefers the stream label, then metadata, then the line', () => {
    assert.equal(detectLevel({ level: 'error' }, { level: 'info' }, 'level=debug'), 'error');
    assert.equal(detectLevel({ app: 'x' }, { detected_level: 'warn' }, 'INFO hi'), 'warn');
    assert.equal(detectLevel({}, {}, 'ts=1 level=debug msg="x"'), 'debug');
    assert.equal(detectLevel({}, {}, '{"msg":"x","level":"ERROR"}'), 'error');
    assert.equal(detectLevel({}, {}, '2024-05-01 10:00:00 [WARN] disk almost full'), 'warn');
    assert.equal(detectLevel({}, {}, 'an information-free line'), 'unknown');
    assert.equal(detectLevel({ level: 'unknown' }, {}, 'just text'), 'unknown');
  });
});

describe('trace id detection', () => {
  it('reads metadata first, then the line, ignoring all-zero and longer hex runs', () => {
    assert.equal(detectTraceId({}, { trace_id: TRACE.toUpperCase() }, ''), TRACE);
    assert.equal(detectTraceId({}, {}, `failed trace=${TRACE} retry`), TRACE);
    assert.equal(detectTraceId({}, { trace_id: '0'.repeat(32) }, 'nothing'), null);
    assert.equal(detectTraceId({}, {}, `sha ${TRACE}ab`), null);
  });

  it('splits a line around trace ids', () => {
    assert.deepEqual(splitTraceIds(`a ${TRACE} b`), [{ text: 'a ' }, { traceId: TRACE, text: TRACE }, { text: ' b' }]);
    assert.deepEqual(splitTraceIds('plain'), [{ text: 'plain' }]);
    assert.deepEqual(splitTraceIds(''), [{ text: '' }]);
  });
});

describe('rows', () => {
  it('merges streams newest first with metadata, level and trace id', () => {
    const rows = toRows([
      { stream: { app: 'a', level: 'info' }, values: [['1700000000000000003', 'three'], ['1700000000000000001', 'one']] },
      { stream: { app: 'b', level: 'error' }, values: [['1700000000000000002', 'two', { structuredMetadata: { trace_id: TRACE } }], ['1700000000000000004', 'four', {}]] },
    ]);
    assert.deepEqual(rows.map((r) => r.line), ['four', 'three', 'two', 'one']);
    assert.equal(rows[2]?.traceId, TRACE);
    assert.equal(rows[2]?.level, 'error');
    assert.deepEqual(rows[2]?.metadata, { trace_id: TRACE });
    assert.equal(rows[0]?.ms, 1_700_000_000_000);
    assert.equal(new Set(rows.map((r) => r.key)).size, 4);
  });

  it('formats a timestamp with milliseconds', () => {
    assert.match(formatTimestamp(Date.UTC(2024, 4, 1, 10, 0, 0, 7)), /^2024-05-0\d \d\d:\d\d:00\.007$/);
  });
});
