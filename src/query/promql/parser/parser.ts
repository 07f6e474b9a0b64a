import type { LabelMatcher } from '../../../model/index.js';
import { METRIC_NAME_LABEL } from '../../../model/index.js';
import type { AggregateExpr, AggregateOp, BinaryOp, CallExpr, Expr, NumberLiteral, PosRange, VectorSelector } from './ast.js';
import { checkExpr } from './check.js';
import { getFunction } from './functions.js';
import { goQuote } from './go-format.js';
import { durationLiteral } from './parse-duration.js';
import { parseBinaryModifiers, makeBinary } from './parse-binary.js';
import { parseGroupingLabels } from './parse-grouping.js';
import { parsePostfix } from './parse-postfix.js';
import { parseNumber } from './number.js';
import { TokenStream } from './token-stream.js';
import type { Token } from './lexer.js';

/** Binding strength of binary operators, loosest first; `^` is right-associative. */
const PRECEDENCE: Readonly<Record<string, number>> = {
  or: 1,
  and: 2,
  unless: 2,
  '==': 3,
  '!=': 3,
  '<=': 3,
  '<': 3,
  '>=': 3,
  '>': 3,
  '+': 4,
  '-': 4,
  '*': 5,
  '/': 5,
  '%': 5,
  atan2: 5,
  '^': 6,
};
// Unary minus binds like `*` (Prometheus's `%prec MUL`): `-2^2` is -(2^2), `-1 * x` is (-1) * x.
const UNARY_OPERAND_PRECEDENCE = 6;

/** Names a vector selector may have although they are keywords elsewhere (Prometheus's metric_identifier). */
const KEYWORD_METRIC_NAMES = new Set(['by', 'without', 'offset', 'fill', 'fill_left', 'fill_right', 'anchored', 'smoothed', 'and', 'or', 'unless']);
const PARAM_AGGREGATIONS = new Set<AggregateOp>(['topk', 'bottomk', 'quantile', 'count_values', 'limitk', 'limit_ratio']);

/**
 * Parses and type-checks a PromQL expression (Prometheus 3 syntax, including duration
 * arithmetic and fill modifiers). Throws PromqlParseError, worded and positioned like
 * Prometheus's first error. Experimental functions are accepted; their signatures say so.
 */
export function parseExpr(input: string): Expr {
  const ts = new TokenStream(input);
  if (ts.is('EOF')) throw ts.error({ start: 0, end: 0 }, 'no expression found in input');
  const expr = parseBinary(ts, 0);
  if (!ts.is('EOF')) throw ts.unexpected();
  checkExpr(input, expr);
  return expr;
}

/** Precedence climbing over binary operators; exported for the postfix and argument parsers. */
export function parseBinary(ts: TokenStream, minPrec: number): Expr {
  return ts.nested(() => parseBinaryLevel(ts, minPrec));
}

function parseBinaryLevel(ts: TokenStream, minPrec: number): Expr {
  let lhs = parseUnary(ts);
  for (;;) {
    const t = ts.peek();
    if (t.type !== 'OP') return lhs;
    const prec = PRECEDENCE[t.value];
    if (prec === undefined) throw ts.error({ start: t.start, end: t.end }, `operator "${t.value}" is not supported`);
    if (prec < minPrec) return lhs;
    ts.next();
    const op = t.value as BinaryOp;
    const modifiers = parseBinaryModifiers(ts, t.start, t.end);
    const rhs = parseBinary(ts, op === '^' ? prec : prec + 1);
    lhs = makeBinary(lhs, op, modifiers, rhs);
  }
}

function parseUnary(ts: TokenStream): Expr {
  const t = ts.peek();
  if (t.type === 'OP' && (t.value === '-' || t.value === '+')) {
    ts.next();
    const operand = parseBinary(ts, UNARY_OPERAND_PRECEDENCE);
    const pos = { start: t.start, end: operand.pos.end };
    if (operand.kind === 'number') {
      return { ...operand, value: t.value === '-' ? -operand.value : operand.value, pos };
    }
    return { kind: 'unary', op: t.value, expr: operand, pos };
  }
  return parsePostfix(ts, parsePrimary(ts));
}

function parsePrimary(ts: TokenStream): Expr {
  const t = ts.peek();
  const pos = { start: t.start, end: t.end };
  switch (t.type) {
    case 'NUMBER': {
      ts.next();
      const value = parseNumber(t.text);
      if (typeof value === 'string') throw ts.error(pos, value);
      return { kind: 'number', value, pos };
    }
    case 'DURATION': {
      ts.next();
      const literal = durationLiteral(ts, true, t.text, pos);
      const n: NumberLiteral = { kind: 'number', value: literal.seconds, isDuration: true, pos };
      return n;
    }
    case 'STRING':
      ts.next();
      return { kind: 'string', value: t.value, pos };
    case 'LPAREN': {
      ts.next();
      const expr = parseBinary(ts, 0);
      const close = ts.expect('RPAREN');
      return { kind: 'paren', expr, pos: { start: t.start, end: close.end } };
    }
    case 'SELECTOR':
      return parseSelector(ts, undefined);
    case 'AGGR': {
      const after = ts.peek(1);
      if (after.type === 'LPAREN' || (after.type === 'KEYWORD' && (after.value === 'by' || after.value === 'without'))) {
        return parseAggregation(ts);
      }
      return parseSelector(ts, ts.next());
    }
    case 'IDENT':
    case 'PREPROC':
      if (ts.peek(1).type === 'LPAREN') return parseCall(ts);
      return parseSelector(ts, ts.next());
    case 'METRIC_IDENT':
      return parseSelector(ts, ts.next());
    case 'KEYWORD':
    case 'OP':
      if (KEYWORD_METRIC_NAMES.has(t.value)) return parseSelector(ts, ts.next());
      break;
    default:
      break;
  }
  throw ts.unexpected();
}

function parseSelector(ts: TokenStream, nameToken: Token | undefined): VectorSelector {
  const matchers: LabelMatcher[] = [];
  const name = nameToken?.text ?? '';
  let start = nameToken?.start ?? ts.peek().start;
  let end = nameToken?.end ?? start;
  if (nameToken !== undefined) matchers.push({ name: METRIC_NAME_LABEL, type: '=', value: name });
  if (ts.is('SELECTOR')) {
    const braces = ts.peek();
    if (braces.selectorError !== undefined) throw ts.unexpected('label matching');
    ts.next();
    matchers.push(...(braces.matchers ?? []));
    if (nameToken === undefined) start = braces.start;
    end = braces.end;
  }
  return { kind: 'vectorSelector', name, matchers, offset: undefined, at: undefined, pos: { start, end } };
}

function parseAggregation(ts: TokenStream): AggregateExpr {
  const opToken = ts.next();
  const op = opToken.value as AggregateOp;
  let grouping: readonly string[] = [];
  let without = false;
  let modifierFirst = false;
  if (ts.is('KEYWORD')) {
    without = ts.next().value === 'without';
    grouping = parseGroupingLabels(ts);
    modifierFirst = true;
    if (!ts.is('LPAREN')) throw ts.unexpected('aggregation');
  }
  ts.aggregationDepth++;
  const args = parseArguments(ts);
  ts.aggregationDepth--;
  if (!modifierFirst && ts.is('KEYWORD') && (ts.peek().value === 'by' || ts.peek().value === 'without')) {
    without = ts.next().value === 'without';
    grouping = parseGroupingLabels(ts);
  }
  const pos: PosRange = { start: opToken.start, end: ts.lastEnd() };
  if (args.length === 0) throw ts.error(pos, 'no arguments for aggregate expression provided');
  const wanted = PARAM_AGGREGATIONS.has(op) ? 2 : 1;
  if (args.length !== wanted) {
    throw ts.error(pos, `wrong number of arguments for aggregate expression provided, expected ${wanted}, got ${args.length}`);
  }
  const expr = args[wanted - 1] as Expr;
  return { kind: 'aggregate', op, expr, param: wanted === 2 ? args[0] : undefined, grouping, without, pos };
}

function parseCall(ts: TokenStream): CallExpr {
  const nameToken = ts.next();
  const args = parseArguments(ts);
  const func = getFunction(nameToken.text);
  const namePos = { start: nameToken.start, end: nameToken.end };
  if (func === undefined) throw ts.error(namePos, `unknown function with name ${goQuote(nameToken.text)}`);
  return { kind: 'call', func, args, pos: { start: nameToken.start, end: ts.lastEnd() } };
}

/** `( expr, expr, ... )`; a trailing comma is an error, as in Prometheus. */
function parseArguments(ts: TokenStream): Expr[] {
  ts.expect('LPAREN');
  const args: Expr[] = [];
  if (ts.is('RPAREN')) {
    ts.next();
    return args;
  }
  for (;;) {
    args.push(parseBinary(ts, 0));
    if (ts.is('COMMA')) {
      const comma = ts.next();
      if (ts.is('RPAREN')) throw ts.error({ start: comma.start, end: comma.end }, 'trailing commas not allowed in function call args');
      continue;
    }
    ts.expect('RPAREN');
    return args;
  }
}
