import type { NameValidationScheme } from './types.js';

const LEGACY_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const LONE_SURROGATE = /\p{Surrogate}/u;

/** Whether `name` is a valid label name under the scheme (Prometheus 3: any non-empty UTF-8). */
export function isValidLabelName(name: string, scheme: NameValidationScheme): boolean {
  if (scheme === 'legacy') return LEGACY_NAME.test(name);
  return name.length > 0 && !LONE_SURROGATE.test(name);
}

/** A label value must be valid UTF-8, which a JavaScript string is unless it has a lone surrogate. */
export function isValidLabelValue(value: string): boolean {
  return !LONE_SURROGATE.test(value);
}

function isWordChar(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c === 0x5f;
}

/**
 * Under legacy validation, a relabel `target_label` (or labelmap `replacement`) with `$`
 * references: legacy name characters, not starting with a digit, where each `$` is followed by
 * `name` or `{name}` (name = `\w+`). This is the language of Prometheus's check, written as a
 * linear scan because the nested-quantifier regular expression backtracks badly in JavaScript.
 */
export function isValidLegacyTemplate(template: string): boolean {
  if (template.length === 0) return false;
  const first = template.charCodeAt(0);
  if (first >= 0x30 && first <= 0x39) return false;
  let i = 0;
  while (i < template.length) {
    const c = template.charCodeAt(i);
    if (isWordChar(c)) {
      i++;
      continue;
    }
    if (c !== 0x24) return false; // $
    const braced = template.charCodeAt(i + 1) === 0x7b; // {
    let j = braced ? i + 2 : i + 1;
    const start = j;
    while (j < template.length && isWordChar(template.charCodeAt(j))) j++;
    if (j === start) return false;
    if (braced) {
      if (template.charCodeAt(j) !== 0x7d) return false; // }
      j++;
    }
    i = j;
  }
  return true;
}
