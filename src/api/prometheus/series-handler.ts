import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Labels } from '../../model/index.js';
import { badInput, labelsKey, labelsToRecord } from '../../model/index.js';
import { abortOnDisconnect, readParams } from '../shared/index.js';
import type { PrometheusContext } from './context.js';
import { TRUNCATED_WARNING, success } from './context.js';
import { compareLabels } from '../../model/index.js';
import { readLimit, readMatcherSets, readTimeRange } from './request-params.js';

/**
 * `GET|POST /api/v1/series`: label sets of the series matching any `match[]` (required) with
 * samples in [start, end], deduplicated and sorted. `limit` (and the plugin's
 * `maxSeriesLimit`) truncate the result with a warning. The store gets `limit + 1` as a hint,
 * and reading stops once more series than the limit are known, so with a limit the returned
 * series are the first ones in sort order only when the backend honours the hint in order.
 */
export function seriesHandler(ctx: PrometheusContext) {
  return async (request: FastifyRequest, reply: FastifyReply): Promise<unknown> => {
    if (readParams(request, 'match[]').length === 0) throw badInput('no match[] parameter provided');
    const limit = readLimit(request);
    const range = readTimeRange(request, ctx.rangeDefaults);
    const matcherSets = readMatcherSets(request, true);
    const tenant = ctx.tenantOf(request);
    const signal = abortOnDisconnect(reply);

    const cap = effectiveCap(limit, ctx.maxSeriesLimit);
    const hint = cap > 0 ? { limit: cap + 1 } : {};
    const found = new Map<string, Labels>();
    collect: for (const matchers of matcherSets) {
      for await (const batch of ctx.metrics.selectSeries({ tenant, matchers, ...range, ...hint }, signal)) {
        for (const labels of batch) {
          const key = labelsKey(labels);
          if (!found.has(key)) found.set(key, labels);
        }
        if (cap > 0 && found.size > cap) break collect;
      }
    }

    const series = [...found.values()].sort(compareLabels);
    const warnings: string[] = [];
    if (cap > 0 && series.length > cap) {
      series.length = cap;
      warnings.push(TRUNCATED_WARNING);
    }
    return success(series.map(labelsToRecord), warnings);
  };
}

/** The smaller of two limits where 0 means "none". */
function effectiveCap(a: number, b: number): number {
  if (a === 0) return b;
  if (b === 0) return a;
  return Math.min(a, b);
}
