import type { FastifyReply } from 'fastify';
import { httpStatusOf, normalizeApiError } from '../shared/index.js';

/** One entry of the envelope's `errors`; `code` is omitted when 0, `traceID` when empty (Go `omitempty`). */
export interface JaegerStructuredError {
  readonly code?: number;
  readonly msg: string;
  readonly traceID?: string;
}

/** Jaeger query-service's response envelope (`structuredResponse` in its http_handler.go). */
export interface JaegerEnvelope<T> {
  readonly data: T;
  readonly total: number;
  readonly limit: number;
  readonly offset: number;
  readonly errors: readonly JaegerStructuredError[] | null;
}

/** A successful envelope; `errors` is null unless per-item errors are given (e.g. traces not found). */
export function jaegerEnvelope<T>(data: T, total = 0, errors: readonly JaegerStructuredError[] = []): JaegerEnvelope<T> {
  return { data, total, limit: 0, offset: 0, errors: errors.length > 0 ? errors : null };
}

/**
 * The one mapping from errors to Jaeger's wire format: the envelope with `data: null` and one
 * error carrying the HTTP status as `code`, e.g.
 * `{"data":null,"total":0,"limit":0,"offset":0,"errors":[{"code":404,"msg":"trace not found"}]}`.
 * Anything thrown is normalized first (`normalizeApiError`); `unavailable` adds `Retry-After`;
 * internal errors are logged with the request's logger.
 */
export function sendJaegerError(reply: FastifyReply, err: unknown): FastifyReply {
  const e = normalizeApiError(err);
  const status = httpStatusOf(e.kind);
  if (e.kind === 'internal') reply.log.error({ err: e }, 'jaeger api: internal error');
  if (e.kind === 'unavailable' && e.retryAfterSeconds !== undefined) reply.header('retry-after', String(e.retryAfterSeconds));
  const body: JaegerEnvelope<null> = { data: null, total: 0, limit: 0, offset: 0, errors: [{ code: status, msg: e.message }] };
  return reply.code(status).type('application/json').send(body);
}
