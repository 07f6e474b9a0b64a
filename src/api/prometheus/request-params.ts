import type { FastifyRequest } from 'fastify';
import type { Clock, LabelMatcher } from '../../model/index.js';
import { badInput } from '../../model/index.js';
import { SelectorParseError, hasNonEmptyMatcher, parseSeriesSelector } from '../../query/selector/index.js';
import { readParam, readParams } from '../shared/index.js';
import { invalidParam } from './errors.js';
import { MAX_TIME_MS, MIN_TIME_MS, timeParam } from './time-param.js';

/** A closed range in Unix ms. */
export interface TimeRangeMs {
  readonly startMs: number;
  readonly endMs: number;
}

/** How open ranges are filled in: Prometheus's default is unbounded on both sides. */
export interface RangeDefaults {
  /** When set, a missing `start` is `min(end, now) - defaultLookbackMs` instead of the beginning of time. */
  readonly defaultLookbackMs?: number;
  readonly clock: Clock;
}

/** Reads `start` and `end` (bad_data when unparsable or when end is before start). */
export function readTimeRange(request: FastifyRequest, defaults: RangeDefaults): TimeRangeMs {
  const startText = readParam(request, 'start');
  const explicitStartMs = startText === undefined || startText === '' ? undefined : timeParam('start', startText, 0);
  const endMs = timeParam('end', readParam(request, 'end'), MAX_TIME_MS);
  const lookback = defaults.defaultLookbackMs;
  const startMs =
    explicitStartMs ??
    (lookback === undefined ? MIN_TIME_MS : Math.max(MIN_TIME_MS, Math.min(endMs, defaults.clock()) - lookback));
  if (endMs < startMs) throw invalidParam('end', 'end timestamp must not be before start time');
  return { startMs, endMs };
}

/** Reads `limit`: absent, empty or 0 mean no limit (returned as 0). */
export function readLimit(request: FastifyRequest): number {
  const text = readParam(request, 'limit');
  if (text === undefined || text === '') return 0;
  if (!/^[+-]?\d+$/.test(text) || !Number.isSafeInteger(Number(text))) {
    throw invalidParam('limit', `cannot parse ${JSON.stringify(text)} as an integer`);
  }
  const limit = Number(text);
  if (limit < 0) throw invalidParam('limit', 'limit must be non-negative');
  return limit;
}

/**
 * Parses every `match[]` into a matcher set. Each set must contain a matcher that rejects the
 * empty string ("match[] must contain at least one non-empty matcher"). With `paramInMessage`
 * the errors are prefixed `invalid parameter "match[]": ` as Prometheus's /series does.
 */
export function readMatcherSets(request: FastifyRequest, paramInMessage: boolean): LabelMatcher[][] {
  const sets: LabelMatcher[][] = [];
  const fail = (reason: string, cause?: unknown): Error =>
    paramInMessage ? invalidParam('match[]', reason, cause) : badInput(reason, cause);
  for (const text of readParams(request, 'match[]')) {
    try {
      sets.push(parseSeriesSelector(text));
    } catch (e) {
      if (e instanceof SelectorParseError) throw fail(e.message, e);
      throw e;
    }
  }
  for (const set of sets) {
    if (!hasNonEmptyMatcher(set)) throw fail('match[] must contain at least one non-empty matcher');
  }
  return sets;
}
