import type { MetricsReader } from '../../../store/contract.js';
import type { QueryResult } from '../engine/query-result.js';

/**
 * Which Prometheus the scripts expect: 3.x semantics for the top-level scripts, 2.42 for the
 * `v2.42.0/` copies. The engine factory decides what differs.
 */
export type PromqlMode = 'prometheus3' | 'prometheus2';

/**
 * What the runner needs from an engine. Both methods throw `PromqlError` when the query fails
 * (parse errors included); the error message is compared with `expect fail msg:` texts.
 * Any other exception is counted as an engine bug, never as an expected failure.
 */
export interface PromqlQueryable {
  instantQuery(q: { query: string; timeMs: number }): Promise<QueryResult>;
  rangeQuery(q: { query: string; startMs: number; endMs: number; stepMs: number }): Promise<QueryResult>;
}

/**
 * Builds an engine over one store. Called again after every `clear` (a fresh store). The
 * runner writes samples under `CONFORMANCE_TENANT` (or `RunnerOptions.tenant`); the engine
 * must read that tenant.
 */
export type QueryableFactory = (reader: MetricsReader, mode: PromqlMode) => PromqlQueryable;

/** Tenant the runner loads data into, unless `RunnerOptions.tenant` says otherwise. */
export const CONFORMANCE_TENANT = 'default';
