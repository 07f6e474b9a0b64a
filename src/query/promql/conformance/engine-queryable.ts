import type { MetricsReader } from '../../../store/contract.js';
import { PromqlEngine } from '../engine/index.js';
import type { PromqlMode, PromqlQueryable } from './queryable.js';
import { CONFORMANCE_TENANT } from './queryable.js';

/**
 * The engine as the conformance runner drives it: the one place that knows the engine's API
 * (used by promql-conformance.test.ts and scripts/promql-conformance-report.ts).
 * Settings follow upstream's test engine (FORMAT.md "Engine settings"): lookback 5m, max
 * 10,000 samples per query, a generous timeout, 1m default subquery step.
 */
export function createEngineQueryable(reader: MetricsReader, mode: PromqlMode): PromqlQueryable {
  const engine = new PromqlEngine({
    reader,
    compatibility: mode,
    lookbackDeltaMs: 5 * 60_000,
    maxSamples: 10_000,
    timeoutMs: 100_000,
    defaultSubqueryStepMs: 60_000,
  });
  return {
    instantQuery: (q) => engine.instantQuery({ ...q, tenant: CONFORMANCE_TENANT }),
    rangeQuery: (q) => engine.rangeQuery({ ...q, tenant: CONFORMANCE_TENANT }),
  };
}
