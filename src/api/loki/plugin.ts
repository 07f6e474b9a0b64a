import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { Clock } from '../../model/index.js';
import { systemClock } from '../../model/index.js';
import { LogqlEngine } from '../../query/logql/index.js';
import type { LogsReader } from '../../store/contract.js';
import { registerFormBodyParser } from '../shared/index.js';
import { buildInfoHandler } from './buildinfo-handler.js';
import type { LokiContext } from './context.js';
import { sendLokiError } from './errors.js';
import { labelNamesHandler, labelValuesHandler, seriesHandler } from './labels-handler.js';
import { instantQueryHandler, queryRangeHandler } from './query-handlers.js';

export interface LokiApiOptions {
  readonly logs: LogsReader;
  /** The tenant of a request; may throw an OmniscopeError (e.g. bad_input when a header is missing). */
  readonly tenantOf: (request: FastifyRequest) => string;
  /** Largest `limit` a query may ask for (Loki's max_entries_limit_per_query); default 5000. */
  readonly maxEntriesLimit?: number;
  /** Most series a metric query may answer (Loki's max_query_series); default 500. */
  readonly maxQuerySeries?: number;
  /** Longest a metric query may run, in ms (Loki's query_timeout); default 60,000. */
  readonly queryTimeoutMs?: number;
  /** Shown in /status/buildinfo. */
  readonly omniscopeVersion?: string;
  /** "Now" for default time ranges; tests inject one. */
  readonly clock?: Clock;
}

/**
 * Loki's HTTP query API at its standard paths, GET and POST (form body) for each:
 * `/loki/api/v1/labels` (alias `/label`), `/loki/api/v1/label/:name/values`,
 * `/loki/api/v1/series`, `/loki/api/v1/query_range`, `/loki/api/v1/query`, plus
 * `/loki/api/v1/status/buildinfo` (GET). Queries are log queries (a stream selector with line
 * filters and string label filters) or metric queries over them (see parseLogql and
 * LogqlEngine). Every error, including Fastify's own, goes through `sendLokiError` (plain
 * text). Store reads are aborted when the client disconnects.
 *
 * Register it without fastify-plugin (the default) so its body parser and error handler stay
 * encapsulated.
 */
export const lokiApiPlugin: FastifyPluginAsync<LokiApiOptions> = async (app, opts) => {
  registerFormBodyParser(app);
  app.setErrorHandler((err, _request, reply) => sendLokiError(reply, err));

  const ctx: LokiContext = {
    logs: opts.logs,
    engine: new LogqlEngine({
      reader: opts.logs,
      ...(opts.maxQuerySeries === undefined ? {} : { maxSeries: opts.maxQuerySeries }),
      ...(opts.queryTimeoutMs === undefined ? {} : { timeoutMs: opts.queryTimeoutMs }),
    }),
    tenantOf: opts.tenantOf,
    maxEntriesLimit: opts.maxEntriesLimit ?? 5000,
    clock: opts.clock ?? systemClock,
    omniscopeVersion: opts.omniscopeVersion ?? '0.0.0-dev',
  };

  const both = ['GET', 'POST'] as const;
  app.route({ method: [...both], url: '/loki/api/v1/labels', handler: labelNamesHandler(ctx) });
  app.route({ method: [...both], url: '/loki/api/v1/label', handler: labelNamesHandler(ctx) });
  app.route({ method: [...both], url: '/loki/api/v1/label/:name/values', handler: labelValuesHandler(ctx) });
  app.route({ method: [...both], url: '/loki/api/v1/series', handler: seriesHandler(ctx) });
  app.route({ method: [...both], url: '/loki/api/v1/query_range', handler: queryRangeHandler(ctx) });
  app.route({ method: [...both], url: '/loki/api/v1/query', handler: instantQueryHandler(ctx) });
  app.get('/loki/api/v1/status/buildinfo', buildInfoHandler(ctx));
};
