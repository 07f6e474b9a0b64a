import type { FastifyRequest } from 'fastify';
import type { Clock } from '../../model/index.js';
import type { LogqlEngine } from '../../query/logql/index.js';
import type { LogsReader } from '../../store/contract.js';

/** What the handlers of the Loki API need, resolved once from the plugin options. */
export interface LokiContext {
  readonly logs: LogsReader;
  /** Evaluates metric queries over `logs`. */
  readonly engine: LogqlEngine;
  readonly tenantOf: (request: FastifyRequest) => string;
  readonly maxEntriesLimit: number;
  readonly clock: Clock;
  readonly omniscopeVersion: string;
}

/** Loki's success envelope for label and series look-ups. */
export function success(data: unknown): { status: 'success'; data: unknown } {
  return { status: 'success', data };
}
