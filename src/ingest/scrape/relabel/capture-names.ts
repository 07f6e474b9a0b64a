/**
 * The capture group names of an RE2 pattern by group number: index 0 is the whole match, unnamed
 * groups are "". The regex translator keeps RE2's group numbering but cannot give JavaScript
 * every RE2 name (`(?P<1x>...)` is legal RE2, not JavaScript), so `$name` references are
 * resolved to numbers here. Expects a pattern that already compiled.
 */
export function captureGroupNames(pattern: string): string[] {
  const names = [''];
  let i = 0;
  while (i < pattern.length) {
    const c = pattern[i];
    if (c === '\\') {
      if (pattern[i + 1] === 'Q') {
        // \Q...\E is literal text, parentheses included.
        const end = pattern.indexOf('\\E', i + 2);
        i = end < 0 ? pattern.length : end + 2;
      } else {
        i += 2;
      }
    } else if (c === '[') {
      i = skipClass(pattern, i);
    } else if (c === '(') {
      if (pattern[i + 1] === '?') {
        NAMED_GROUP.lastIndex = i;
        const named = NAMED_GROUP.exec(pattern);
        if (named !== null) names.push(named[1] as string);
        i += 2;
      } else {
        names.push('');
        i++;
      }
    } else {
      i++;
    }
  }
  return names;
}

const NAMED_GROUP = /\(\?P?<([A-Za-z0-9_]+)>/y;

/** The index after the character class starting at `start`; `]` right after `[` or `[^` is literal. */
function skipClass(p: string, start: number): number {
  let j = start + 1;
  if (p[j] === '^') j++;
  let first = true;
  while (j < p.length) {
    const c = p[j];
    if (c === ']' && !first) return j + 1;
    first = false;
    if (c === '[' && p[j + 1] === ':') {
      const close = p.indexOf(':]', j + 2);
      if (close >= 0) {
        j = close + 2;
        continue;
      }
    }
    j += c === '\\' ? 2 : 1;
  }
  return p.length;
}
