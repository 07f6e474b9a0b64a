import type { FastifyRequest } from 'fastify';
import { badInput } from '../../model/index.js';
import { parseDurationMs, readParam, readParams } from '../shared/index.js';
import { goParseDurationNanos, goParseInt32, goParseInt64 } from './go-values.js';
import { parseJaegerTraceId } from './jaeger-trace-id.js';

/** Jaeger's default number of traces per search (`defaultQueryLimit` in its query_parser.go). */
export const DEFAULT_SEARCH_LIMIT = 100;

/** A parsed `GET /api/traces` request. */
export interface JaegerSearchParams {
  /** `traceID=` values (32 hex): when present, the request fetches these traces and ignores the rest. */
  readonly traceIds: readonly string[];
  readonly serviceName: string | undefined;
  readonly operationName: string | undefined;
  /** `tag=key:value` and `tags={"key":"value"}` conditions, later ones replacing earlier ones of the same key. */
  readonly tags: ReadonlyMap<string, string>;
  readonly minDurationNanos: bigint | undefined;
  readonly maxDurationNanos: bigint | undefined;
  readonly startUnixNano: bigint;
  readonly endUnixNano: bigint;
  readonly limit: number;
}

/**
 * Reads Jaeger's search parameters the way its query service does (query_parser.go), with its
 * error messages: `service`, `operation`, `tag` (repeated `key:value`), `tags` (a JSON object of
 * strings), `start`/`end` (Unix microseconds; default now - lookback .. now), `limit` (default
 * 100), `minDuration`/`maxDuration` (Go durations like `1.2ms`), `traceID` (repeated).
 *
 * Extensions: when `start` is absent, `lookback` (`1h`, `2d`, a Go duration; Jaeger UI sends it
 * beside start/end and `custom` for a custom range) sets the window, else `defaultLookbackMs`;
 * a `tags` value that is not JSON is read as `key:value` like `tag`; a non-positive limit means
 * the default. Does not check that `service` is present (the caller decides).
 */
export function parseJaegerSearchParams(req: FastifyRequest, nowMs: number, defaultLookbackMs: number): JaegerSearchParams {
  const endUnixNano = optionalMicros(req, 'end') ?? BigInt(nowMs) * 1_000_000n;
  const startUnixNano = optionalMicros(req, 'start') ?? endUnixNano - lookbackNanos(readParam(req, 'lookback'), defaultLookbackMs);
  const minDurationNanos = optionalDuration(req, 'minDuration');
  const maxDurationNanos = optionalDuration(req, 'maxDuration');
  if (minDurationNanos !== undefined && maxDurationNanos !== undefined && minDurationNanos !== 0n && maxDurationNanos !== 0n) {
    if (maxDurationNanos < minDurationNanos) throw badInput("'maxDuration' should be greater than 'minDuration'");
  }
  return {
    traceIds: readParams(req, 'traceID').map((id) => {
      try {
        return parseJaegerTraceId(id);
      } catch (e) {
        throw badInput(`cannot parse traceID param: ${(e as Error).message}`, e);
      }
    }),
    serviceName: nonEmpty(readParam(req, 'service')),
    operationName: nonEmpty(readParam(req, 'operation')),
    tags: parseTags(readParams(req, 'tag'), readParams(req, 'tags')),
    minDurationNanos,
    maxDurationNanos,
    startUnixNano,
    endUnixNano,
    limit: parseLimit(readParam(req, 'limit')),
  };
}

function nonEmpty(v: string | undefined): string | undefined {
  return v === undefined || v === '' ? undefined : v;
}

/** A parameter in Unix microseconds, as nanoseconds; undefined when absent or empty. */
export function optionalMicros(req: FastifyRequest, name: string): bigint | undefined {
  const text = readParam(req, name);
  if (text === undefined || text === '') return undefined;
  try {
    return goParseInt64(text) * 1000n;
  } catch (e) {
    throw badInput(`unable to parse param '${name}': ${(e as Error).message}`, e);
  }
}

function optionalDuration(req: FastifyRequest, name: string): bigint | undefined {
  const text = readParam(req, name);
  if (text === undefined || text === '') return undefined;
  try {
    return goParseDurationNanos(text);
  } catch (e) {
    throw badInput(`unable to parse param '${name}': ${(e as Error).message}`, e);
  }
}

function lookbackNanos(text: string | undefined, defaultMs: number): bigint {
  if (text === undefined || text === '' || text === 'custom') return BigInt(defaultMs) * 1_000_000n;
  const ms = parseDurationMs(text);
  if (ms !== undefined) return BigInt(ms) * 1_000_000n;
  try {
    return goParseDurationNanos(text);
  } catch (e) {
    throw badInput(`unable to parse param 'lookback': ${(e as Error).message}`, e);
  }
}

function parseLimit(text: string | undefined): number {
  if (text === undefined || text === '') return DEFAULT_SEARCH_LIMIT;
  let limit: number;
  try {
    limit = goParseInt32(text);
  } catch (e) {
    throw badInput((e as Error).message, e);
  }
  return limit > 0 ? limit : DEFAULT_SEARCH_LIMIT;
}

function parseTags(simple: readonly string[], json: readonly string[]): Map<string, string> {
  const tags = new Map<string, string>();
  for (const tag of simple) addKeyValue(tags, tag, 'tag');
  for (const text of json) {
    if (!text.trimStart().startsWith('{') && text.includes(':')) {
      addKeyValue(tags, text, 'tags');
      continue;
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (e) {
      throw badInput(`malformed 'tags' parameter, cannot unmarshal JSON: ${(e as Error).message}`, e);
    }
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
      throw badInput(`malformed 'tags' parameter, cannot unmarshal JSON: expected an object of strings, got ${text}`);
    }
    for (const [key, value] of Object.entries(parsed)) {
      if (typeof value === 'object' && value !== null) {
        throw badInput(`malformed 'tags' parameter, cannot unmarshal JSON: the value of ${JSON.stringify(key)} is not a string`);
      }
      tags.set(key, String(value));
    }
  }
  return tags;
}

function addKeyValue(tags: Map<string, string>, text: string, param: string): void {
  const colon = text.indexOf(':');
  if (colon < 0) throw badInput(`malformed '${param}' parameter, expecting key:value, received: ${text}`);
  tags.set(text.slice(0, colon), text.slice(colon + 1));
}
