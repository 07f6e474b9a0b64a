import type { ArithmeticOp, ComparisonOp } from './signatures.js';

/**
 * One arithmetic operation on two sample values, as Loki computes it: unlike PromQL, dividing
 * by zero (`/` and `%`) gives NaN rather than an infinity. `%` is Go's math.Mod (the sign of the
 * dividend), which JavaScript's `%` matches.
 */
export function arithmetic(op: ArithmeticOp, left: number, right: number): number {
  switch (op) {
    case '+':
      return left + right;
    case '-':
      return left - right;
    case '*':
      return left * right;
    case '/':
      return right === 0 ? NaN : left / right;
    case '%':
      return right === 0 ? NaN : left % right;
    case '^':
      return Math.pow(left, right);
  }
}

/** One comparison of two sample values (NaN compares unequal to everything, as in Go). */
export function compare(op: ComparisonOp, left: number, right: number): boolean {
  switch (op) {
    case '==':
      return left === right;
    case '!=':
      return left !== right;
    case '>':
      return left > right;
    case '>=':
      return left >= right;
    case '<':
      return left < right;
    case '<=':
      return left <= right;
  }
}
