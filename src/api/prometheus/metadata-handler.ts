import type { FastifyReply, FastifyRequest } from 'fastify';
import { badInput } from '../../model/index.js';
import { abortOnDisconnect, readParam } from '../shared/index.js';
import type { PrometheusContext } from './context.js';
import { success } from './context.js';

/**
 * `GET /api/v1/metadata`: `{ "<family>": [{ type, help, unit }, ...] }`, optionally for one
 * `metric`. `limit` caps the number of families (0 gives none, negative or absent means no
 * cap) and `limit_per_metric` the entries per family (positive values only), as in Prometheus.
 * Families are taken in name order when capped.
 */
export function metadataHandler(ctx: PrometheusContext) {
  return async (request: FastifyRequest, reply: FastifyReply): Promise<unknown> => {
    const limit = readOptionalInt(request, 'limit');
    const limitPerMetric = readOptionalInt(request, 'limit_per_metric');
    const metric = readParam(request, 'metric');
    const tenant = ctx.tenantOf(request);
    const found = await ctx.metrics.metadata(
      { tenant, ...(metric !== undefined && metric !== '' ? { metric } : {}), ...(limit > 0 ? { limit } : {}) },
      abortOnDisconnect(reply),
    );

    const data: Record<string, Array<{ type: string; help: string; unit: string }>> = {};
    let families = [...found.keys()].sort();
    if (limit >= 0) families = families.slice(0, limit);
    for (const family of families) {
      const seen = new Set<string>();
      const entries: Array<{ type: string; help: string; unit: string }> = [];
      for (const m of found.get(family) ?? []) {
        const key = JSON.stringify([m.type, m.help, m.unit]);
        if (seen.has(key)) continue;
        seen.add(key);
        entries.push({ type: m.type, help: m.help, unit: m.unit });
      }
      data[family] = limitPerMetric > 0 ? entries.slice(0, limitPerMetric) : entries;
    }
    return success(data);
  };
}

/** An integer parameter; absent or empty gives -1 ("no limit"). */
function readOptionalInt(request: FastifyRequest, name: string): number {
  const text = readParam(request, name);
  if (text === undefined || text === '') return -1;
  if (!/^[+-]?\d+$/.test(text) || !Number.isSafeInteger(Number(text))) throw badInput(`${name} must be a number`);
  return Number(text);
}
