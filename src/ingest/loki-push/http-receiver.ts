import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { toOmniscopeError, unsupportedMediaType } from '../../model/index.js';
import { remoteWriteErrorStatus } from '../remote-write/index.js';
import { readRequestBody } from '../shared/read-body.js';
import { handleLokiPush } from './push-handler.js';
import type { LokiPushDeps, LokiPushFormat } from './push-handler.js';

export interface LokiPushHttpOptions {
  readonly deps: LokiPushDeps;
  /** Limit on the body as received and again after gzip/deflate/snappy decoding. */
  readonly maxBodyBytes: number;
  readonly tenantOf: (req: FastifyRequest) => string;
}

export const LOKI_PUSH_PATH = '/loki/api/v1/push';
/** Loki's pre-1.0 path, still served by Loki 3; its JSON is the legacy form. */
export const LOKI_LEGACY_PUSH_PATH = '/api/prom/push';

/**
 * The body format from Content-Type. Loki 3 reads anything but application/json as protobuf
 * and then fails to decode it (400); we answer 415 naming the two accepted types instead, which
 * clients treat the same way (no retry) and which says what is wrong.
 */
export function lokiPushFormatOf(contentType: string | undefined, legacyPath: boolean): LokiPushFormat {
  const media = (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  if (media === 'application/json') return legacyPath ? 'json_legacy' : 'json';
  if (media === 'application/x-protobuf' || media === 'application/protobuf') return 'protobuf';
  const got = contentType === undefined || contentType.trim() === '' ? 'no Content-Type' : `unsupported Content-Type "${contentType}"`;
  throw unsupportedMediaType(`${got}: Loki push accepts application/x-protobuf (snappy-compressed logproto.PushRequest) or application/json`);
}

/**
 * Content-Encoding for readBody. `snappy` is what protobuf bodies are anyway, and Loki ignores
 * the header then (some clients send it); gzip, deflate and identity are undone while reading;
 * anything else is refused by readBody (415).
 */
function transferEncoding(contentEncoding: string | undefined): string | undefined {
  return contentEncoding?.trim().toLowerCase() === 'snappy' ? undefined : contentEncoding;
}

/**
 * Errors as Loki's distributor writes them: plain text, with the status its clients act on.
 * Promtail, Grafana Alloy and the Loki clients retry 429 and 5xx and drop other 4xx: the same
 * contract as remote write, so the same mapping (`remoteWriteErrorStatus`): 400 bad input, 413
 * too large, 415 unsupported media type, 429 limits and 503 overload with Retry-After.
 */
function sendError(reply: FastifyReply, e: unknown): FastifyReply {
  const err = toOmniscopeError(e);
  const status = remoteWriteErrorStatus(err);
  if (status.retryAfterSeconds !== undefined) void reply.header('retry-after', String(status.retryAfterSeconds));
  if (err.kind === 'internal') reply.log.error({ err }, 'loki push failed');
  return sendText(reply, status.httpStatus, err.message);
}

function sendText(reply: FastifyReply, status: number, message: string): FastifyReply {
  return reply.code(status).type('text/plain; charset=utf-8').header('x-content-type-options', 'nosniff').send(`${message}\n`);
}

/**
 * Loki push receiver: `POST /loki/api/v1/push` and the legacy `POST /api/prom/push`, with a
 * snappy-compressed protobuf or a JSON body (optionally gzip/deflate). Answers 204 once the
 * entries are durable; 400 naming what was refused when only part of the request could be
 * stored; 422 for a push without streams; errors as sendError says. The body is read by our
 * own reader, so this plugin registers a catch-all content type parser in its own scope only.
 */
export const lokiPushPlugin: FastifyPluginAsync<LokiPushHttpOptions> = async (app, opts) => {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', (_req, _payload, done) => done(null, undefined));

  for (const path of [LOKI_PUSH_PATH, LOKI_LEGACY_PUSH_PATH]) {
    const legacy = path === LOKI_LEGACY_PUSH_PATH;
    app.post(path, async (req, reply) => {
      try {
        let format: LokiPushFormat = 'protobuf';
        const body = await readRequestBody(req.raw, {
          maxBytes: opts.maxBodyBytes,
          contentEncoding: transferEncoding(req.headers['content-encoding']),
          check: () => (format = lokiPushFormatOf(req.headers['content-type'], legacy)),
        });
        const outcome = await handleLokiPush(opts.deps, body, format, opts.tenantOf(req));
        if (outcome.kind === 'stored') return reply.code(204).send();
        return sendText(reply, outcome.kind === 'no_streams' ? 422 : 400, outcome.message);
      } catch (e) {
        return sendError(reply, e);
      }
    });
  }
};
