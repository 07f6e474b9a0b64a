import type { LabelFilterExpr, MatchType } from '../../../model/index.js';
import { checkMatcherRegex, readStringLiteral, skipSpace } from '../../selector/index.js';
import { describeAt, notYet, syntaxError } from './parse-errors.js';

/** A label filter stage's expression and the offset just after it. */
export interface ParsedLabelFilter {
  readonly expr: LabelFilterExpr;
  readonly end: number;
}

/**
 * Parses the expression of a label filter stage starting at `start` (just after `|`):
 * `name op "value"` with op `=`, `!=`, `=~`, `!~` and a double-quoted or backtick string,
 * combined with `and`, `or`, `,`, juxtaposition and parentheses.
 *
 * Grouping follows Loki's grammar (pkg/logql/syntax/syntax.y): `and` binds tighter than `or`,
 * both left-associative; `,` and juxtaposition have no precedence there, so yacc shifts and
 * their right side extends to the end of the enclosing group: `a="1", b="2" or c="3"` is
 * `a="1" and (b="2" or c="3")`, but `a="1" and b="2" or c="3"` is `(a="1" and b="2") or c="3"`.
 *
 * Numeric, duration and bytes comparisons and `ip()` are `unsupported`; anything else that is
 * not this grammar is a syntax error in Loki's wording.
 */
export function parseLabelFilter(input: string, start: number): ParsedLabelFilter {
  const p = new Parser(input, start);
  const expr = p.or();
  return { expr, end: p.at };
}

/** Deeper parentheses than this are refused rather than risking the stack. */
const MAX_DEPTH = 100;
const STRING_OPS: ReadonlySet<string> = new Set(['=', '!=', '=~', '!~']);
/** Longest first, so `!=` is not read as `!` and `>=` not as `>`. */
const OPERATORS = ['=~', '!~', '!=', '==', '>=', '<=', '=', '>', '<'];
const NUMBER_LIKE = /^[+-]?(\d|\.\d)/;

class Parser {
  private depth = 0;

  constructor(
    private readonly input: string,
    public at: number,
  ) {}

  or(): LabelFilterExpr {
    let left = this.and();
    while (this.keyword('or')) left = { op: 'or', left, right: this.and() };
    return left;
  }

  private and(): LabelFilterExpr {
    let left = this.unit();
    while (this.keyword('and')) left = { op: 'and', left, right: this.unit() };
    return left;
  }

  /** A primary, and when `,` or another filter follows, `and` with everything after it. */
  private unit(): LabelFilterExpr {
    const first = this.primary();
    this.at = skipSpace(this.input, this.at);
    if (this.input[this.at] === ',') {
      this.at++;
      return { op: 'and', left: first, right: this.or() };
    }
    if (this.startsFilter()) return { op: 'and', left: first, right: this.or() };
    return first;
  }

  private primary(): LabelFilterExpr {
    const { input } = this;
    this.at = skipSpace(input, this.at);
    if (input[this.at] === '(') {
      if (++this.depth > MAX_DEPTH) throw syntaxError(input, this.at, `label filter nested deeper than ${MAX_DEPTH} parentheses`);
      this.at++;
      const inner = this.or();
      this.at = skipSpace(input, this.at);
      if (input[this.at] !== ')') throw syntaxError(input, this.at, `unexpected ${describeAt(input, this.at)}, expected ")" or a label filter`);
      this.at++;
      this.depth--;
      return inner;
    }
    const filterStart = this.at;
    const name = this.identifier();
    if (name === '' || name === 'and' || name === 'or') {
      throw syntaxError(input, this.at, `unexpected ${describeAt(input, this.at)}, expected a label filter (name="value")`);
    }
    this.at = skipSpace(input, this.at + name.length);
    const op = OPERATORS.find((o) => input.startsWith(o, this.at));
    if (op === undefined) throw syntaxError(input, this.at, `unexpected ${describeAt(input, this.at)}, expected a label filter operator (=, !=, =~, !~)`);
    const valueAt = skipSpace(input, this.at + op.length);
    const rest = input.slice(valueAt);
    if (input[valueAt] === '"' || input[valueAt] === '`') {
      if (!STRING_OPS.has(op)) throw syntaxError(input, valueAt, `unexpected string after ${op}: it compares numbers, durations or bytes`);
      const literal = readStringLiteral(input, valueAt, '"`');
      if (op === '=~' || op === '!~') {
        const problem = checkMatcherRegex(literal.value);
        if (problem !== null) throw syntaxError(input, valueAt, problem);
      }
      this.at = literal.end;
      return { op: 'match', matcher: { name, type: op as MatchType, value: literal.value } };
    }
    if (NUMBER_LIKE.test(rest) && op !== '=~' && op !== '!~') {
      throw notYet(input.slice(filterStart), 'numeric, duration and bytes comparisons in label filters');
    }
    if ((op === '=' || op === '!=') && /^ip\s*\(/.test(rest)) throw notYet(input.slice(filterStart), 'ip() label filters');
    throw syntaxError(input, valueAt, `unexpected ${describeAt(input, valueAt)}, expected a string after ${op}`);
  }

  /** Consumes `word` when it is the next identifier. */
  private keyword(word: string): boolean {
    const at = skipSpace(this.input, this.at);
    if (this.identifierAt(at) !== word) return false;
    this.at = at + word.length;
    return true;
  }

  /** True when a label filter starts next (Loki reads two adjacent filters as `and`). */
  private startsFilter(): boolean {
    if (this.input[this.at] === '(') return true;
    const word = this.identifierAt(this.at);
    return word !== '' && word !== 'and' && word !== 'or';
  }

  private identifier(): string {
    return this.identifierAt(this.at);
  }

  private identifierAt(at: number): string {
    return identifierAt(this.input, at);
  }
}

/** The label name (identifier) starting at `at`, or '' when none does. */
export function identifierAt(input: string, at: number): string {
  const re = /[A-Za-z_][A-Za-z0-9_]*/y;
  re.lastIndex = at;
  return re.exec(input)?.[0] ?? '';
}
