/**
 * Compiles a Go RE2 pattern (from `expect ... regex:` or `expected_fail_regexp`) to an
 * unanchored JavaScript RegExp with the same meaning for the syntax the scripts use.
 *
 * Differences handled: a leading flag group `(?i)`/`(?s)`/`(?m)`/`(?U)`-free combinations
 * becomes JS flags; `(?P<name>` becomes `(?<name>`; `\A` and `\z` become `^` and `$` (JS
 * without the `m` flag has the same meaning); `\Q...\E` quotes literally; POSIX classes
 * (`[[:digit:]]`) inside brackets are expanded. Everything else is passed through: RE2's
 * syntax is otherwise a subset of JavaScript's (with the `u` flag for `\p{...}`).
 * Throws an Error when the pattern cannot be translated or compiled.
 */
export function compileRe2(pattern: string): RegExp {
  let source = pattern;
  let flags = '';
  const flagGroup = /^\(\?([imsU]+)\)/.exec(source);
  if (flagGroup !== null) {
    const groupFlags = flagGroup[1] as string;
    if (groupFlags.includes('U')) throw new Error(`unsupported RE2 flag U in ${JSON.stringify(pattern)}`);
    flags = [...new Set(groupFlags)].join('');
    source = source.slice(flagGroup[0].length);
  }
  const translated = translateBody(source, pattern);
  try {
    return new RegExp(translated, `${flags}u`);
  } catch {
    // Escapes such as `\-` or `\_` are valid RE2 but rejected by JavaScript's `u` mode.
    try {
      return new RegExp(translated, flags);
    } catch (e) {
      throw new Error(`cannot compile RE2 pattern ${JSON.stringify(pattern)}: ${(e as Error).message}`, { cause: e });
    }
  }
}

const POSIX_CLASSES: Readonly<Record<string, string>> = {
  alnum: '0-9A-Za-z',
  alpha: 'A-Za-z',
  ascii: '\\x00-\\x7F',
  blank: '\\t ',
  cntrl: '\\x00-\\x1F\\x7F',
  digit: '0-9',
  graph: '!-~',
  lower: 'a-z',
  print: ' -~',
  punct: '!-\\/:-@\\[-`{-~',
  space: '\\t\\n\\v\\f\\r ',
  upper: 'A-Z',
  word: '0-9A-Za-z_',
  xdigit: '0-9A-Fa-f',
};

function translateBody(source: string, original: string): string {
  let out = '';
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const c = source[i] as string;
    if (c === '\\') {
      const next = source[i + 1];
      if (next === undefined) throw new Error(`trailing backslash in ${JSON.stringify(original)}`);
      if (next === 'Q') {
        const end = source.indexOf('\\E', i + 2);
        const literal = end < 0 ? source.slice(i + 2) : source.slice(i + 2, end);
        out += literal.replace(/[\\^$.*+?()[\]{}|/-]/g, '\\$&');
        i = end < 0 ? source.length : end + 1;
        continue;
      }
      if (!inClass && next === 'A') out += '^';
      else if (!inClass && next === 'z') out += '$';
      else out += c + next;
      i++;
      continue;
    }
    if (inClass) {
      if (c === '[' && source[i + 1] === ':') {
        const close = source.indexOf(':]', i + 2);
        const name = close < 0 ? undefined : source.slice(i + 2, close);
        const negated = name?.startsWith('^') === true;
        const expansion = name === undefined ? undefined : POSIX_CLASSES[negated ? name.slice(1) : name];
        if (expansion === undefined || negated) throw new Error(`unsupported POSIX class in ${JSON.stringify(original)}`);
        out += expansion;
        i = close + 1;
        continue;
      }
      if (c === ']') inClass = false;
      out += c;
      continue;
    }
    if (c === '[') {
      inClass = true;
      out += c;
      // A `]` right after `[` or `[^` is a literal in RE2; JavaScript needs it escaped.
      if (source[i + 1] === '^') {
        out += '^';
        i++;
      }
      if (source[i + 1] === ']') {
        out += '\\]';
        i++;
      }
      continue;
    }
    if (c === '(' && source.startsWith('(?P<', i)) {
      out += '(?<';
      i += 3;
      continue;
    }
    if (c === '(' && /^\(\?[imsU-]+[:)]/.test(source.slice(i))) {
      throw new Error(`inline RE2 flag groups are not supported: ${JSON.stringify(original)}`);
    }
    out += c;
  }
  return out;
}
