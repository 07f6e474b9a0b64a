import type { FastifyReply, FastifyRequest } from 'fastify';
import { badInput } from '../../model/index.js';
import type { LabelQuery } from '../../store/contract.js';
import { abortOnDisconnect } from '../shared/index.js';
import type { PrometheusContext } from './context.js';
import { TRUNCATED_WARNING, success } from './context.js';
import { decodeLabelName, isValidLabelName } from './label-name.js';
import { readLimit, readMatcherSets, readTimeRange } from './request-params.js';

/**
 * `GET|POST /api/v1/labels`: sorted label names of series matching any `match[]` (all series
 * when absent) in [start, end]; `limit` truncates with a warning.
 */
export function labelNamesHandler(ctx: PrometheusContext) {
  return async (request: FastifyRequest, reply: FastifyReply): Promise<unknown> => {
    const q = readLabelQuery(ctx, request);
    const names = await ctx.metrics.labelNames(q.query, abortOnDisconnect(reply));
    return truncated(names, q.limit);
  };
}

/**
 * `GET /api/v1/label/:name/values`: sorted values of one label (the name may use Prometheus
 * 3's `U__` encoding) over series matching any `match[]`; `limit` truncates with a warning.
 */
export function labelValuesHandler(ctx: PrometheusContext) {
  return async (request: FastifyRequest<{ Params: { name: string } }>, reply: FastifyReply): Promise<unknown> => {
    const name = decodeLabelName(request.params.name);
    if (!isValidLabelName(name)) throw badInput(`invalid label name: ${JSON.stringify(name)}`);
    const q = readLabelQuery(ctx, request);
    const values = await ctx.metrics.labelValues(name, q.query, abortOnDisconnect(reply));
    return truncated(values, q.limit);
  };
}

function readLabelQuery(ctx: PrometheusContext, request: FastifyRequest): { query: LabelQuery; limit: number } {
  const limit = readLimit(request);
  const range = readTimeRange(request, ctx.rangeDefaults);
  const matcherSets = readMatcherSets(request, false);
  const tenant = ctx.tenantOf(request);
  const query: LabelQuery = { tenant, ...range, matcherSets, ...(limit > 0 ? { limit: limit + 1 } : {}) };
  return { query, limit };
}

function truncated(items: string[], limit: number): Record<string, unknown> {
  if (limit > 0 && items.length > limit) return success(items.slice(0, limit), [TRUNCATED_WARNING]);
  return success(items);
}
