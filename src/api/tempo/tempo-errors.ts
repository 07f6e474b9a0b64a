import type { FastifyReply } from 'fastify';
import { httpStatusOf, normalizeApiError } from '../shared/index.js';

/**
 * The one mapping from errors to Tempo's wire format: Tempo answers errors as plain text (the
 * message) with the HTTP status, e.g. `400 trace IDs can't be larger than 128 bits`.
 * Anything thrown is normalized first (`normalizeApiError`); `unavailable` adds `Retry-After`;
 * internal errors are logged with the request's logger.
 */
export function sendTempoError(reply: FastifyReply, err: unknown): FastifyReply {
  const e = normalizeApiError(err);
  if (e.kind === 'internal') reply.log.error({ err: e }, 'tempo api: internal error');
  if (e.kind === 'unavailable' && e.retryAfterSeconds !== undefined) reply.header('retry-after', String(e.retryAfterSeconds));
  return reply.code(httpStatusOf(e.kind)).type('text/plain; charset=utf-8').send(e.message);
}
