import type { ErrorKind, OmniscopeError } from '../../model/index.js';
import { badInput, isOmniscopeError, notFound, toOmniscopeError, tooLarge, unavailable, unsupportedMediaType } from '../../model/index.js';

/**
 * Normalizes anything a route can throw into an OmniscopeError: our own errors pass through;
 * Fastify's own errors (unsupported content type, body too large, malformed body) keep their
 * meaning through their status code; AbortErrors become canceled; anything else is internal.
 * Each API's single error mapper starts with this.
 */
export function normalizeApiError(err: unknown): OmniscopeError {
  if (isOmniscopeError(err)) return err;
  const statusCode = fastifyStatusCode(err);
  if (statusCode !== undefined) {
    const message = (err as Error).message;
    if (statusCode === 415) return unsupportedMediaType(message);
    if (statusCode === 413) return tooLarge(message);
    if (statusCode === 404) return notFound(message);
    if (statusCode === 503) return unavailable(message);
    if (statusCode >= 400 && statusCode < 500) return badInput(message, err);
  }
  return toOmniscopeError(err);
}

function fastifyStatusCode(err: unknown): number | undefined {
  if (!(err instanceof Error)) return undefined;
  const { statusCode, code } = err as Error & { statusCode?: unknown; code?: unknown };
  if (typeof statusCode !== 'number' || typeof code !== 'string' || !code.startsWith('FST_')) return undefined;
  return statusCode;
}

/**
 * The HTTP status the Grafana-family APIs (Tempo, Jaeger, Loki) answer each error kind with:
 * 499 when the client went away, 504 on a timeout, 501 for what is not implemented. An API
 * that differs overrides single kinds on top of this.
 */
const HTTP_STATUS: Readonly<Record<ErrorKind, number>> = {
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

export function httpStatusOf(kind: ErrorKind): number {
  return HTTP_STATUS[kind];
}
