import type { AtModifier, Expr } from '../parser/index.js';
import { formatExpr, parseExpr } from '../parser/index.js';

/**
 * Upstream's `@` step-invariance check needs the expression with `@ <t>` on every selector and
 * subquery that has none (not inside a subquery): rewritten on the AST and printed back. Undefined when the text does
 * not parse (the eval then fails on its own).
 */
export function addAtModifier(expr: string, tMs: number): string | undefined {
  let tree: Expr;
  try {
    tree = parseExpr(expr);
  } catch {
    return undefined;
  }
  const at: AtModifier = { kind: 'time', ms: tMs };
  return formatExpr(withAt(tree, at));
}

function withAt(e: Expr, at: AtModifier): Expr {
  switch (e.kind) {
    case 'vectorSelector':
      return e.at === undefined ? { ...e, at } : e;
    case 'matrixSelector':
      return { ...e, vector: e.vector.at === undefined ? { ...e.vector, at } : e.vector };
    case 'subquery':
      // As upstream: a subquery gets the `@`, the selectors inside it keep their own timing.
      return { ...e, at: e.at ?? at };
    case 'paren':
    case 'unary':
      return { ...e, expr: withAt(e.expr, at) };
    case 'binary':
      return { ...e, lhs: withAt(e.lhs, at), rhs: withAt(e.rhs, at) };
    case 'aggregate':
      return { ...e, expr: withAt(e.expr, at), param: e.param === undefined ? undefined : withAt(e.param, at) };
    case 'call':
      return { ...e, args: e.args.map((a) => withAt(a, at)) };
    case 'number':
    case 'string':
      return e;
  }
}
