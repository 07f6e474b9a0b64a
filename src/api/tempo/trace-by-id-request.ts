import type { FastifyRequest } from 'fastify';
import { badInput } from '../../model/index.js';
import { readParam } from '../shared/index.js';

const MODES = new Set(['', 'all', 'ingesters', 'blocks', 'external']);
const NANOS_PER_SECOND = 1_000_000_000n;
const MAX_INT64 = (1n << 63n) - 1n;
const MIN_INT64 = -(1n << 63n);

/**
 * The optional time range of a trace-by-id request: `start`/`end` in Unix seconds, the way
 * Tempo's `ParseTraceByIDRequest` reads them (either may be given alone; `end` must be after
 * `start` when both are). Returns undefined when neither is given, else a range in Unix
 * nanoseconds with the missing side open, passed to the store as a hint. Also rejects an
 * unknown `mode`, as Tempo does. Throws `badInput` with Tempo's messages.
 */
export function parseTraceByIdRange(request: FastifyRequest): { startUnixNano: bigint; endUnixNano: bigint } | undefined {
  const mode = readParam(request, 'mode') ?? '';
  if (!MODES.has(mode)) throw badInput(`invalid value for mode ${mode}`);
  const start = optionalSeconds(readParam(request, 'start'), 'start');
  const end = optionalSeconds(readParam(request, 'end'), 'end');
  if (start === undefined && end === undefined) return undefined;
  if (start !== undefined && end !== undefined && end <= start) {
    throw badInput(`http parameter start must be before end. received start=${start} end=${end}`);
  }
  return {
    startUnixNano: start === undefined ? 0n : clampInt64(start * NANOS_PER_SECOND),
    endUnixNano: end === undefined ? MAX_INT64 : clampInt64((end + 1n) * NANOS_PER_SECOND - 1n),
  };
}

function clampInt64(v: bigint): bigint {
  return v > MAX_INT64 ? MAX_INT64 : v < MIN_INT64 ? MIN_INT64 : v;
}

/** Go's `strconv.ParseInt(s, 10, 64)` with Tempo's `invalid <name>:` prefix; '' means absent. */
function optionalSeconds(text: string | undefined, name: string): bigint | undefined {
  if (text === undefined || text === '') return undefined;
  if (!/^[+-]?\d+$/.test(text)) throw badInput(`invalid ${name}: strconv.ParseInt: parsing ${JSON.stringify(text)}: invalid syntax`);
  const v = BigInt(text);
  if (v > MAX_INT64 || v < MIN_INT64) {
    throw badInput(`invalid ${name}: strconv.ParseInt: parsing ${JSON.stringify(text)}: value out of range`);
  }
  return v;
}
