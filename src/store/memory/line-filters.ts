import { compileRe2Regex } from '../../model/index.js';
import type { LineFilter } from '../contract.js';

/** A compiled line filter: true when the line is kept. */
export type LinePredicate = (line: string) => boolean;

/**
 * Compiles LogQL line filters, applied exactly: `|=` keeps lines containing the value, `!=`
 * lines not containing it, `|~` lines the regex matches anywhere (unanchored), `!~` the rest.
 * Regexes follow RE2 via compileRe2Regex; an invalid regex is a `bad_input` error.
 */
export function compileLineFilters(filters: readonly LineFilter[] | undefined): LinePredicate[] {
  return (filters ?? []).map(compileLineFilter);
}

/** True when every predicate keeps the line. */
export function keepsLine(predicates: readonly LinePredicate[], line: string): boolean {
  for (const p of predicates) if (!p(line)) return false;
  return true;
}

function compileLineFilter(f: LineFilter): LinePredicate {
  switch (f.type) {
    case '|=':
      return (line) => line.includes(f.value);
    case '!=':
      return (line) => !line.includes(f.value);
    case '|~': {
      const re = compileRegex(f);
      return (line) => re.test(line);
    }
    case '!~': {
      const re = compileRegex(f);
      return (line) => !re.test(line);
    }
  }
}

function compileRegex(f: LineFilter): RegExp {
  return compileRe2Regex(f.value, false);
}
