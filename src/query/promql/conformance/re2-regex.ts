import { compileRe2Regex } from '../../../model/index.js';

/**
 * Compiles a Go RE2 pattern (from `expect ... regex:` or `expected_fail_regexp`) to an
 * unanchored JavaScript RegExp with the same meaning, as Go's `regexp.MustCompile` then
 * `MatchString` would use it. The translation (inline flags, POSIX classes, `\Q...\E`, `\A`,
 * `\z`, `(?P<name>`...) is model's compileRe2Regex; an invalid pattern throws its `bad_input` error.
 */
export function compileRe2(pattern: string): RegExp {
  return compileRe2Regex(pattern, false);
}
