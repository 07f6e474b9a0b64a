import { badInput } from './errors.js';

/**
 * Compiles a Prometheus/Loki (RE2) regular expression to a JavaScript RegExp. RE2 and
 * JavaScript agree on the syntax users write in selectors, except for the leading flag group
 * (`(?i)`, `(?s)`, `(?m)`, `(?is)`) that RE2 accepts and JavaScript rejects: it becomes the
 * matching JavaScript flag. `anchored` wraps the pattern as `^(?:...)$` with dot-all, which is
 * how Prometheus label matchers behave; unanchored (LogQL line filters) `.` matches newlines
 * only with `(?s)`, as in RE2.
 * An invalid pattern is a `bad_input` error naming the pattern.
 */
export function compileRe2Regex(pattern: string, anchored: boolean): RegExp {
  const flagGroup = /^\(\?([ims]+)\)/.exec(pattern);
  let source = pattern;
  let flags = 'u';
  if (flagGroup !== null) {
    source = pattern.slice(flagGroup[0].length);
    flags += [...new Set(flagGroup[1])].join('');
  }
  if (anchored) {
    // Prometheus compiles label matchers as ^(?s:...)$: `.` matches newlines there.
    source = `^(?:${source})$`;
    if (!flags.includes('s')) flags += 's';
  }
  try {
    return new RegExp(source, flags);
  } catch {
    try {
      // Patterns with escapes the `u` flag forbids (e.g. `\-`) are still valid RE2.
      return new RegExp(source, flags.replace('u', ''));
    } catch (e) {
      throw badInput(`invalid regular expression ${JSON.stringify(pattern)}: ${(e as Error).message}`, e);
    }
  }
}
