import type { FastifyRequest } from 'fastify';
import type { MetricsReader } from '../../store/contract.js';
import type { RangeDefaults } from './request-params.js';

/** What the handlers of the Prometheus API need, resolved once from the plugin options. */
export interface PrometheusContext {
  readonly metrics: MetricsReader;
  readonly tenantOf: (request: FastifyRequest) => string;
  readonly rangeDefaults: RangeDefaults;
  /** Upper bound on series returned by /series whatever `limit` says; 0 = none. */
  readonly maxSeriesLimit: number;
  readonly omniscopeVersion: string;
}

/** The message Prometheus attaches when `limit` cut a result short. */
export const TRUNCATED_WARNING = 'results truncated due to limit';

/** Prometheus's success envelope; `warnings` only when there are some. */
export function success(data: unknown, warnings: readonly string[] = []): Record<string, unknown> {
  return warnings.length === 0 ? { status: 'success', data } : { status: 'success', data, warnings };
}
