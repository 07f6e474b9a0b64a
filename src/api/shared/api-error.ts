import type { OmniscopeError } from '../../model/index.js';
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
