import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MetricBatchBuilder, labelsFromRecord } from '../../../model/index.js';
import { createMemoryStore } from '../../../store/memory/index.js';
import { PromqlEngine } from './engine.js';

const T = Date.UTC(2025, 0, 1);

describe('large vectors', () => {
  it('functions over 200,000 series answer (no argument spreading that overflows the stack)', async () => {
    const store = createMemoryStore({ retention: { metricsMs: 86_400_000, logsMs: 1, tracesMs: 1 }, clock: () => T });
    try {
      const b = new MetricBatchBuilder('default');
      for (let i = 0; i < 200_000; i++) b.sample(b.series(labelsFromRecord({ __name__: 'x', i: String(i) })), T, -i);
      await store.metrics.appendMetrics(b.build());
      const engine = new PromqlEngine({ reader: store.metrics });
      const r = await engine.instantQuery({ query: 'sum(abs(x))', timeMs: T });
      assert.deepEqual(r.value, { type: 'vector', samples: [{ labels: [], timestampMs: T, value: (199_999 * 200_000) / 2 }] });
    } finally {
      await store.close();
    }
  });
});
