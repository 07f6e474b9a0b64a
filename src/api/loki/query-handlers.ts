import type { FastifyReply, FastifyRequest } from 'fastify';
import { badInput } from '../../model/index.js';
import { abortOnDisconnect, readParam } from '../shared/index.js';
import type { LokiContext } from './context.js';
import { parseLogQuery } from './log-query.js';
import { StreamEntries } from './stream-entries.js';
import { checkStep, readOrderedBounds, readTimeParam } from './time-params.js';

const DEFAULT_LIMIT = 100;
const ENCODING_FLAGS_HEADER = 'x-loki-response-encoding-flags';
const CATEGORIZE_LABELS = 'categorize-labels';

/**
 * `GET|POST /loki/api/v1/query_range` for log queries: `query` (stream selector, line filters
 * and label filters, pushed down to the store so `limit` counts filtered lines), `start`/`end`/`since`, `limit` (default 100, at most the plugin's
 * maxEntriesLimit), `direction` (backward by default) and `step` (validated, otherwise unused
 * by log queries). Answers `{"status":"success","data":{"resultType":"streams","result":[...],
 * "stats":{...}}}`; see StreamEntries for how structured metadata is shown.
 */
export function queryRangeHandler(ctx: LokiContext) {
  return async (request: FastifyRequest, reply: FastifyReply): Promise<unknown> => {
    const startedAt = performance.now();
    const bounds = readOrderedBounds(request, ctx.clock());
    const limit = readLimit(request, ctx.maxEntriesLimit);
    const direction = readDirection(request);
    checkStep(request, bounds);
    const query = parseLogQuery(readParam(request, 'query') ?? '');
    const tenant = ctx.tenantOf(request);
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
 * `GET|POST /loki/api/v1/query`: Loki answers instant queries for metric queries only and
 * rejects log queries with 400; metric queries are not supported yet. Parameters are still
 * validated first, as Loki does.
 */
export function instantQueryHandler(ctx: LokiContext) {
  return async (request: FastifyRequest): Promise<unknown> => {
    readLimit(request, ctx.maxEntriesLimit);
    readTimeParam(request, 'time', 0n);
    readDirection(request);
    parseLogQuery(readParam(request, 'query') ?? '');
    throw badInput('log queries are not supported as an instant query type, please change your query to a range query type');
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
