import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Labels } from '../../model/index.js';
import type { PromqlEngine, QueryResult, QueryValue } from '../../query/promql/engine/index.js';
import { PromqlError, formatGoFloat } from '../../query/promql/engine/index.js';
import { formatExpr, parseExpr } from '../../query/promql/parser/index.js';
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
      return reply.type('application/json').send(renderResult(result));
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
      return reply.type('application/json').send(renderResult(result));
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

const seconds = (ms: number): number => ms / 1000;

/** Values as Prometheus writes them: shortest round-trip decimal, never an exponent. */
const formatSampleValue = (v: number): string => formatGoFloat(v, 'f');

function renderValue(v: QueryValue): { resultType: string; result: unknown } {
  switch (v.type) {
    case 'scalar':
      return { resultType: 'scalar', result: [seconds(v.timestampMs), formatSampleValue(v.value)] };
    case 'string':
      return { resultType: 'string', result: [seconds(v.timestampMs), v.value] };
    case 'vector':
      return {
        resultType: 'vector',
        result: v.samples.map((s) => ({ metric: metric(s.labels), value: [seconds(s.timestampMs), formatSampleValue(s.value)] })),
      };
    case 'matrix':
      return {
        resultType: 'matrix',
        result: v.series.map((s) => ({
          metric: metric(s.labels),
          values: s.values.map((x, i) => [seconds(s.timestampsMs[i] as number), formatSampleValue(x)]),
        })),
      };
  }
}

/** Prometheus's success envelope for queries: `warnings` and `infos` only when present. */
export function renderResult(r: QueryResult): Record<string, unknown> {
  const body: Record<string, unknown> = { status: 'success', data: renderValue(r.value) };
  if (r.warnings.length > 0) body.warnings = r.warnings;
  if (r.infos.length > 0) body.infos = r.infos;
  return body;
}
