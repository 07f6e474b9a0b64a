import { CompiledMatcher } from '../../model/index.js';

/**
 * Checks a matcher regex: it must compile exactly as the store will compile it (model's
 * CompiledMatcher, i.e. compileRe2Regex, fully anchored) and must not use
 * constructs RE2 rejects (look-around, back-references), so a query that works on the memory
 * or DuckDB backend also works on ClickHouse and in Prometheus. Returns null when valid, else
 * the reason, worded like Go's regexp errors.
 */
export function checkMatcherRegex(source: string): string | null {
  const unsupported = findNonRe2Syntax(source);
  if (unsupported !== null) return `error parsing regexp: invalid or unsupported Perl syntax: \`${unsupported}\``;
  try {
    new CompiledMatcher({ name: '', type: '=~', value: source });
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    const detail = message.slice(message.lastIndexOf(': ') + 2);
    return `error parsing regexp: ${detail}: \`${source}\``;
  }
  return null;
}

/** Returns the first look-around or back-reference outside a character class, or null. */
function findNonRe2Syntax(source: string): string | null {
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === '\\') {
      const n = source[i + 1] ?? '';
      if (!inClass && ((n >= '1' && n <= '9') || (n === 'k' && source[i + 2] === '<'))) return `\\${n}`;
      i++;
      continue;
    }
    if (inClass) {
      if (c === ']') inClass = false;
      continue;
    }
    if (c === '[') {
      inClass = true;
      // A ']' right after '[' or '[^' is a literal member of the class.
      if (source[i + 1] === '^') i++;
      if (source[i + 1] === ']') i++;
      continue;
    }
    if (c === '(' && source[i + 1] === '?') {
      const rest = source.slice(i + 2, i + 4);
      if (rest.startsWith('=') || rest.startsWith('!')) return `(?${rest[0]}`;
      if (rest === '<=' || rest === '<!') return `(?${rest}`;
    }
  }
  return null;
}
