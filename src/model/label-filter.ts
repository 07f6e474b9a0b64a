import { badInput } from './errors.js';
import type { LabelMatcher } from './matchers.js';
import { CompiledMatcher, formatMatcher } from './matchers.js';

/**
 * A LogQL label filter expression on string values (`| level="error" or trace_id=~"4bf.*"`):
 * matchers combined with `and` / `or`. A matcher tests the value of one label of a log record
 * ("" when absent) exactly like a stream matcher: `=` / `!=` compare, `=~` / `!~` are fully
 * anchored RE2. Which labels a record has is defined where it is evaluated (for LogQL: the
 * stream labels plus `structuredMetadataLabels`).
 */
export type LabelFilterExpr =
  | { readonly op: 'match'; readonly matcher: LabelMatcher }
  | { readonly op: 'and' | 'or'; readonly left: LabelFilterExpr; readonly right: LabelFilterExpr };

/** LogQL text of an expression, fully parenthesised where `and` / `or` nest: for tests and messages. */
export function formatLabelFilter(e: LabelFilterExpr): string {
  if (e.op === 'match') return formatMatcher(e.matcher);
  const side = (s: LabelFilterExpr): string => (s.op === 'match' ? formatLabelFilter(s) : `(${formatLabelFilter(s)})`);
  return `${side(e.left)} ${e.op} ${side(e.right)}`;
}

/**
 * Label filter expressions compiled once (regexes included), all of which must hold. Throws
 * `bad_input` naming the filter for an invalid regex.
 */
export class CompiledLabelFilters {
  private readonly roots: CompiledNode[];

  constructor(exprs: readonly LabelFilterExpr[]) {
    this.roots = exprs.map((e) => {
      try {
        return compile(e);
      } catch (err) {
        throw badInput(`invalid label filter ${formatLabelFilter(e)}: ${(err as Error).message}`, err);
      }
    });
  }

  get isEmpty(): boolean {
    return this.roots.length === 0;
  }

  /** True when every expression holds; `valueOf` gives a label's value, "" when absent. */
  matches(valueOf: (name: string) => string): boolean {
    for (const r of this.roots) if (!evaluate(r, valueOf)) return false;
    return true;
  }

  /**
   * Evaluates what `known` decides (a label's value, or undefined when it depends on the record)
   * and returns the rest: true or false when decided, else the expression still to check per
   * record (all expressions joined with `and`). Lets a backend settle the matchers on stream
   * labels once per stream instead of once per record.
   */
  fold(known: (name: string) => string | undefined): boolean | LabelFilterExpr {
    let rest: LabelFilterExpr | undefined;
    for (const r of this.roots) {
      const f = fold(r, known);
      if (f === false) return false;
      if (f !== true) rest = rest === undefined ? f : { op: 'and', left: rest, right: f };
    }
    return rest ?? true;
  }
}

type CompiledNode = CompiledMatcher | { readonly op: 'and' | 'or'; readonly left: CompiledNode; readonly right: CompiledNode };

function compile(e: LabelFilterExpr): CompiledNode {
  return e.op === 'match' ? new CompiledMatcher(e.matcher) : { op: e.op, left: compile(e.left), right: compile(e.right) };
}

function evaluate(n: CompiledNode, valueOf: (name: string) => string): boolean {
  if (n instanceof CompiledMatcher) return n.matches(valueOf(n.name));
  if (n.op === 'and') return evaluate(n.left, valueOf) && evaluate(n.right, valueOf);
  return evaluate(n.left, valueOf) || evaluate(n.right, valueOf);
}

function fold(n: CompiledNode, known: (name: string) => string | undefined): boolean | LabelFilterExpr {
  if (n instanceof CompiledMatcher) {
    const value = known(n.name);
    return value === undefined ? { op: 'match', matcher: n } : n.matches(value);
  }
  const left = fold(n.left, known);
  const right = fold(n.right, known);
  // `true` absorbs an `or` and is neutral in an `and`; `false` the other way round.
  const absorbing = n.op === 'or';
  if (typeof left === 'boolean') return left === absorbing ? absorbing : right;
  if (typeof right === 'boolean') return right === absorbing ? absorbing : left;
  return { op: n.op, left, right };
}
