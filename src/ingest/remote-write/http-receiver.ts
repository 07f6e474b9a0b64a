import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { toOmniscopeError, unsupportedMediaType } from '../../model/index.js';
import type { OmniscopeError } from '../../model/index.js';
import { readRequestBody } from '../shared/read-body.js';
import { handleRemoteWrite } from './write-handler.js';
import type { RemoteWriteDeps } from './write-handler.js';

export interface RemoteWriteHttpOptions {
  readonly deps: RemoteWriteDeps;
  /** Limit on the compressed body as received. */
  readonly maxBodyBytes: number;
  readonly tenantOf: (req: FastifyRequest) => string;
}

export const REMOTE_WRITE_PATH = '/api/v1/write';
const V1_MESSAGE = 'prometheus.WriteRequest';
const V2_MESSAGE = 'io.prometheus.write.v2.Request';

/**
 * Checks the headers the way Prometheus's receiver does: an absent Content-Type means 1.0; it
 * must be application/x-protobuf, whose optional `proto` parameter names the message. An
 * absent Content-Encoding means snappy; anything but snappy is refused. Throws
 * `unsupported_media_type`.
 */
export function checkRemoteWriteHeaders(contentType: string | undefined, contentEncoding: string | undefined): void {
  const ct = (contentType ?? '').trim();
  if (ct !== '') {
    const [media = '', ...params] = ct.split(';');
    if (media.trim().toLowerCase() !== 'application/x-protobuf') {
      throw unsupportedMediaType(`unsupported Content-Type "${ct}": remote write expects application/x-protobuf`);
    }
    for (const p of params) {
      const [key = '', value = '', ...rest] = p.split('=');
      if (rest.length > 0 || p.indexOf('=') < 0) throw unsupportedMediaType(`malformed Content-Type parameter "${p.trim()}" in "${ct}"`);
      if (key.trim() !== 'proto') continue;
      const msg = value.trim();
      if (msg === V2_MESSAGE) {
        throw unsupportedMediaType(
          `remote write 2.0 (${V2_MESSAGE}) is not supported yet: configure the sender for remote write 1.0 (in prometheus.yml, protobuf_message: ${V1_MESSAGE})`,
        );
      }
      if (msg !== V1_MESSAGE) throw unsupportedMediaType(`unknown remote write message "${msg}": Omniscope accepts ${V1_MESSAGE}`);
    }
  }
  const enc = (contentEncoding ?? '').trim().toLowerCase();
  if (enc !== '' && enc !== 'snappy') {
    throw unsupportedMediaType(`unsupported Content-Encoding "${contentEncoding}": remote write bodies must be snappy-compressed`);
  }
}

/** The one mapping from our errors to remote write statuses: 5xx (and 429) make senders retry, 4xx do not. */
export function remoteWriteErrorStatus(err: OmniscopeError): { httpStatus: number; retryAfterSeconds: number | undefined } {
  switch (err.kind) {
    case 'bad_input':
      return { httpStatus: 400, retryAfterSeconds: undefined };
    case 'too_large':
      return { httpStatus: 413, retryAfterSeconds: undefined };
    case 'unsupported_media_type':
      return { httpStatus: 415, retryAfterSeconds: undefined };
    case 'limit_exceeded':
      return { httpStatus: 429, retryAfterSeconds: err.retryAfterSeconds ?? 1 };
    // Prometheus retries any 5xx but (by default) not 429, so overload answers 503.
    case 'unavailable':
    case 'timeout':
      return { httpStatus: 503, retryAfterSeconds: err.retryAfterSeconds ?? 1 };
    default:
      return { httpStatus: 500, retryAfterSeconds: undefined };
  }
}

function sendError(reply: FastifyReply, e: unknown): FastifyReply {
  const err = toOmniscopeError(e);
  const status = remoteWriteErrorStatus(err);
  if (status.retryAfterSeconds !== undefined) void reply.header('retry-after', String(status.retryAfterSeconds));
  if (err.kind === 'internal') reply.log.error({ err }, 'remote write failed');
  return reply.code(status.httpStatus).type('text/plain; charset=utf-8').send(`${err.message}\n`);
}

/**
 * Prometheus remote write 1.0 receiver: POST /api/v1/write with a snappy-compressed
 * prometheus.WriteRequest. Answers 204 once the samples are durable, plain-text errors
 * otherwise (see handleRemoteWrite and remoteWriteErrorStatus). The body is read by our own
 * reader, so this plugin registers a catch-all content type parser in its own scope only.
 */
export const remoteWritePlugin: FastifyPluginAsync<RemoteWriteHttpOptions> = async (app, opts) => {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', (_req, _payload, done) => done(null, undefined));

  app.post(REMOTE_WRITE_PATH, async (req, reply) => {
    try {
      // Snappy is not a transfer encoding readBody knows; the handler decodes it with its own limit.
      const body = await readRequestBody(req.raw, {
        maxBytes: opts.maxBodyBytes,
        contentEncoding: undefined,
        check: () => checkRemoteWriteHeaders(req.headers['content-type'], req.headers['content-encoding']),
      });
      const outcome = await handleRemoteWrite(opts.deps, body, opts.tenantOf(req));
      if (outcome.problem !== '') return reply.code(400).type('text/plain; charset=utf-8').send(`${outcome.problem}\n`);
      return reply.code(204).send();
    } catch (e) {
      return sendError(reply, e);
    }
  });
};
