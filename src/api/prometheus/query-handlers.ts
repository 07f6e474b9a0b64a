import { Readable } from 'node:stream';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Labels } from '../../model/index.js';
import type { PromqlEngine, QueryResult } from '../../query/promql/engine/index.js';
import { PromqlError } from '../../query/promql/engine/index.js';
import { formatExpr, formatFloatF, parseExpr } from '../../query/promql/parser/index.js';
import { abortOnDisconnect, parseDurationMs, readParam } from '../shared/index.js';
import type { PrometheusContext } from './context.js';
import { invalidParam } from './errors.js';
import { timeParam } from './time-param.js';

/** Prometheus refuses range queries with more points than this per series. */
const MAX_POINTS_PER_SERIES = 11_000;

export interface QueryApiContext extends PrometheusContext {
  readonly engine: PromqlEngine;
  readonly clock: () => number;
}

/** A duration parameter: Prometheus accepts float seconds or a duration string (`step`, `timeout`). */
function durationParam(name: string, text: string): number {
  if (/^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/.test(text)) {
    const seconds = Number(text);
    const ms = Math.round(seconds * 1000);
    if (!Number.isFinite(seconds) || Math.abs(ms) > Number.MAX_SAFE_INTEGER) {
      throw invalidParam(name, `cannot parse ${JSON.stringify(text)} to a valid duration. It overflows int64`);
    }
    return ms;
  }
  const ms = parseDurationMs(text);
  if (ms === undefined) throw invalidParam(name, `cannot parse ${JSON.stringify(text)} to a valid duration`);
  return ms;
}

function queryParam(request: FastifyRequest): string {
  const q = readParam(request, 'query');
  if (q === undefined || q === '') throw invalidParam('query', 'unknown position: parse error: no expression found in input');
  return q;
}

function timeoutParam(request: FastifyRequest): number | undefined {
  const text = readParam(request, 'timeout');
  return text === undefined || text === '' ? undefined : durationParam('timeout', text);
}

/** Engine errors as Prometheus's API words them: parse errors name the `query` parameter. */
function apiError(e: unknown): unknown {
  if (e instanceof PromqlError && e.type === 'bad_data' && /^\d+:\d+: parse error/.test(e.message)) {
    return new PromqlError('bad_data', `invalid parameter "query": ${e.message}`, { cause: e });
  }
  return e;
}

export function instantQueryHandler(ctx: QueryApiContext) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const query = queryParam(request);
    const timeMs = timeParam('time', readParam(request, 'time'), ctx.clock());
    const timeoutMs = timeoutParam(request);
    const signal = abortOnDisconnect(reply);
    try {
      const result = await ctx.engine.instantQuery({ query, timeMs, tenant: ctx.tenantOf(request), signal, ...(timeoutMs === undefined ? {} : { timeoutMs }) });
      return sendResult(reply, result);
    } catch (e) {
      throw apiError(e);
    }
  };
}

export function rangeQueryHandler(ctx: QueryApiContext) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const query = queryParam(request);
    const startText = readParam(request, 'start');
    const endText = readParam(request, 'end');
    const stepText = readParam(request, 'step');
    if (startText === undefined || startText === '') throw invalidParam('start', 'cannot parse "" to a valid timestamp');
    if (endText === undefined || endText === '') throw invalidParam('end', 'cannot parse "" to a valid timestamp');
    const startMs = timeParam('start', startText, 0);
    const endMs = timeParam('end', endText, 0);
    if (endMs < startMs) throw invalidParam('end', 'end timestamp must not be before start time');
    if (stepText === undefined || stepText === '') throw invalidParam('step', 'cannot parse "" to a valid duration');
    const stepMs = durationParam('step', stepText);
    if (stepMs <= 0) throw invalidParam('step', 'zero or negative query resolution step widths are not accepted. Try a positive integer');
    if ((endMs - startMs) / stepMs > MAX_POINTS_PER_SERIES) {
      throw new PromqlError('bad_data', 'exceeded maximum resolution of 11,000 points per timeseries. Try decreasing the query resolution (?step=XX)');
    }
    const timeoutMs = timeoutParam(request);
    const signal = abortOnDisconnect(reply);
    try {
      const result = await ctx.engine.rangeQuery({
        query,
        startMs,
        endMs,
        stepMs,
        tenant: ctx.tenantOf(request),
        signal,
        ...(timeoutMs === undefined ? {} : { timeoutMs }),
      });
      return sendResult(reply, result);
    } catch (e) {
      throw apiError(e);
    }
  };
}

export function formatQueryHandler() {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const query = queryParam(request);
    try {
      return reply.type('application/json').send({ status: 'success', data: formatExpr(parseExpr(query)) });
    } catch (e) {
      throw apiError(e);
    }
  };
}

function metric(labels: Labels): Record<string, string> {
  const out: Record<string, string> = {};
  for (const l of labels) out[l.name] = l.value;
  return out;
}

/** Values as Prometheus writes them: shortest round-trip decimal, never an exponent. */
const formatSampleValue = formatFloatF;

/** `[seconds, "value"]` as JSON text. */
function pointJson(ms: number, v: number): string {
  return `[${ms / 1000},"${formatSampleValue(v)}"]`;
}

/** Longest stretch spent building a response before letting other requests run. */
const YIELD_AFTER_MS = 10;

/**
 * The query result as Prometheus's JSON, produced series by series: a large matrix would
 * otherwise be formatted in one go and hold the event loop (and ingestion) for hundreds of
 * milliseconds. `warnings` and `infos` only when present.
 */
export async function* renderResultJson(r: QueryResult): AsyncGenerator<string> {
  const v = r.value;
  let buf = `{"status":"success","data":{"resultType":"${v.type}","result":`;
  let started = performance.now();
  // Hands out ~64 KiB pieces, and lets the event loop run when building took a while.
  const flush = async function* (force: boolean): AsyncGenerator<string> {
    if (buf.length >= 65_536 || (force && buf.length > 0)) {
      yield buf;
      buf = '';
    }
    if (performance.now() - started > YIELD_AFTER_MS) {
      await new Promise<void>((resolve) => setImmediate(resolve));
      started = performance.now();
    }
  };
  switch (v.type) {
    case 'scalar':
      buf += pointJson(v.timestampMs, v.value);
      break;
    case 'string':
      buf += `[${v.timestampMs / 1000},${JSON.stringify(v.value)}]`;
      break;
    case 'vector':
      buf += '[';
      for (let i = 0; i < v.samples.length; i++) {
        const s = v.samples[i] as (typeof v.samples)[number];
        buf += `${i === 0 ? '' : ','}{"metric":${JSON.stringify(metric(s.labels))},"value":${pointJson(s.timestampMs, s.value)}}`;
        if ((i & 63) === 63) yield* flush(false);
      }
      buf += ']';
      break;
    case 'matrix':
      buf += '[';
      for (let i = 0; i < v.series.length; i++) {
        const s = v.series[i] as (typeof v.series)[number];
        buf += `${i === 0 ? '' : ','}{"metric":${JSON.stringify(metric(s.labels))},"values":[`;
        for (let j = 0; j < s.values.length; j++) buf += `${j === 0 ? '' : ','}${pointJson(s.timestampsMs[j] as number, s.values[j] as number)}`;
        buf += ']}';
        yield* flush(false);
      }
      buf += ']';
      break;
  }
  buf += '}';
  if (r.warnings.length > 0) buf += `,"warnings":${JSON.stringify(r.warnings)}`;
  if (r.infos.length > 0) buf += `,"infos":${JSON.stringify(r.infos)}`;
  buf += '}';
  yield* flush(true);
}

/** Sends a result as a stream of JSON text. */
function sendResult(reply: FastifyReply, result: QueryResult): FastifyReply {
  return reply.type('application/json').send(Readable.from(renderResultJson(result)));
}
