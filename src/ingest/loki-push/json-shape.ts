import { badInput } from '../../model/index.js';

/**
 * Shape checks for the JSON push bodies: a value of the wrong type makes the request a 400
 * (`bad_input`) whose message names its path (`streams[0].values[2][1]`).
 */

/** An object (not null, not an array). */
export function readObject(v: unknown, path: string): Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw shapeError(path, 'an object', v);
  return v as Record<string, unknown>;
}

/** An array; absent or null reads as empty. */
export function readArray(v: unknown, path: string): readonly unknown[] {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) throw shapeError(path, 'an array', v);
  return v;
}

export function shapeError(path: string, expected: string, got: unknown): Error {
  const shown =
    got === null ? 'null' : Array.isArray(got) ? 'an array' : typeof got === 'object' ? 'an object' : typeof got === 'string' ? 'a string' : `${typeof got} ${String(got)}`;
  return badInput(`invalid Loki push request: ${path} must be ${expected}, got ${shown}`);
}
