import type { DurationBinary, DurationExpr, DurationLiteral } from './ast.js';
import { parseDurationMs } from './go-format.js';
import { parseNumber } from './number.js';
import type { TokenStream } from './token-stream.js';

/** Where a duration expression appears; it decides the wording of syntax errors. */
export interface DurationContext {
  readonly context: string;
  readonly expected: string;
}

export const RANGE_CONTEXT: DurationContext = { context: 'subquery or range selector', expected: 'number, duration, step(), or range()' };
export const STEP_CONTEXT: DurationContext = { context: 'subquery selector', expected: 'number, duration, step(), range(), or "]"' };
export const OFFSET_CONTEXT: DurationContext = { context: 'offset', expected: 'number, duration, step(), or range()' };

type DurationOp = DurationBinary['op'];
const PRECEDENCE: Readonly<Record<DurationOp, number>> = { '+': 1, '-': 1, '*': 2, '/': 2, '%': 2, '^': 3 };
const UNARY_PRECEDENCE = 3;

// time.Duration holds int64 nanoseconds.
const MAX_DURATION_SECONDS = 2 ** 63 / 1e9;

/**
 * Duration arithmetic inside `[...]` (Prometheus 3): + - * / % ^ with the usual precedence
 * (^ right-associative, unary minus binding like *), parentheses, step(), range(), min_of(),
 * max_of(). A unary sign directly on a literal folds into it (`-5m` is one literal).
 */
export function parseDurationExpr(ts: TokenStream, ctx: DurationContext, minPrec = 0): DurationExpr {
  return ts.nested(() => parseDurationLevel(ts, ctx, minPrec));
}

function parseDurationLevel(ts: TokenStream, ctx: DurationContext, minPrec: number): DurationExpr {
  let lhs = parseDurationUnary(ts, ctx);
  for (;;) {
    const t = ts.peek();
    const op = t.type === 'OP' ? (t.value as DurationOp) : undefined;
    const prec = op === undefined ? undefined : PRECEDENCE[op];
    if (op === undefined || prec === undefined || prec < minPrec) return lhs;
    ts.next();
    const rhs = parseDurationExpr(ts, ctx, op === '^' ? prec : prec + 1);
    if ((op === '/' || op === '%') && rhs.kind === 'durationLiteral' && rhs.seconds === 0) {
      throw ts.error({ start: t.start, end: t.end }, op === '/' ? 'division by zero' : 'modulo by zero');
    }
    lhs = { kind: 'durationBinary', op, lhs, rhs, pos: { start: lhs.pos.start, end: rhs.pos.end } };
  }
}

/**
 * The duration after `offset`. Without parentheses it binds only a signed literal or call, so
 * `x offset 5m + 1` adds 1 to the offset vector and `x offset -2 ^ 2` squares it; an unsigned
 * parenthesised expression may continue with arithmetic (Prometheus's grammar shifts there).
 */
export function parseOffsetDuration(ts: TokenStream): DurationExpr {
  const first = ts.peek();
  const signed = first.type === 'OP' && (first.value === '-' || first.value === '+');
  if (signed && ts.peek(1).type === 'OP') return parseDurationExpr(ts, OFFSET_CONTEXT);
  const operandToken = ts.peek(signed ? 1 : 0);
  if (operandToken.type === 'LPAREN' && !signed) return parseDurationExpr(ts, OFFSET_CONTEXT);
  if (!startsDurationOperand(operandToken.type, operandToken.value)) {
    if (signed) ts.next();
    throw ts.unexpected(OFFSET_CONTEXT.context, OFFSET_CONTEXT.expected);
  }
  return parseDurationUnary(ts, OFFSET_CONTEXT, true);
}

function startsDurationOperand(type: string, value: string): boolean {
  return type === 'NUMBER' || type === 'DURATION' || type === 'LPAREN' || (type === 'PREPROC' && value !== 'start' && value !== 'end');
}

function parseDurationUnary(ts: TokenStream, ctx: DurationContext, primaryOnly = false): DurationExpr {
  const t = ts.peek();
  if (t.type === 'OP' && (t.value === '-' || t.value === '+')) {
    ts.next();
    const operand = primaryOnly ? parseDurationPrimary(ts, ctx) : parseDurationExpr(ts, ctx, UNARY_PRECEDENCE);
    const pos = { start: t.start, end: operand.pos.end };
    if (operand.kind === 'durationLiteral') {
      const seconds = t.value === '-' ? -operand.seconds : operand.seconds;
      checkRange(ts, seconds, { start: t.start, end: t.end });
      return { ...operand, seconds, pos };
    }
    // Prometheus drops a unary plus on an expression: it changes nothing, and prints nothing.
    if (t.value === '+') return operand;
    return { kind: 'durationUnary', op: '-', expr: operand, pos };
  }
  return parseDurationPrimary(ts, ctx);
}

function parseDurationPrimary(ts: TokenStream, ctx: DurationContext): DurationExpr {
  const t = ts.peek();
  if (t.type === 'NUMBER' || t.type === 'DURATION') {
    ts.next();
    const literal = durationLiteral(ts, t.type === 'DURATION', t.text, { start: t.start, end: t.end });
    checkRange(ts, literal.seconds, literal.pos);
    return literal;
  }
  if (t.type === 'LPAREN') {
    ts.next();
    const expr = parseDurationExpr(ts, ctx);
    const close = ts.expect('RPAREN', ctx.context, ctx.expected);
    return { kind: 'durationParen', expr, pos: { start: t.start, end: close.end } };
  }
  if (t.type === 'PREPROC' && (t.value === 'step' || t.value === 'range')) {
    ts.next();
    ts.expect('LPAREN', ctx.context, ctx.expected);
    const close = ts.expect('RPAREN', ctx.context, ctx.expected);
    return { kind: 'durationCall', func: t.value, args: [], pos: { start: t.start, end: close.end } };
  }
  if (t.type === 'PREPROC' && (t.value === 'min_of' || t.value === 'max_of')) {
    ts.next();
    ts.expect('LPAREN', ctx.context, ctx.expected);
    const a = parseDurationExpr(ts, ctx);
    ts.expect('COMMA', ctx.context, ctx.expected);
    const b = parseDurationExpr(ts, ctx);
    const close = ts.expect('RPAREN', ctx.context, ctx.expected);
    return { kind: 'durationCall', func: t.value, args: [a, b], pos: { start: t.start, end: close.end } };
  }
  throw ts.unexpected(ctx.context, ctx.expected);
}

/** A NUMBER or DURATION token as seconds; a bad duration (`5m1h`) is a parse error. */
export function durationLiteral(ts: TokenStream, isDuration: boolean, text: string, pos: { start: number; end: number }): DurationLiteral {
  if (!isDuration) {
    const n = parseNumber(text);
    if (typeof n === 'string') throw ts.error(pos, n);
    return { kind: 'durationLiteral', seconds: n, isDuration: false, pos };
  }
  const ms = parseDurationMs(text);
  if (typeof ms === 'string') throw ts.error(pos, ms);
  return { kind: 'durationLiteral', seconds: ms / 1000, isDuration: true, pos };
}

function checkRange(ts: TokenStream, seconds: number, pos: { start: number; end: number }): void {
  if (seconds > MAX_DURATION_SECONDS || seconds < -MAX_DURATION_SECONDS) throw ts.error(pos, 'duration out of range');
}

/** Ranges and steps written as a single literal must be positive (checked when parsed). */
export function checkPositiveLiteral(ts: TokenStream, d: DurationExpr): void {
  if (d.kind === 'durationLiteral' && !(d.seconds > 0)) throw ts.error(d.pos, 'duration must be greater than 0');
}
