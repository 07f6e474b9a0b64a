import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { Clock, SpanBatch } from '../../model/index.js';
import { badInput, notFound, systemClock } from '../../model/index.js';
import type { TracesReader } from '../../store/contract.js';
import { abortOnDisconnect, readParam } from '../shared/index.js';
import type { JaegerStructuredError } from './jaeger-response.js';
import { jaegerEnvelope, sendJaegerError } from './jaeger-response.js';
import { optionalMicros, parseJaegerSearchParams } from './jaeger-search-params.js';
import { searchJaegerTraces } from './jaeger-search.js';
import { JAEGER_SPAN_KINDS } from './jaeger-tags.js';
import { formatJaegerTraceId, parseJaegerTraceId } from './jaeger-trace-id.js';
import { spanBatchToJaegerTraces } from './span-batch-to-jaeger.js';

export interface JaegerApiOptions {
  readonly traces: TracesReader;
  /** The tenant a request reads; called once per request. */
  readonly tenantOf: (req: FastifyRequest) => string;
  /** The search window when a request gives no `start` and no `lookback`; Jaeger's default, 2 days. */
  readonly defaultLookbackMs?: number;
  /** Current time in Unix milliseconds, for the default search window; tests inject one. */
  readonly clock?: Clock;
}

const DEFAULT_LOOKBACK_MS = 2 * 86_400_000;
const ALL_TIME = { startUnixNano: 0n, endUnixNano: (1n << 63n) - 1n } as const;

/**
 * Jaeger query-service's HTTP JSON API, the one Jaeger UI and Grafana's Jaeger data source use.
 * The server registers it under a prefix (`/jaeger`); routes here are relative:
 *
 * - `GET /api/services`: service names (`data`: strings, `total`: count).
 * - `GET /api/services/:service/operations`: distinct span names of the service.
 * - `GET /api/operations?service=&spanKind=`: `[{name, spanKind}]`; `service` is required,
 *   `spanKind` (server, client, producer, consumer, internal) optional.
 * - `GET /api/traces?service=&operation=&tags=&tag=&minDuration=&maxDuration=&start=&end=&lookback=&limit=`:
 *   full traces with a span matching every condition (see `parseJaegerSearchParams`,
 *   `searchJaegerTraces`); `service` is required unless `traceID=` ids are given, which fetch
 *   those traces (missing ones are listed in `errors` with their `traceID`).
 * - `GET /api/traces/:traceId` (optional `start`/`end` µs hints): one trace, 404 when unknown.
 *
 * Responses use Jaeger's envelope `{data, total, limit, offset, errors}`; errors go through
 * `sendJaegerError` (encapsulated: register without fastify-plugin). Service and operation
 * lists cover everything stored (within retention), as Jaeger's do.
 */
export const jaegerApiPlugin: FastifyPluginAsync<JaegerApiOptions> = async (app, opts) => {
  const clock = opts.clock ?? systemClock;
  const defaultLookbackMs = opts.defaultLookbackMs ?? DEFAULT_LOOKBACK_MS;
  app.setErrorHandler((err, _req, reply) => sendJaegerError(reply, err));

  app.get('/api/services', async (req, reply) => {
    const services = await opts.traces.serviceNames({ tenant: opts.tenantOf(req), ...ALL_TIME }, abortOnDisconnect(reply));
    return reply.send(jaegerEnvelope(services, services.length));
  });

  app.get<{ Params: { service: string } }>('/api/services/:service/operations', async (req, reply) => {
    const pairs = await opts.traces.spanNames(
      { tenant: opts.tenantOf(req), serviceName: req.params.service, ...ALL_TIME },
      abortOnDisconnect(reply),
    );
    const names = [...new Set(pairs.map((p) => p.name))];
    return reply.send(jaegerEnvelope(names, names.length));
  });

  app.get('/api/operations', async (req, reply) => {
    const service = readParam(req, 'service') ?? '';
    if (service === '') throw badInput("parameter 'service' is required");
    const spanKind = (readParam(req, 'spanKind') ?? '').toLowerCase();
    const pairs = await opts.traces.spanNames({ tenant: opts.tenantOf(req), serviceName: service, ...ALL_TIME }, abortOnDisconnect(reply));
    const operations = pairs
      .map((p) => ({ name: p.name, spanKind: JAEGER_SPAN_KINDS[p.kind] ?? '' }))
      .filter((o) => spanKind === '' || o.spanKind === spanKind);
    return reply.send(jaegerEnvelope(operations, operations.length));
  });

  app.get('/api/traces', async (req, reply) => {
    const params = parseJaegerSearchParams(req, clock(), defaultLookbackMs);
    const tenant = opts.tenantOf(req);
    const signal = abortOnDisconnect(reply);
    if (params.traceIds.length > 0) {
      const batches = await Promise.all(params.traceIds.map((id) => opts.traces.getTrace(tenant, id, undefined, signal)));
      const errors: JaegerStructuredError[] = [];
      const found: SpanBatch[] = [];
      batches.forEach((b, i) => {
        if (b !== null && b.length > 0) found.push(b);
        else errors.push({ msg: 'trace not found', traceID: formatJaegerTraceId(params.traceIds[i] ?? '') });
      });
      return reply.send(jaegerEnvelope(found.flatMap(spanBatchToJaegerTraces), 0, errors));
    }
    if (params.serviceName === undefined) throw badInput("parameter 'service' is required");
    const batches = await searchJaegerTraces(opts.traces, tenant, params, signal);
    return reply.send(jaegerEnvelope(batches.flatMap(spanBatchToJaegerTraces)));
  });

  app.get<{ Params: { traceId: string } }>('/api/traces/:traceId', async (req, reply) => {
    const traceId = parseJaegerTraceId(req.params.traceId);
    const start = optionalMicros(req, 'start');
    const end = optionalMicros(req, 'end');
    const range =
      start === undefined && end === undefined
        ? undefined
        : { startUnixNano: start ?? ALL_TIME.startUnixNano, endUnixNano: end ?? ALL_TIME.endUnixNano };
    const batch = await opts.traces.getTrace(opts.tenantOf(req), traceId, range, abortOnDisconnect(reply));
    if (batch === null || batch.length === 0) throw notFound('trace not found');
    return reply.send(jaegerEnvelope(spanBatchToJaegerTraces(batch)));
  });
};
