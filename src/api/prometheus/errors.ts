import type { FastifyReply } from 'fastify';
import type { ErrorKind } from '../../model/index.js';
import { badInput } from '../../model/index.js';
import { PromqlError } from '../../query/promql/engine/index.js';
import type { PromqlErrorType } from '../../query/promql/engine/index.js';
import { normalizeApiError } from '../shared/index.js';

/** Prometheus's error types (web/api/v1 `errorType`) with the status each one is sent with. */
export type PrometheusErrorType = 'bad_data' | 'execution' | 'timeout' | 'canceled' | 'internal' | 'unavailable' | 'not_found';

const BY_KIND: Readonly<Record<ErrorKind, readonly [PrometheusErrorType, number]>> = {
  bad_input: ['bad_data', 400],
  unsupported: ['bad_data', 400],
  unsupported_media_type: ['bad_data', 400],
  too_large: ['bad_data', 400],
  not_found: ['not_found', 404],
  limit_exceeded: ['execution', 422],
  timeout: ['timeout', 503],
  // Prometheus 2.x answers 503 for canceled queries (3.x moved to 499).
  canceled: ['canceled', 503],
  unavailable: ['unavailable', 503],
  internal: ['internal', 500],
};

/** Query engine errors: Prometheus's status for each of its error types. */
const QUERY_STATUS: Readonly<Record<PromqlErrorType, number>> = {
  bad_data: 400,
  execution: 422,
  // Prometheus 2.x answers 503 for both (3.x answers 499 for canceled).
  timeout: 503,
  canceled: 503,
  internal: 500,
};

/**
 * The only place where the Prometheus API turns an error into a response:
 * `{"status":"error","errorType":"bad_data","error":"..."}` with the status Prometheus uses
 * for that type (400 bad_data, 422 execution, 503 timeout/canceled/unavailable, 404 not_found,
 * 500 internal). `unavailable` also sets Retry-After. Internal errors are logged.
 */
export function sendPrometheusError(reply: FastifyReply, err: unknown): FastifyReply {
  if (err instanceof PromqlError) {
    const status = QUERY_STATUS[err.type];
    if (err.type === 'internal') reply.log.error({ err }, 'prometheus api: internal query error');
    return reply.code(status).type('application/json').send({ status: 'error', errorType: err.type, error: err.message });
  }
  const e = normalizeApiError(err);
  const [errorType, status] = BY_KIND[e.kind];
  if (e.kind === 'internal') reply.log.error({ err: e }, 'prometheus api: internal error');
  if (e.kind === 'unavailable' && e.retryAfterSeconds !== undefined) reply.header('retry-after', String(e.retryAfterSeconds));
  return reply.code(status).type('application/json').send({ status: 'error', errorType, error: e.message });
}

/** A bad_data error about one parameter, worded as Prometheus does: `invalid parameter "limit": ...`. */
export function invalidParam(name: string, reason: string, cause?: unknown): Error {
  return badInput(`invalid parameter "${name}": ${reason}`, cause);
}
