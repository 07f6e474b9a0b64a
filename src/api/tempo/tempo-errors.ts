import type { FastifyReply } from 'fastify';
import type { ErrorKind } from '../../model/index.js';
import { normalizeApiError } from '../shared/index.js';

const STATUS: Record<ErrorKind, number> = {
  bad_input: 400,
  not_found: 404,
  timeout: 504,
  canceled: 499,
  limit_exceeded: 400,
  too_large: 413,
  unsupported_media_type: 415,
  unavailable: 503,
  unsupported: 501,
  internal: 500,
};

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
  return reply.code(STATUS[e.kind]).type('text/plain; charset=utf-8').send(e.message);
}
