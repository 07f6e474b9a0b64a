import type { BinaryExpr, BinaryOp, Expr, MatchCardinality, VectorMatching } from './ast.js';
import { exprType } from './ast.js';
import { durationLiteral } from './parse-duration.js';
import { parseGroupingLabels } from './parse-grouping.js';
import { parseNumber } from './number.js';
import type { TokenStream } from './token-stream.js';

/** The modifiers written after a binary operator, before the type checker judges them. */
export interface BinaryModifiers {
  readonly returnBool: boolean;
  readonly on: boolean;
  readonly labels: readonly string[];
  readonly card: MatchCardinality;
  readonly include: readonly string[];
  readonly fillLeft: number | undefined;
  readonly fillRight: number | undefined;
  /** Start of the operator token, where Prometheus reports operator errors. */
  readonly opStart: number;
  readonly opEnd: number;
}

const written = new WeakMap<BinaryExpr, BinaryModifiers>();

/** The modifiers as written, for the type checker (the tree keeps only what applies). */
export function writtenModifiers(e: BinaryExpr): BinaryModifiers | undefined {
  return written.get(e);
}

/** `[bool] [on|ignoring (...)] [group_left|group_right [(...)]] [fill... (v)]`, in that order. */
export function parseBinaryModifiers(ts: TokenStream, opStart: number, opEnd: number): BinaryModifiers {
  let returnBool = false;
  let on = false;
  let labels: readonly string[] = [];
  let card: MatchCardinality = 'one-to-one';
  let include: readonly string[] = [];
  if (isKeyword(ts, 'bool')) {
    ts.next();
    returnBool = true;
  }
  if (isKeyword(ts, 'on') || isKeyword(ts, 'ignoring')) {
    on = ts.next().value === 'on';
    labels = parseGroupingLabels(ts);
    if (isKeyword(ts, 'group_left') || isKeyword(ts, 'group_right')) {
      card = ts.next().value === 'group_left' ? 'many-to-one' : 'one-to-many';
      if (ts.is('LPAREN')) include = parseGroupingLabels(ts);
    }
  }
  let fillLeft: number | undefined;
  let fillRight: number | undefined;
  if (isKeyword(ts, 'fill')) {
    ts.next();
    fillLeft = fillRight = parseFillValue(ts);
  } else if (isKeyword(ts, 'fill_left')) {
    ts.next();
    fillLeft = parseFillValue(ts);
    if (isKeyword(ts, 'fill_right')) {
      ts.next();
      fillRight = parseFillValue(ts);
    }
  } else if (isKeyword(ts, 'fill_right')) {
    ts.next();
    fillRight = parseFillValue(ts);
    if (isKeyword(ts, 'fill_left')) {
      ts.next();
      fillLeft = parseFillValue(ts);
    }
  }
  return { returnBool, on, labels, card, include, fillLeft, fillRight, opStart, opEnd };
}

/** `( [+|-] number-or-duration )`. */
function parseFillValue(ts: TokenStream): number {
  ts.expect('LPAREN');
  let sign = 1;
  if (ts.is('OP', '-') || ts.is('OP', '+')) sign = ts.next().value === '-' ? -1 : 1;
  const t = ts.peek();
  let value: number;
  if (t.type === 'NUMBER') {
    const n = parseNumber(t.text);
    if (typeof n === 'string') throw ts.error({ start: t.start, end: t.end }, n);
    value = n;
  } else if (t.type === 'DURATION') {
    value = durationLiteral(ts, true, t.text, { start: t.start, end: t.end }).seconds;
  } else {
    throw ts.unexpected();
  }
  ts.next();
  ts.expect('RPAREN');
  return sign * value;
}

function isKeyword(ts: TokenStream, word: string): boolean {
  return ts.is('KEYWORD', word);
}

/**
 * Builds a BinaryExpr: vector matching is kept only between two instant vectors, and set
 * operators always match many-to-many.
 */
export function makeBinary(lhs: Expr, op: BinaryOp, m: BinaryModifiers, rhs: Expr): BinaryExpr {
  let matching: VectorMatching | undefined;
  if (exprType(lhs) === 'vector' && exprType(rhs) === 'vector') {
    const isSet = op === 'and' || op === 'or' || op === 'unless';
    const card = isSet && m.card === 'one-to-one' ? 'many-to-many' : m.card;
    matching = { card, on: m.on, labels: m.labels, include: m.include };
    if (m.fillLeft !== undefined) matching = { ...matching, fillLeft: m.fillLeft };
    if (m.fillRight !== undefined) matching = { ...matching, fillRight: m.fillRight };
  }
  const e: BinaryExpr = { kind: 'binary', op, lhs, rhs, returnBool: m.returnBool, matching, pos: { start: lhs.pos.start, end: rhs.pos.end } };
  written.set(e, m);
  return e;
}
