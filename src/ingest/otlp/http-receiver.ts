import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { toOmniscopeError, unsupportedMediaType } from '../../model/index.js';
import { readRequestBody } from '../shared/read-body.js';
import { encodeExportResponseProto, exportResponseJson } from './common/index.js';
import { handleExport } from './export-handler.js';
import type { ExportHandlerDeps, OtlpEncoding, OtlpSignal } from './export-handler.js';
import { encodeStatusProto, otlpErrorStatus } from './otlp-errors.js';

export interface OtlpHttpOptions {
  readonly deps: ExportHandlerDeps;
  readonly maxBodyBytes: number;
  readonly tenantOf: (req: FastifyRequest) => string;
}

function encodingOf(contentType: string | undefined): OtlpEncoding {
  const ct = (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  if (ct === 'application/x-protobuf' || ct === 'application/protobuf') return 'protobuf';
  if (ct === 'application/json') return 'json';
  throw unsupportedMediaType(
    `unsupported Content-Type "${contentType ?? ''}": OTLP/HTTP accepts application/x-protobuf or application/json`,
  );
}

function sendError(reply: FastifyReply, encoding: OtlpEncoding, e: unknown): FastifyReply {
  const err = toOmniscopeError(e);
  const status = otlpErrorStatus(err);
  if (status.retryAfterSeconds !== undefined) void reply.header('retry-after', String(status.retryAfterSeconds));
  // Overload and bad input are expected and counted in /metrics; only our own failures are errors.
  if (err.kind === 'internal') reply.log.error({ err }, 'OTLP export failed');
  reply.code(status.httpStatus);
  if (encoding === 'json') return reply.type('application/json').send({ code: status.grpcCode, message: err.message });
  return reply.type('application/x-protobuf').send(Buffer.from(encodeStatusProto(status.grpcCode, err.message)));
}

const ROUTES: ReadonlyArray<[string, OtlpSignal]> = [
  ['/v1/traces', 'traces'],
  ['/v1/metrics', 'metrics'],
  ['/v1/logs', 'logs'],
];

/**
 * OTLP/HTTP receiver: POST /v1/traces, /v1/metrics, /v1/logs with protobuf or JSON bodies,
 * optionally gzip/deflate-compressed. Answers in the request's encoding; errors carry a
 * google.rpc.Status body. The body is read by our own reader (size limit enforced while
 * reading), so this plugin registers a catch-all content type parser in its own scope only.
 */
export const otlpHttpPlugin: FastifyPluginAsync<OtlpHttpOptions> = async (app, opts) => {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', (_req, _payload, done) => done(null, undefined));

  for (const [url, signal] of ROUTES) {
    app.post(url, async (req, reply) => {
      let encoding: OtlpEncoding = 'protobuf';
      try {
        encoding = encodingOf(req.headers['content-type']);
        const body = await readRequestBody(req.raw, { maxBytes: opts.maxBodyBytes, contentEncoding: req.headers['content-encoding'] });
        const outcome = await handleExport(opts.deps, signal, encoding, 'otlp_http', body, opts.tenantOf(req));
        if (encoding === 'json') {
          return reply.type('application/json').send(exportResponseJson(signal, outcome.rejected, outcome.errorMessage));
        }
        return reply
          .type('application/x-protobuf')
          .send(Buffer.from(encodeExportResponseProto(outcome.rejected, outcome.errorMessage)));
      } catch (e) {
        return sendError(reply, encoding, e);
      }
    });
  }
};
