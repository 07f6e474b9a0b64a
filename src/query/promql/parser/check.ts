import { METRIC_NAME_LABEL } from '../../../model/index.js';
import { hasNonEmptyMatcher } from '../../selector/index.js';
import type { BinaryExpr, CallExpr, Expr, PosRange, ValueType, VectorSelector } from './ast.js';
import { exprType } from './ast.js';
import { goQuote } from './go-format.js';
import { writtenModifiers } from './parse-binary.js';
import { PromqlParseError } from './parse-error.js';

/**
 * Type-checks a parsed tree the way Prometheus's checkAST does, in the same order, so the first
 * error reported is the one Prometheus reports. Any type is fine at the top level.
 */
export function checkExpr(input: string, root: Expr): void {
  new Checker(input).check(root);
}

/** Prometheus's names for value types in messages. */
export function documentedType(t: ValueType): string {
  if (t === 'vector') return 'instant vector';
  if (t === 'matrix') return 'range vector';
  return t;
}

const COMPARISONS = new Set(['==', '!=', '<', '<=', '>', '>=']);
const SET_OPS = new Set(['and', 'or', 'unless']);

class Checker {
  // info()'s second argument selects labels only and may match everything.
  private readonly bypassEmptyCheck = new Set<VectorSelector>();

  constructor(private readonly input: string) {}

  check(e: Expr): ValueType {
    switch (e.kind) {
      case 'aggregate':
        this.expectType(e.expr, 'vector', 'aggregation expression');
        if (e.param !== undefined) this.expectType(e.param, e.op === 'count_values' ? 'string' : 'scalar', 'aggregation parameter');
        break;
      case 'binary':
        this.checkBinary(e);
        break;
      case 'call':
        this.checkCall(e);
        break;
      case 'paren':
        this.check(e.expr);
        break;
      case 'unary': {
        const t = this.check(e.expr);
        if (t !== 'scalar' && t !== 'vector') {
          this.fail(e.pos, `unary expression only allowed on expressions of type scalar or instant vector, got ${goQuote(documentedType(t))}`);
        }
        break;
      }
      case 'subquery': {
        const t = this.check(e.expr);
        if (t !== 'vector') this.fail(e.pos, `subquery is only allowed on instant vector, got ${t} instead`);
        break;
      }
      case 'matrixSelector':
        this.check(e.vector);
        break;
      case 'vectorSelector':
        this.checkSelector(e);
        break;
      case 'number':
      case 'string':
        break;
    }
    return exprType(e);
  }

  private expectType(e: Expr, want: ValueType, context: string): void {
    const t = this.check(e);
    if (t !== want) this.fail(e.pos, `expected type ${documentedType(want)} in ${context}, got ${documentedType(t)}`);
  }

  private checkBinary(e: BinaryExpr): void {
    const lt = this.check(e.lhs);
    const rt = this.check(e.rhs);
    const m = writtenModifiers(e);
    const opPos = m === undefined ? e.pos : { start: m.opStart, end: m.opEnd };
    const isComparison = COMPARISONS.has(e.op);
    const isSet = SET_OPS.has(e.op);
    if (e.returnBool && !isComparison) this.fail(opPos, 'bool modifier can only be used on comparison operators');
    if (isComparison && !e.returnBool && lt === 'scalar' && rt === 'scalar') {
      this.fail(opPos, 'comparisons between scalars must use BOOL modifier');
    }
    if (m !== undefined && m.on) {
      for (const l of m.labels) {
        if (m.include.includes(l)) this.fail(opPos, `label ${goQuote(l)} must not occur in ON and GROUP clause at once`);
      }
    }
    if (lt !== 'scalar' && lt !== 'vector') this.fail(e.lhs.pos, 'binary expression must contain only scalar and instant vector types');
    if (rt !== 'scalar' && rt !== 'vector') this.fail(e.rhs.pos, 'binary expression must contain only scalar and instant vector types');
    const hasFill = m !== undefined && (m.fillLeft !== undefined || m.fillRight !== undefined);
    if (lt !== 'vector' || rt !== 'vector') {
      if (m !== undefined && m.labels.length > 0) this.fail(e.pos, 'vector matching only allowed between instant vectors');
      if (hasFill) this.fail(e.pos, 'filling in missing series only allowed between instant vectors');
    } else if (isSet) {
      if (m !== undefined && m.card !== 'one-to-one') this.fail(e.pos, `no grouping allowed for ${goQuote(e.op)} operation`);
      if (hasFill) this.fail(e.pos, 'filling in missing series not allowed for set operators');
    }
    if ((lt === 'scalar' || rt === 'scalar') && isSet) this.fail(e.pos, `set operator ${goQuote(e.op)} not allowed in binary scalar expression`);
  }

  private checkCall(e: CallExpr): void {
    const f = e.func;
    const n = f.argTypes.length;
    const got = e.args.length;
    if (f.variadic === 0) {
      if (n !== got) this.fail(e.pos, `expected ${n} argument(s) in call to ${goQuote(f.name)}, got ${got}`);
    } else if (n - 1 > got) {
      this.fail(e.pos, `expected at least ${n - 1} argument(s) in call to ${goQuote(f.name)}, got ${got}`);
    } else if (f.variadic > 0 && n - 1 + f.variadic < got) {
      this.fail(e.pos, `expected at most ${n - 1 + f.variadic} argument(s) in call to ${goQuote(f.name)}, got ${got}`);
    }
    const second = e.args[1];
    if (f.name === 'info' && second !== undefined) {
      const t = exprType(second);
      if (t !== 'vector') this.fail(e.pos, `expected type instant vector in call to function "info", got ${documentedType(t)}`);
      if (second.kind === 'vectorSelector' && second.name !== '') {
        this.fail(second.pos, 'expected label selectors only, got vector selector instead');
      } else if (second.kind === 'vectorSelector') {
        this.bypassEmptyCheck.add(second);
      } else {
        this.fail(second.pos, 'expected label selectors only');
      }
    }
    for (let i = 0; i < got; i++) {
      if (i >= n && f.variadic === 0) break;
      const want = f.argTypes[Math.min(i, n - 1)];
      const arg = e.args[i] as Expr;
      const t = this.check(arg);
      if (t !== want && want !== undefined) {
        this.fail(arg.pos, `expected type ${documentedType(want)} in call to function ${goQuote(f.name)}, got ${documentedType(t)}`);
      }
    }
  }

  private checkSelector(e: VectorSelector): void {
    if (e.name !== '') {
      for (const m of e.matchers.slice(1)) {
        if (m.name === METRIC_NAME_LABEL) this.fail(e.pos, `metric name must not be set twice: ${goQuote(e.name)} or ${goQuote(m.value)}`);
      }
      return;
    }
    if (!this.bypassEmptyCheck.has(e) && !hasNonEmptyMatcher(e.matchers)) {
      this.fail(e.pos, 'vector selector must contain at least one non-empty matcher');
    }
  }

  private fail(pos: PosRange, reason: string): never {
    throw new PromqlParseError(this.input, pos, reason);
  }
}
