import type { FastifyReply, FastifyRequest } from 'fastify';
import { badInput } from '../../model/index.js';
import { parseLogql } from '../../query/logql/index.js';
import { abortOnDisconnect, readParam } from '../shared/index.js';
import type { LokiContext } from './context.js';
import { renderMetricResponse } from './metric-response.js';
import { StreamEntries } from './stream-entries.js';
import { readOrderedBounds, readStepNanos, readTimeParam } from './time-params.js';

const DEFAULT_LIMIT = 100;
const ENCODING_FLAGS_HEADER = 'x-loki-response-encoding-flags';
const CATEGORIZE_LABELS = 'categorize-labels';

/**
 * `GET|POST /loki/api/v1/query_range`: `query`, `start`/`end`/`since`, `limit` (default 100, at
 * most the plugin's maxEntriesLimit), `direction` (backward by default) and `step` (seconds or
 * a duration; default range / 250, at least 1s), validated in Loki's order.
 *
 * A log query (stream selector, line filters and label filters, pushed down to the store so
 * `limit` counts filtered lines) answers `{"status":"success","data":{"resultType":"streams",
 * "result":[...],"stats":{...}}}`; see StreamEntries for how structured metadata is shown. A
 * metric query answers `resultType` "matrix" with a point per step from start to end (see
 * renderMetricResponse); `limit` and `direction` do not apply to it.
 */
export function queryRangeHandler(ctx: LokiContext) {
  return async (request: FastifyRequest, reply: FastifyReply): Promise<unknown> => {
    const startedAt = performance.now();
    const bounds = readOrderedBounds(request, ctx.clock());
    const limit = readLimit(request, ctx.maxEntriesLimit);
    const direction = readDirection(request);
    const stepNanos = readStepNanos(request, bounds);
    const parsed = parseLogql(readParam(request, 'query') ?? '');
    const tenant = ctx.tenantOf(request);
    if (parsed.kind === 'metric') {
      const result = await ctx.engine.rangeQuery({ tenant, expr: parsed.expr, ...bounds, stepNanos, signal: abortOnDisconnect(reply) });
      return reply.type('application/json').send(renderMetricResponse(result, (performance.now() - startedAt) / 1000));
    }
    const query = parsed.query;
    const categorize = wantsCategorizedLabels(request);

    const entries = new StreamEntries(categorize);
    const selection = { tenant, matchers: query.matchers, lineFilters: query.lineFilters, labelFilters: query.labelFilters, ...bounds, direction, limit };
    for await (const batch of ctx.logs.selectLogs(selection, abortOnDisconnect(reply))) entries.add(batch);

    const execTime = (performance.now() - startedAt) / 1000;
    return {
      status: 'success',
      data: {
        resultType: 'streams',
        ...(categorize ? { encodingFlags: [CATEGORIZE_LABELS] } : {}),
        result: entries.result(),
        stats: summaryStats(entries, execTime),
      },
    };
  };
}

/**
 * `GET|POST /loki/api/v1/query`: a metric query evaluated at `time` (default now), answering
 * `resultType` "vector" (or "scalar" for a number); a log query is a 400, as in Loki.
 * Parameters are validated first, in Loki's order.
 */
export function instantQueryHandler(ctx: LokiContext) {
  return async (request: FastifyRequest, reply: FastifyReply): Promise<unknown> => {
    const startedAt = performance.now();
    readLimit(request, ctx.maxEntriesLimit);
    const timeUnixNano = readTimeParam(request, 'time', BigInt(Math.trunc(ctx.clock())) * 1_000_000n);
    readDirection(request);
    const parsed = parseLogql(readParam(request, 'query') ?? '');
    if (parsed.kind === 'log') throw badInput('log queries are not supported as an instant query type, please change your query to a range query type');
    const result = await ctx.engine.instantQuery({ tenant: ctx.tenantOf(request), expr: parsed.expr, timeUnixNano, signal: abortOnDisconnect(reply) });
    return reply.type('application/json').send(renderMetricResponse(result, (performance.now() - startedAt) / 1000));
  };
}

function readLimit(request: FastifyRequest, maxEntriesLimit: number): number {
  const text = readParam(request, 'limit');
  if (text === undefined || text === '') return Math.min(DEFAULT_LIMIT, maxEntriesLimit);
  if (!/^[+-]?\d+$/.test(text) || !Number.isSafeInteger(Number(text))) throw badInput(`invalid limit: cannot parse ${JSON.stringify(text)} as an integer`);
  const limit = Number(text);
  if (limit <= 0) throw badInput('limit must be a positive value');
  if (limit > maxEntriesLimit) {
    throw badInput(`max entries limit per query exceeded, limit > max_entries_limit_per_query (${limit} > ${maxEntriesLimit})`);
  }
  return limit;
}

function readDirection(request: FastifyRequest): 'forward' | 'backward' {
  const text = readParam(request, 'direction');
  if (text === undefined || text === '') return 'backward';
  const lower = text.toLowerCase();
  if (lower === 'forward' || lower === 'backward') return lower;
  throw badInput(`invalid direction '${text}'`);
}

function wantsCategorizedLabels(request: FastifyRequest): boolean {
  const header = request.headers[ENCODING_FLAGS_HEADER];
  const text = Array.isArray(header) ? header.join(',') : (header ?? '');
  return text.split(',').some((flag) => flag.trim() === CATEGORIZE_LABELS);
}

/** The `stats` object, reduced to Loki's `summary` (what Grafana's query inspector shows). */
function summaryStats(entries: StreamEntries, execTimeSeconds: number): Record<string, unknown> {
  const perSecond = (n: number): number => (execTimeSeconds > 0 ? Math.round(n / execTimeSeconds) : 0);
  return {
    summary: {
      bytesProcessedPerSecond: perSecond(entries.bytes + entries.metadataBytes),
      linesProcessedPerSecond: perSecond(entries.entries),
      totalBytesProcessed: entries.bytes + entries.metadataBytes,
      totalLinesProcessed: entries.entries,
      totalStructuredMetadataBytesProcessed: entries.metadataBytes,
      totalPostFilterLines: entries.entries,
      totalEntriesReturned: entries.entries,
      execTime: execTimeSeconds,
      queueTime: 0,
      subqueries: 0,
      splits: 0,
      shards: 0,
    },
  };
}
