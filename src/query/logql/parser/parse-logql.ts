import { compileRe2Regex } from '../../../model/index.js';
import type { BinaryExpr, Grouping, LogQuery, LogqlQuery, MetricExpr, VectorMatching } from './ast.js';
import { parseOffsetNanos, parseRangeNanos } from './durations.js';
import { parseLogSelectorAt, parsePipelineAt } from './log-query.js';
import { arithmetic, compare } from './operator-math.js';
import { notYet, toLokiParseError } from './parse-errors.js';
import type { BinaryOp, VectorOp } from './signatures.js';
import { PRECEDENCE, UNSUPPORTED_VECTOR_OPS, UNWRAP_RANGE_OPS, VECTOR_OPS_WITH_PARAM, isComparisonOp, isRangeOp, isSetOp, isVectorOp } from './signatures.js';
import { TextScanner } from './text-scanner.js';
import { parseSelectorPrefix } from '../../selector/index.js';

/** A log query met where the parser does not know yet whether it heads a range. */
interface LogNode {
  readonly type: 'log';
  readonly query: LogQuery;
  readonly at: number;
}

/** `{...} |= "x" [5m] offset 1h`: only valid as the argument of a range aggregation. */
interface LogRangeNode {
  readonly type: 'log_range';
  readonly query: LogQuery;
  readonly rangeNanos: bigint;
  readonly offsetNanos: bigint;
  /** True when a pipeline stood before the range (then none may follow it). */
  readonly pipelineBeforeRange: boolean;
  readonly at: number;
}

type Node = MetricExpr | LogNode | LogRangeNode;

/** Deeper nesting than this is refused rather than risking the stack. */
const MAX_DEPTH = 200;
const NO_MATCHING: VectorMatching = { on: false, labels: [], card: 'one-to-one', include: [] };

/**
 * Parses a LogQL query, log or metric, with Loki's grammar for what this version evaluates (see
 * signatures.ts) and Loki's checks (a selector needs a matcher that rejects "", range
 * aggregations take no grouping, `topk` needs a positive integer, `sort` no grouping, literals
 * have no place in set operations). Arithmetic and comparisons between two numbers are folded
 * at once, as Loki does (`1 > 2` is 0).
 *
 * Syntax errors are `bad_input` with Loki's prefix and the position: "parse error at line 1,
 * col 5: ...". LogQL this version does not evaluate (parsers, `| unwrap`, `approx_topk`, ...)
 * is an `unsupported` error naming it.
 */
export function parseLogql(input: string): LogqlQuery {
  try {
    const p = new LogqlParser(input);
    const node = p.expression(0);
    if (!p.scan.atEnd()) throw p.scan.unexpected('');
    if (node.type === 'log') return { kind: 'log', query: node.query };
    if (node.type === 'log_range') throw p.scan.error(node.at, 'a log range such as {...}[5m] must be the argument of a range aggregation such as count_over_time(...)');
    return { kind: 'metric', expr: node };
  } catch (e) {
    throw toLokiParseError(e);
  }
}

class LogqlParser {
  readonly scan: TextScanner;
  private depth = 0;

  constructor(input: string) {
    this.scan = new TextScanner(input);
  }

  /** Precedence climbing over binary operators; `minPrecedence` 0 reads everything. */
  expression(minPrecedence: number): Node {
    if (++this.depth > MAX_DEPTH) throw this.scan.error(this.scan.skip(), `query nested deeper than ${MAX_DEPTH} levels`);
    let left = this.primary();
    for (;;) {
      const opAt = this.scan.skip();
      const op = this.peekOperator();
      if (op === null || PRECEDENCE[op] < minPrecedence) break;
      this.scan.at = opAt + op.length;
      const { returnBool, matching } = this.binaryModifiers();
      const right = this.expression(op === '^' ? PRECEDENCE[op] : PRECEDENCE[op] + 1);
      left = this.combine(op, returnBool, matching, left, right, opAt);
    }
    this.depth--;
    return left;
  }

  private peekOperator(): BinaryOp | null {
    const s = this.scan;
    const at = s.skip();
    const two = s.input.slice(at, at + 2);
    if (two === '==' || two === '!=' || two === '>=' || two === '<=') return two;
    const one = s.input[at];
    if (one === '+' || one === '-' || one === '*' || one === '/' || one === '%' || one === '^' || one === '>' || one === '<') return one;
    const word = s.peekWord();
    if (word === 'and' || word === 'or' || word === 'unless') return word;
    return null;
  }

  /** `bool`, then `on (...)` / `ignoring (...)`, then `group_left` / `group_right` with optional labels. */
  private binaryModifiers(): { returnBool: boolean; matching: VectorMatching } {
    const s = this.scan;
    const returnBool = s.acceptWord('bool');
    const word = s.peekWord();
    if (word !== 'on' && word !== 'ignoring') return { returnBool, matching: NO_MATCHING };
    s.acceptWord(word);
    const labels = s.labelList(`after ${word}`);
    let card: VectorMatching['card'] = 'one-to-one';
    let include: string[] = [];
    const group = s.peekWord();
    if (group === 'group_left' || group === 'group_right') {
      s.acceptWord(group);
      card = group === 'group_left' ? 'many-to-one' : 'one-to-many';
      if (s.peekChar() === '(') include = s.labelList(`after ${group}`);
    }
    return { returnBool, matching: { on: word === 'on', labels, card, include } };
  }

  private combine(op: BinaryOp, returnBool: boolean, matching: VectorMatching, left: Node, right: Node, at: number): MetricExpr {
    const l = this.metricOperand(left, op, 'left');
    const r = this.metricOperand(right, op, 'right');
    if (isSetOp(op)) {
      for (const [side, node] of [['left', l], ['right', r]] as const) {
        if (node.type === 'literal') {
          throw this.scan.error(node.at, `unexpected literal for ${side} leg of logical/set binary operation (${op}): ${node.value.toFixed(6)}`);
        }
      }
    } else if (l.type === 'literal' && r.type === 'literal') {
      const value = isComparisonOp(op) ? (compare(op, l.value, r.value) ? 1 : 0) : arithmetic(op, l.value, r.value);
      return { type: 'literal', value, at: l.at };
    }
    const expr: BinaryExpr = { type: 'binary', op, returnBool, matching, left: l, right: r, at };
    return expr;
  }

  private metricOperand(node: Node, op: BinaryOp, side: 'left' | 'right'): MetricExpr {
    if (node.type === 'log' || node.type === 'log_range') {
      throw this.scan.error(node.at, `unexpected log query for ${side} leg of binary operation (${op}): both sides must be metric queries or numbers`);
    }
    return node;
  }

  private primary(): Node {
    const s = this.scan;
    const at = s.skip();
    const c = s.input[at];
    if (c === '{') return this.logQuery(at);
    if (c === '(') {
      s.at = at + 1;
      const inner = this.expression(0);
      s.expect(')', 'to close "("');
      // `(selector pipeline) [5m]`: the grammar takes no stages after such a range.
      if (inner.type === 'log' && s.peekChar() === '[') return this.range(inner.query, at, true);
      return inner;
    }
    const literal = s.number(true);
    if (literal !== undefined) return { type: 'literal', value: literal.value, at };
    const word = s.peekWord();
    if (word !== '' && s.callFollows(word)) {
      if (isRangeOp(word)) return this.rangeAggregation(word, at);
      if (UNWRAP_RANGE_OPS.includes(word)) return this.unwrapRangeAggregation(word, at);
      if (word === 'vector') return this.vectorLiteral(at);
      if (word === 'label_replace') return this.labelReplace(at);
    }
    if (isVectorOp(word) && (s.callFollows(word) || /^\s*(by|without)\b/i.test(s.input.slice(at + word.length)))) return this.vectorAggregation(word, at);
    if (UNSUPPORTED_VECTOR_OPS.includes(word)) throw notYet(s.input.slice(at), `${word} aggregations`);
    // Anything else is not a query: let the selector parser say what it found, in its words.
    parseSelectorPrefix(s.input, at, { dialect: 'logql' });
    throw s.unexpected('');
  }

  /** `{...}` with its pipeline, and a range after it when one follows. */
  private logQuery(at: number): Node {
    const s = this.scan;
    const { query, end } = parseLogSelectorAt(s.input, at);
    s.at = end;
    if (s.peekChar() === '[') return this.range(query, at, query.lineFilters.length + query.labelFilters.length > 0);
    return { type: 'log', query, at };
  }

  /** `[5m]`, then optionally `offset 1h`, then (when none stood before) pipeline stages. */
  private range(query: LogQuery, at: number, pipelineBeforeRange: boolean): LogRangeNode {
    const s = this.scan;
    const open = s.skip();
    const close = s.input.indexOf(']', open);
    if (close < 0) throw s.error(open, "missing closing ']' in duration");
    const parsed = parseRangeNanos(s.input.slice(open + 1, close));
    if (typeof parsed !== 'bigint') throw s.error(open + 1, parsed.error);
    if (parsed <= 0n) throw s.error(open + 1, `the range must be longer than 0, not ${s.input.slice(open + 1, close)}`);
    s.at = close + 1;
    let offsetNanos = 0n;
    if (s.peekWord() === 'offset') {
      s.acceptWord('offset');
      const offsetAt = s.skip();
      const text = /^[+-]?[0-9.]+[0-9.nuµμmshdwy]*/.exec(s.input.slice(offsetAt))?.[0] ?? '';
      const nanos = text === '' ? undefined : parseOffsetNanos(text);
      if (nanos === undefined) throw s.unexpected('expected a duration after offset', offsetAt);
      offsetNanos = nanos;
      s.at = offsetAt + text.length;
    }
    let full = query;
    if (!pipelineBeforeRange) {
      const pipeline = parsePipelineAt(s.input, s.at);
      if (pipeline.lineFilters.length + pipeline.labelFilters.length > 0) {
        full = { matchers: query.matchers, lineFilters: pipeline.lineFilters, labelFilters: pipeline.labelFilters };
        s.at = pipeline.end;
      }
    }
    return { type: 'log_range', query: full, rangeNanos: parsed, offsetNanos, pipelineBeforeRange, at };
  }

  private rangeAggregation(op: string, at: number): MetricExpr {
    const s = this.scan;
    s.acceptWord(op);
    s.expect('(', `after ${op}`);
    const paramAt = s.skip();
    if (s.number(false) !== undefined && s.accept(',')) throw s.error(paramAt, `parameter ${s.input.slice(paramAt, s.at - 1).trim()} not supported for operation ${op}`);
    s.at = paramAt;
    const arg = this.logRangeArgument(op);
    s.expect(')', `to close ${op}(`);
    const word = s.peekWord();
    if (word === 'by' || word === 'without') throw s.error(s.skip(), `grouping not allowed for ${op} aggregation`);
    if (!isRangeOp(op)) throw new Error(`BUG: ${op} is not a range aggregation`);
    return { type: 'range_aggregation', op, selector: arg.query, rangeNanos: arg.rangeNanos, offsetNanos: arg.offsetNanos, at };
  }

  /** `sum_over_time` and friends: with `| unwrap` not supported yet, without it an error as in Loki. */
  private unwrapRangeAggregation(op: string, at: number): never {
    const s = this.scan;
    s.acceptWord(op);
    s.expect('(', `after ${op}`);
    if (s.number(false) !== undefined) s.expect(',', `after the parameter of ${op}`);
    this.logRangeArgument(op);
    throw s.error(at, `invalid aggregation ${op} without unwrap`);
  }

  private logRangeArgument(op: string): LogRangeNode {
    const argAt = this.scan.skip();
    const arg = this.expression(0);
    if (arg.type !== 'log_range') {
      throw this.scan.error(argAt, `${op}(...) takes a log range such as {app="x"} |= "error" [5m]`);
    }
    return arg;
  }

  private vectorAggregation(op: VectorOp, at: number): MetricExpr {
    const s = this.scan;
    s.acceptWord(op);
    let grouping = this.grouping();
    s.expect('(', `after ${op}`);
    let param: number | null = null;
    const paramAt = s.skip();
    const number = s.number(false);
    if (number !== undefined) {
      if (!s.accept(',')) {
        s.at = paramAt; // `sum(1)` goes on as an expression and is refused below.
      } else if (!VECTOR_OPS_WITH_PARAM.has(op)) {
        throw s.error(paramAt, `unsupported parameter for operation ${op}(${number.text},`);
      } else {
        if (!/^\d+$/.test(number.text)) throw s.error(paramAt, `invalid parameter ${op}(${number.text},`);
        param = Number(number.text);
        if (param <= 0) throw s.error(paramAt, `invalid parameter (must be greater than 0) ${op}(${number.text}`);
      }
    }
    if (param === null && VECTOR_OPS_WITH_PARAM.has(op)) throw s.error(paramAt, `parameter required for operation ${op}`);
    const innerAt = s.skip();
    const inner = this.expression(0);
    s.expect(')', `to close ${op}(`);
    if (inner.type === 'log' || inner.type === 'log_range' || inner.type === 'literal') {
      throw s.error(innerAt, `${op}(...) aggregates a metric query such as count_over_time({app="x"}[5m]), not ${inner.type === 'literal' ? 'a number' : 'a log query'}`);
    }
    const after = this.grouping();
    if (after !== null) {
      if (grouping !== null) throw s.error(s.at, `${op} has two groupings`);
      grouping = after;
    }
    if ((op === 'sort' || op === 'sort_desc') && grouping !== null && grouping.labels.length > 0) {
      throw s.error(at, 'sort and sort_desc doesn\'t allow grouping by ');
    }
    return { type: 'vector_aggregation', op, grouping: grouping ?? { without: false, labels: [] }, param, expr: inner, at };
  }

  private grouping(): Grouping | null {
    const word = this.scan.peekWord();
    if (word !== 'by' && word !== 'without') return null;
    this.scan.acceptWord(word);
    return { without: word === 'without', labels: this.scan.labelList(`after ${word}`) };
  }

  private vectorLiteral(at: number): MetricExpr {
    const s = this.scan;
    s.acceptWord('vector');
    s.expect('(', 'after vector');
    const n = s.number(false);
    if (n === undefined) throw s.unexpected('expected a number in vector(...)');
    s.expect(')', 'to close vector(');
    return { type: 'vector', value: n.value, at };
  }

  private labelReplace(at: number): MetricExpr {
    const s = this.scan;
    s.acceptWord('label_replace');
    s.expect('(', 'after label_replace');
    const innerAt = s.skip();
    const inner = this.expression(0);
    if (inner.type === 'log' || inner.type === 'log_range') throw s.error(innerAt, 'label_replace(...) takes a metric query');
    const args: string[] = [];
    for (const name of ['destination label', 'replacement', 'source label', 'regex']) {
      s.expect(',', `before the ${name} of label_replace`);
      args.push(s.string(`as the ${name} of label_replace`));
    }
    s.expect(')', 'to close label_replace(');
    const [dst = '', replacement = '', src = '', regex = ''] = args;
    try {
      compileRe2Regex(regex, true);
    } catch (e) {
      throw s.error(at, `invalid regex in label_replace: ${(e as Error).message}`);
    }
    return { type: 'label_replace', expr: inner, dst, replacement, src, regex, at };
  }
}
