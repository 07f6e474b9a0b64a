import type { OmniscopeError } from '../../../model/index.js';
import { isOmniscopeError, toOmniscopeError, OmniscopeError as ErrorClass } from '../../../model/index.js';

/**
 * Wraps anything a DuckDB call threw into an OmniscopeError that says what was attempted.
 * OmniscopeErrors pass through unchanged; DuckDB's own errors become `internal`.
 */
export function toStoreError(e: unknown, what: string): OmniscopeError {
  if (isOmniscopeError(e)) return e;
  const base = toOmniscopeError(e);
  if (base.kind !== 'internal') return base;
  return new ErrorClass('internal', `DuckDB store: ${what} failed: ${base.message}`, { cause: e });
}
