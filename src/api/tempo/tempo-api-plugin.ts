import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { notFound } from '../../model/index.js';
import type { TracesReader } from '../../store/contract.js';
import { spanBatchToOtlpJson, spanBatchToOtlpProto } from '../otlp-json/index.js';
import { ProtobufWriter } from '../../ingest/shared/protobuf-writer.js';
import { abortOnDisconnect } from '../shared/index.js';
import type { TempoBuildInfo } from './build-info.js';
import { DEFAULT_TEMPO_BUILD_INFO } from './build-info.js';
import { sendTempoError } from './tempo-errors.js';
import { parseTempoTraceId } from './tempo-trace-id.js';
import { parseTraceByIdRange } from './trace-by-id-request.js';

export interface TempoApiOptions {
  readonly traces: TracesReader;
  /** The tenant a request reads (e.g. from `X-Scope-OrgID`); called once per request. */
  readonly tenantOf: (req: FastifyRequest) => string;
  /** Overrides fields of `GET /api/status/buildinfo`. */
  readonly buildInfo?: Partial<TempoBuildInfo>;
}

const PROTOBUF = 'application/protobuf';
const JSON_TYPE = 'application/json';

/**
 * Tempo's query HTTP API (https://grafana.com/docs/tempo/latest/api_docs/), as Grafana's Tempo
 * data source and Tempo's own clients use it:
 *
 * - `GET /api/traces/:traceId` (v1): `{"batches":[ResourceSpans...]}` in proto3 JSON (base64
 *   ids, enum names), or the protobuf `tempopb.Trace` when `Accept` contains
 *   `application/protobuf`; 404 `trace not found` when no span is stored.
 * - `GET /api/v2/traces/:traceId`: `{"trace":{"resourceSpans":[...]},"metrics":{}}`, or the
 *   protobuf `TraceByIDResponse`. Like Tempo since 2.7, an unknown trace is a 200 with an
 *   empty trace (`{"trace":{},...}`), not a 404 (grafana/tempo#5105); Grafana handles both.
 * - Both take optional `start`/`end` (Unix seconds), passed to the store as a range hint.
 *   Ids shorter than 32 hex digits are left-padded with zeros; invalid ids are a 400.
 * - `GET /api/echo` (Grafana's health check) and `GET /api/status/buildinfo`.
 *
 * Errors are plain text with their status (`sendTempoError`), for this plugin's routes only
 * (register it without fastify-plugin so the error handler stays encapsulated).
 */
export const tempoApiPlugin: FastifyPluginAsync<TempoApiOptions> = async (app, opts) => {
  const buildInfo: TempoBuildInfo = { ...DEFAULT_TEMPO_BUILD_INFO, ...opts.buildInfo };
  app.setErrorHandler((err, _req, reply) => sendTempoError(reply, err));

  app.get<{ Params: { traceId: string } }>('/api/traces/:traceId', async (req, reply) => {
    const batch = await fetchTrace(opts, req, reply);
    if (batch === null) throw notFound('trace not found');
    if (wantsProtobuf(req)) return reply.type(PROTOBUF).send(Buffer.from(spanBatchToOtlpProto(batch)));
    const trace = spanBatchToOtlpJson(batch, { dialect: 'protojson' });
    return reply.type(JSON_TYPE).send({ batches: trace.resourceSpans });
  });

  app.get<{ Params: { traceId: string } }>('/api/v2/traces/:traceId', async (req, reply) => {
    const batch = await fetchTrace(opts, req, reply);
    if (wantsProtobuf(req)) {
      const response = new ProtobufWriter()
        .bytes(1, batch === null ? new Uint8Array(0) : spanBatchToOtlpProto(batch))
        .bytes(2, new Uint8Array(0))
        .finish();
      return reply.type(PROTOBUF).send(Buffer.from(response));
    }
    const trace = batch === null || batch.length === 0 ? {} : spanBatchToOtlpJson(batch, { dialect: 'protojson' });
    return reply.type(JSON_TYPE).send({ trace, metrics: {} });
  });

  app.get('/api/echo', async (_req, reply) => reply.type('text/plain; charset=utf-8').send('echo'));

  app.get('/api/status/buildinfo', async (_req, reply) => reply.type(JSON_TYPE).send(buildInfo));
};

/** Validates the id and range (400 on error) and reads the trace; null when none is stored. */
async function fetchTrace(
  opts: TempoApiOptions,
  req: FastifyRequest<{ Params: { traceId: string } }>,
  reply: FastifyReply,
): ReturnType<TracesReader['getTrace']> {
  const traceId = parseTempoTraceId(req.params.traceId);
  const range = parseTraceByIdRange(req);
  const batch = await opts.traces.getTrace(opts.tenantOf(req), traceId, range, abortOnDisconnect(reply));
  return batch === null || batch.length === 0 ? null : batch;
}

/** Tempo's negotiation: protobuf when the Accept header mentions it anywhere, else JSON. */
function wantsProtobuf(req: FastifyRequest): boolean {
  return (req.headers.accept ?? '').includes(PROTOBUF);
}
