import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { buildTraceModel, summarizeTrace } from './span-tree';
import { SAMPLE_TRACE } from './test-fixtures';
import type { JaegerSpan, JaegerTrace } from './jaeger-types';

describe('span tree', () => {
  it('orders spans depth-first with children by start time, with depths and subtree ends', () => {
    const m = buildTraceModel(SAMPLE_TRACE);
    assert.deepEqual(m.rows.map((r) => [r.span.operationName, r.depth, r.parent, r.subtreeEnd, r.childCount]), [
      ['GET /checkout', 0, -1, 4, 2],
      ['cache get', 1, 0, 2, 0],
      ['pay', 1, 0, 4, 1],
      ['SELECT orders', 2, 2, 4, 0],
    ]);
    assert.deepEqual(m.rows.map((r) => r.offsetUs), [0, 100, 200, 300]);
    assert.equal(m.durationUs, 1000);
    assert.equal(m.errorCount, 2);
    assert.equal(m.maxDepth, 2);
    assert.deepEqual(m.services, ['frontend', 'backend']);
    assert.equal(m.rootService, 'frontend');
    assert.equal(m.rootOperation, 'GET /checkout');
    assert.equal(m.byId.get('d'), 3);
  });

  it('makes spans whose parent is missing roots, and survives a reference cycle', () => {
    const [a, b] = SAMPLE_TRACE.spans as [JaegerSpan, JaegerSpan];
    const cyc: JaegerTrace = {
      ...SAMPLE_TRACE,
      spans: [
        { ...a, references: [{ refType: 'CHILD_OF', traceID: a.traceID, spanID: b.spanID }] },
        { ...b, references: [{ refType: 'CHILD_OF', traceID: b.traceID, spanID: a.spanID }] },
        { ...a, spanID: 'orphan', references: [{ refType: 'CHILD_OF', traceID: a.traceID, spanID: 'gone' }] },
      ],
    };
    const m = buildTraceModel(cyc);
    assert.equal(m.rows.length, 3);
    assert.equal(new Set(m.rows.map((r) => r.span.spanID)).size, 3);
  });

  it('handles 1,000 spans in a deep chain quickly', () => {
    const base = SAMPLE_TRACE.spans[2] as JaegerSpan;
    const spans = Array.from({ length: 1000 }, (_, i): JaegerSpan => ({
      ...base,
      spanID: `s${i}`,
      references: i === 0 ? [] : [{ refType: 'CHILD_OF', traceID: base.traceID, spanID: `s${i - 1}` }],
      startTime: base.startTime + i,
    }));
    const started = performance.now();
    const m = buildTraceModel({ ...SAMPLE_TRACE, spans });
    assert.ok(performance.now() - started < 200);
    assert.equal(m.maxDepth, 999);
    assert.equal(m.rows[0]?.subtreeEnd, 1000);
  });

  it('summarizes a trace for the result list', () => {
    const s = summarizeTrace(SAMPLE_TRACE);
    assert.equal(s.rootService, 'frontend');
    assert.equal(s.rootOperation, 'GET /checkout');
    assert.equal(s.spanCount, 4);
    assert.equal(s.errorCount, 2);
    assert.equal(s.durationUs, 1000);
    assert.deepEqual(s.services, [{ name: 'backend', count: 2 }, { name: 'frontend', count: 2 }]);
  });
});
