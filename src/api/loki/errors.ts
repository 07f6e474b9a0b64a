import type { FastifyReply } from 'fastify';
import type { ErrorKind } from '../../model/index.js';
import { httpStatusOf, normalizeApiError } from '../shared/index.js';

/**
 * HTTP status per error kind, as Loki answers: client mistakes 400 (including its limits, e.g.
 * max entries per query), 404, 413/415 for bodies, 499 when the client went away, 503 when
 * unavailable, 504 on a timeout (Loki's DeadlineExceeded), 500 otherwise; unlike Tempo and
 * Jaeger, an unsupported request is a 400.
 */
function statusOf(kind: ErrorKind): number {
  return kind === 'unsupported' ? 400 : httpStatusOf(kind);
}

/**
 * The only place where the Loki API turns an error into a response: a plain-text body with the
 * message and the status Loki uses (see STATUS), plus Retry-After when unavailable. Internal
 * errors are logged.
 */
export function sendLokiError(reply: FastifyReply, err: unknown): FastifyReply {
  const e = normalizeApiError(err);
  if (e.kind === 'internal') reply.log.error({ err: e }, 'loki api: internal error');
  if (e.kind === 'unavailable' && e.retryAfterSeconds !== undefined) reply.header('retry-after', String(e.retryAfterSeconds));
  return reply
    .code(statusOf(e.kind))
    .header('x-content-type-options', 'nosniff')
    .type('text/plain; charset=utf-8')
    .send(e.message);
}
