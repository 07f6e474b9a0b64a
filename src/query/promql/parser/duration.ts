import { PromqlError } from './promql-error.js';
import type { DurationExpr } from './ast.js';

/** The query context a duration expression may refer to: step() and range(), in milliseconds. */
export interface DurationContextMs {
  readonly stepMs: number;
  readonly rangeMs: number;
  /** Offsets may be negative or zero; ranges and steps must be positive. Default false. */
  readonly allowNegative?: boolean;
}

// Durations become int64 nanoseconds in Prometheus.
const MAX_SECONDS = 2 ** 63 / 1e9;

/**
 * A duration in whole milliseconds, computed as Prometheus does. A plain literal (`5m`, `90`,
 * `-1.5`) is rounded to nanoseconds and truncated to milliseconds, as the parser stores it; an
 * expression is evaluated in float seconds, then truncated to milliseconds (promql/durations.go).
 * Throws PromqlError `bad_data` with Prometheus's text ("<start>:<end>: duration must be greater
 * than 0", "division by zero", "duration is NaN or infinite", "duration is out of range").
 */
export function evaluateDuration(d: DurationExpr, ctx: DurationContextMs): number {
  if (d.kind === 'durationLiteral') return Math.trunc(Math.round(d.seconds * 1e9) / 1e6);
  const seconds = evalSeconds(d, ctx);
  const where = `${d.pos.start}:${d.pos.end}`;
  if (!Number.isFinite(seconds)) throw new PromqlError('bad_data', `${where}: duration is NaN or infinite`);
  if (seconds <= 0 && ctx.allowNegative !== true) throw new PromqlError('bad_data', `${where}: duration must be greater than 0`);
  if (seconds > MAX_SECONDS || seconds < -MAX_SECONDS) throw new PromqlError('bad_data', `${where}: duration is out of range`);
  return Math.trunc(seconds * 1000) + 0;
}

/** The duration in milliseconds when it does not depend on step() or range(), else undefined. */
export function constantDurationMs(d: DurationExpr, allowNegative = false): number | undefined {
  if (usesQueryContext(d)) return undefined;
  return evaluateDuration(d, { stepMs: 0, rangeMs: 0, allowNegative });
}

function usesQueryContext(d: DurationExpr): boolean {
  switch (d.kind) {
    case 'durationLiteral':
      return false;
    case 'durationUnary':
    case 'durationParen':
      return usesQueryContext(d.expr);
    case 'durationBinary':
      return usesQueryContext(d.lhs) || usesQueryContext(d.rhs);
    case 'durationCall':
      return d.func === 'step' || d.func === 'range' || d.args.some(usesQueryContext);
  }
}

function evalSeconds(d: DurationExpr, ctx: DurationContextMs): number {
  switch (d.kind) {
    case 'durationLiteral':
      return d.seconds;
    case 'durationParen':
      return evalSeconds(d.expr, ctx);
    case 'durationUnary':
      return d.op === '-' ? -evalSeconds(d.expr, ctx) : evalSeconds(d.expr, ctx);
    case 'durationCall': {
      if (d.func === 'step') return ctx.stepMs / 1000;
      if (d.func === 'range') return ctx.rangeMs / 1000;
      const [a, b] = d.args.map((x) => evalSeconds(x, ctx));
      return d.func === 'min_of' ? Math.min(a ?? NaN, b ?? NaN) : Math.max(a ?? NaN, b ?? NaN);
    }
    case 'durationBinary': {
      const l = evalSeconds(d.lhs, ctx);
      const r = evalSeconds(d.rhs, ctx);
      const where = `${d.pos.start}:${d.pos.end}`;
      switch (d.op) {
        case '+':
          return l + r;
        case '-':
          return l - r;
        case '*':
          return l * r;
        case '/':
          if (r === 0) throw new PromqlError('bad_data', `${where}: division by zero`);
          return l / r;
        case '%':
          if (r === 0) throw new PromqlError('bad_data', `${where}: modulo by zero`);
          return l % r;
        case '^':
          return l ** r;
      }
    }
  }
}
