import type { AtModifier, DurationExpr, Expr, PosRange, SubqueryExpr, VectorSelector } from './ast.js';
import { formatFloatFixed6 } from './go-format.js';
import { parseNumber } from './number.js';
import {
  RANGE_CONTEXT,
  STEP_CONTEXT,
  checkPositiveLiteral,
  durationLiteral,
  parseDurationExpr,
  parseOffsetDuration,
} from './parse-duration.js';
import type { TokenStream } from './token-stream.js';

const NOT_SELECTOR = 'must be preceded by an instant vector selector or range vector selector or a subquery';

/**
 * The modifiers that bind tighter than any operator: `[range]`, `[range:step]`, `offset d` and
 * `@ t`, in any order and repeated as far as Prometheus allows.
 */
export function parsePostfix(ts: TokenStream, expr: Expr): Expr {
  let e = expr;
  for (;;) {
    const t = ts.peek();
    if (t.type === 'LBRACKET') e = parseBrackets(ts, e);
    else if (t.type === 'KEYWORD' && t.value === 'offset') e = parseOffset(ts, e);
    else if (t.type === 'AT') e = parseAt(ts, e);
    else if (t.type === 'KEYWORD' && (t.value === 'anchored' || t.value === 'smoothed')) {
      throw ts.error({ start: t.start, end: t.end }, `the "${t.value}" modifier (extended range selectors) is not supported`);
    } else return e;
  }
}

function parseBrackets(ts: TokenStream, e: Expr): Expr {
  const open = ts.next();
  const range = parseDurationExpr(ts, RANGE_CONTEXT);
  checkPositiveLiteral(ts, range);
  if (ts.is('COLON')) {
    ts.next();
    let step: DurationExpr | undefined;
    if (!ts.is('RBRACKET')) {
      step = parseDurationExpr(ts, STEP_CONTEXT);
      checkPositiveLiteral(ts, step);
    }
    const close = ts.expect('RBRACKET', 'subquery selector', '"]"');
    const sq: SubqueryExpr = { kind: 'subquery', expr: e, range, step, offset: undefined, at: undefined, pos: { start: e.pos.start, end: close.end } };
    return sq;
  }
  const close = ts.expect('RBRACKET', 'subquery or range', '":" or "]"');
  const bracketPos = { start: open.start, end: close.end };
  if (e.kind !== 'vectorSelector') throw ts.error(bracketPos, 'ranges only allowed for vector selectors');
  if (e.offset !== undefined) throw ts.error(bracketPos, 'no offset modifiers allowed before range');
  if (e.at !== undefined) throw ts.error(bracketPos, 'no @ modifiers allowed before range');
  return { kind: 'matrixSelector', vector: e, range, pos: { start: e.pos.start, end: close.end } };
}

function parseOffset(ts: TokenStream, e: Expr): Expr {
  ts.next();
  let offset: DurationExpr | undefined = parseOffsetDuration(ts);
  // `offset 0` is no offset at all, as in Prometheus (which stores a zero duration).
  if (offset.kind === 'durationLiteral' && offset.seconds === 0) offset = undefined;
  const end = ts.lastEnd();
  const target = modifiable(ts, e, `offset modifier ${NOT_SELECTOR}`);
  if (target.offset !== undefined) throw ts.error(e.pos, 'offset may not be set multiple times');
  return withModifier(e, { offset }, end);
}

function parseAt(ts: TokenStream, e: Expr): Expr {
  ts.next();
  let at: AtModifier;
  const t = ts.peek();
  if (t.type === 'PREPROC' && (t.value === 'start' || t.value === 'end') && ts.peek(1).type === 'LPAREN') {
    ts.next();
    ts.next();
    ts.expect('RPAREN', '@', 'timestamp');
    at = { kind: t.value };
  } else {
    let sign = 1;
    if (t.type === 'OP' && (t.value === '-' || t.value === '+')) {
      ts.next();
      sign = t.value === '-' ? -1 : 1;
    }
    const n = ts.peek();
    let seconds: number;
    if (n.type === 'NUMBER') {
      const v = parseNumber(n.text);
      if (typeof v === 'string') throw ts.error({ start: n.start, end: n.end }, v);
      seconds = v;
    } else if (n.type === 'DURATION') {
      seconds = durationLiteral(ts, true, n.text, { start: n.start, end: n.end }).seconds;
    } else {
      throw ts.unexpected('@', 'timestamp');
    }
    ts.next();
    seconds *= sign;
    if (!Number.isFinite(seconds) || seconds >= 2 ** 63 || seconds <= -(2 ** 63)) {
      throw ts.error(e.pos, `timestamp out of bounds for @ modifier: ${formatFloatFixed6(seconds)}`);
    }
    at = { kind: 'time', ms: Math.round(seconds * 1000) };
  }
  const end = ts.lastEnd();
  const target = modifiable(ts, e, `@ modifier ${NOT_SELECTOR}`);
  if (target.at !== undefined) throw ts.error(e.pos, '@ <timestamp> may not be set multiple times');
  return withModifier(e, { at }, end);
}

/** The node that carries offset and @: the selector itself, a range's inner selector, or a subquery. */
function modifiable(ts: TokenStream, e: Expr, message: string): VectorSelector | SubqueryExpr {
  if (e.kind === 'vectorSelector' || e.kind === 'subquery') return e;
  if (e.kind === 'matrixSelector') return e.vector;
  throw ts.error(e.pos, message);
}

function withModifier(e: Expr, change: { offset?: DurationExpr | undefined; at?: AtModifier }, end: number): Expr {
  const pos: PosRange = { start: e.pos.start, end };
  switch (e.kind) {
    case 'vectorSelector':
    case 'subquery':
      return { ...e, ...change, pos };
    case 'matrixSelector':
      return { ...e, vector: { ...e.vector, ...change }, pos };
    default:
      throw new Error(`BUG: modifier on ${e.kind}`);
  }
}
