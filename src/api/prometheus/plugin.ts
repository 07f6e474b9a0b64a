import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { Clock } from '../../model/index.js';
import { systemClock } from '../../model/index.js';
import type { MetricsReader } from '../../store/contract.js';
import type { PromqlEngine } from '../../query/promql/engine/index.js';
import { registerFormBodyParser } from '../shared/index.js';
import { buildInfoHandler } from './buildinfo-handler.js';
import type { PrometheusContext } from './context.js';
import { sendPrometheusError } from './errors.js';
import { labelNamesHandler, labelValuesHandler } from './labels-handler.js';
import { metadataHandler } from './metadata-handler.js';
import { formatQueryHandler, instantQueryHandler, rangeQueryHandler } from './query-handlers.js';
import { seriesHandler } from './series-handler.js';
import type { ScrapeTargetsSource } from './targets-handlers.js';
import { targetMetadataHandler, targetsHandler } from './targets-handlers.js';

const NO_TARGETS: ScrapeTargetsSource = { activeTargets: () => [], droppedTargets: () => [], targetMetadata: () => [] };

export interface PrometheusApiOptions {
  readonly metrics: MetricsReader;
  /** Serves /api/v1/query, /api/v1/query_range and /api/v1/format_query. */
  readonly engine: PromqlEngine;
  /** The tenant of a request; may throw an OmniscopeError (e.g. bad_input when a header is missing). */
  readonly tenantOf: (request: FastifyRequest) => string;
  /**
   * When set, requests without `start` look back this far from `end` (or from now when `end`
   * is absent or later) instead of Prometheus's unbounded default. Bounds label look-ups on
   * large stores.
   */
  readonly defaultLookbackMs?: number;
  /** At most this many series from /series whatever the request's `limit` (truncated with a warning). */
  readonly maxSeriesLimit?: number;
  /** Serves /api/v1/targets and /api/v1/targets/metadata; without it they list nothing. */
  readonly targets?: ScrapeTargetsSource;
  /** Shown in /status/buildinfo. */
  readonly omniscopeVersion?: string;
  readonly clock?: Clock;
}

/**
 * Prometheus's HTTP API for series and metadata look-ups, at its standard paths:
 * `/api/v1/query`, `/api/v1/query_range`, `/api/v1/format_query`, `/api/v1/series` (GET, POST), `/api/v1/labels` (GET, POST), `/api/v1/label/:name/values`,
 * `/api/v1/metadata` and `/api/v1/status/buildinfo` (GET). POST bodies are
 * `application/x-www-form-urlencoded` (parsed only inside this plugin's scope). Every error,
 * including Fastify's own, goes through `sendPrometheusError`. Each request's store reads are
 * aborted when the client disconnects.
 *
 * Register it without fastify-plugin (the default) so its body parser and error handler stay
 * encapsulated.
 */
export const prometheusApiPlugin: FastifyPluginAsync<PrometheusApiOptions> = async (app, opts) => {
  registerFormBodyParser(app);
  app.setErrorHandler((err, _request, reply) => sendPrometheusError(reply, err));

  const ctx: PrometheusContext = {
    metrics: opts.metrics,
    tenantOf: opts.tenantOf,
    rangeDefaults: {
      clock: opts.clock ?? systemClock,
      ...(opts.defaultLookbackMs === undefined ? {} : { defaultLookbackMs: opts.defaultLookbackMs }),
    },
    maxSeriesLimit: opts.maxSeriesLimit ?? 0,
    omniscopeVersion: opts.omniscopeVersion ?? '0.0.0-dev',
  };

  app.route({ method: ['GET', 'POST'], url: '/api/v1/series', handler: seriesHandler(ctx) });
  app.route({ method: ['GET', 'POST'], url: '/api/v1/labels', handler: labelNamesHandler(ctx) });
  app.get('/api/v1/label/:name/values', labelValuesHandler(ctx));
  app.get('/api/v1/metadata', metadataHandler(ctx));
  const queryCtx = { ...ctx, engine: opts.engine, clock: opts.clock ?? systemClock };
  app.route({ method: ['GET', 'POST'], url: '/api/v1/query', handler: instantQueryHandler(queryCtx) });
  app.route({ method: ['GET', 'POST'], url: '/api/v1/query_range', handler: rangeQueryHandler(queryCtx) });
  app.route({ method: ['GET', 'POST'], url: '/api/v1/format_query', handler: formatQueryHandler() });
  app.get('/api/v1/status/buildinfo', buildInfoHandler(ctx));
  const targets = opts.targets ?? NO_TARGETS;
  app.get('/api/v1/targets', targetsHandler(targets));
  app.get('/api/v1/targets/metadata', targetMetadataHandler(targets));
};
