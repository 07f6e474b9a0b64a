import type { FastifyReply, FastifyRequest } from 'fastify';
import type { LabelMatcher, Labels } from '../../model/index.js';
import { labelsToRecord } from '../../model/index.js';
import type { LogLabelQuery } from '../../store/contract.js';
import { abortOnDisconnect, readParam, readParams } from '../shared/index.js';
import type { LokiContext } from './context.js';
import { success } from './context.js';
import { parseStreamSelectorParam } from '../../query/logql/index.js';
import { labelString } from './stream-entries.js';
import { readBounds } from './time-params.js';

/** `GET|POST /loki/api/v1/labels` (and `/label`): stream label names in range, optionally of the streams of `query`. */
export function labelNamesHandler(ctx: LokiContext) {
  return async (request: FastifyRequest, reply: FastifyReply): Promise<unknown> => {
    const q = readLabelQuery(ctx, request, () => querySelector(request));
    return success(await ctx.logs.labelNames(q, abortOnDisconnect(reply)));
  };
}

/** `GET|POST /loki/api/v1/label/:name/values`: values of one stream label in range, optionally within `query`. */
export function labelValuesHandler(ctx: LokiContext) {
  return async (request: FastifyRequest<{ Params: { name: string } }>, reply: FastifyReply): Promise<unknown> => {
    const q = readLabelQuery(ctx, request, () => querySelector(request));
    return success(await ctx.logs.labelValues(request.params.name, q, abortOnDisconnect(reply)));
  };
}

/**
 * `GET|POST /loki/api/v1/series`: stream label sets in range matching any `match[]` (or
 * `match`); none, or only `{}`, means every stream (Loki's behaviour, although its docs call
 * `match[]` required). Sorted by label string.
 */
export function seriesHandler(ctx: LokiContext) {
  return async (request: FastifyRequest, reply: FastifyReply): Promise<unknown> => {
    const q = readLabelQuery(ctx, request, () => {
      const texts = new Set([...readParams(request, 'match'), ...readParams(request, 'match[]')]);
      return [...texts].map(parseStreamSelectorParam).filter((set) => set.length > 0);
    });
    const streams: Labels[] = await ctx.logs.streams(q, abortOnDisconnect(reply));
    const sorted = streams.map((labels) => ({ key: labelString(labels), labels })).sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    return success(sorted.map((s) => labelsToRecord(s.labels)));
  };
}

/** The optional `query` stream selector of the label endpoints as a matcher set list. */
function querySelector(request: FastifyRequest): LabelMatcher[][] {
  const text = readParam(request, 'query');
  if (text === undefined || text.trim() === '') return [];
  const matchers = parseStreamSelectorParam(text);
  return matchers.length === 0 ? [] : [matchers];
}

/** Bounds first, then selectors, then the tenant: the order Loki validates in. */
function readLabelQuery(ctx: LokiContext, request: FastifyRequest, matcherSets: () => LabelMatcher[][]): LogLabelQuery {
  const bounds = readBounds(request, ctx.clock());
  const sets = matcherSets();
  return { tenant: ctx.tenantOf(request), ...bounds, matcherSets: sets };
}
