/**
 * The closed set of errors every layer speaks. Each compatible API maps these to its own wire
 * format in exactly one function. Messages say what was attempted, with sizes and limits.
 * Broken invariants are `internal` with a message starting "BUG:"; bad user input never is.
 */
export type ErrorKind =
  | 'bad_input'
  | 'not_found'
  | 'timeout'
  | 'canceled'
  | 'limit_exceeded'
  | 'too_large'
  | 'unsupported_media_type'
  | 'unavailable'
  | 'unsupported'
  | 'internal';

export class OmniscopeError extends Error {
  readonly kind: ErrorKind;
  /** For `unavailable`: how long a client should wait before retrying. */
  readonly retryAfterSeconds: number | undefined;

  constructor(kind: ErrorKind, message: string, options?: { cause?: unknown; retryAfterSeconds?: number }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'OmniscopeError';
    this.kind = kind;
    this.retryAfterSeconds = options?.retryAfterSeconds;
  }
}

export const badInput = (message: string, cause?: unknown) => new OmniscopeError('bad_input', message, { cause });
export const notFound = (message: string) => new OmniscopeError('not_found', message);
export const tooLarge = (message: string) => new OmniscopeError('too_large', message);
export const unsupportedMediaType = (message: string) => new OmniscopeError('unsupported_media_type', message);
export const unsupported = (message: string) => new OmniscopeError('unsupported', message);
export const limitExceeded = (message: string) => new OmniscopeError('limit_exceeded', message);
export const unavailable = (message: string, retryAfterSeconds = 1) =>
  new OmniscopeError('unavailable', message, { retryAfterSeconds });
export const internalBug = (message: string) => new OmniscopeError('internal', `BUG: ${message}`);

export function isOmniscopeError(e: unknown): e is OmniscopeError {
  return e instanceof OmniscopeError;
}

/** Normalizes anything thrown into an OmniscopeError; AbortSignal reasons become canceled/timeout. */
export function toOmniscopeError(e: unknown): OmniscopeError {
  if (e instanceof OmniscopeError) return e;
  if (e instanceof Error && (e.name === 'AbortError' || e.name === 'TimeoutError')) {
    return new OmniscopeError(e.name === 'TimeoutError' ? 'timeout' : 'canceled', e.message, { cause: e });
  }
  const message = e instanceof Error ? e.message : String(e);
  return new OmniscopeError('internal', message, { cause: e });
}
