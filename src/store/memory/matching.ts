import type { LabelMatcher, Labels } from '../../model/index.js';
import { CompiledMatcher, badInput, formatMatcher, getLabel } from '../../model/index.js';

/** Compiles a selector; an invalid regex becomes a `bad_input` error naming the matcher. */
export function compileMatchers(matchers: readonly LabelMatcher[]): CompiledMatcher[] {
  return matchers.map((m) => {
    try {
      return new CompiledMatcher(m);
    } catch (e) {
      throw badInput(`invalid regular expression in matcher ${formatMatcher(m)}: ${(e as Error).message}`, e);
    }
  });
}

/** Compiles a union of selectors (see `compileMatchers`). */
export function compileMatcherSets(sets: readonly (readonly LabelMatcher[])[]): CompiledMatcher[][] {
  return sets.map(compileMatchers);
}

/** True when every matcher holds; an absent label is matched as the empty string. */
export function matchesAll(labels: Labels, matchers: readonly CompiledMatcher[]): boolean {
  for (const m of matchers) {
    if (!m.matches(getLabel(labels, m.name))) return false;
  }
  return true;
}

/** True when any selector of the union holds; an empty union selects everything. */
export function matchesAny(labels: Labels, sets: readonly (readonly CompiledMatcher[])[]): boolean {
  if (sets.length === 0) return true;
  for (const set of sets) {
    if (matchesAll(labels, set)) return true;
  }
  return false;
}
