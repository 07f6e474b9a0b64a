import { badInput } from './errors.js';

/**
 * Compiles a Prometheus/Loki (RE2, Go `regexp`) regular expression to a JavaScript RegExp with
 * the same meaning. `anchored` gives Prometheus label-matcher semantics, `^(?s:...)$`: the whole
 * value must match and `.` matches newlines unless the pattern says `(?-s)`. Unanchored (LogQL
 * line filters, conformance expectations) the pattern may match anywhere and `.` stops at `\n`
 * unless `(?s)`.
 *
 * Plain patterns (no escapes, classes, braces or `(?`) are valid JavaScript with the same meaning
 * and compile directly. Everything else goes through a translator that follows Go's
 * `regexp/syntax` parser: inline flags anywhere (`(?i)`, `(?i:...)`, `(?-s)`, `(?U)`, `(?im-s:...)`)
 * are applied by rewriting the atoms in their scope (case folding expands literals and classes to
 * their Unicode simple case-folding orbits, `s` picks the `.` translation, `m` turns `^`/`$` into
 * line look-arounds, `U` swaps greediness); POSIX classes, `\Q...\E`, `\A`, `\z`, `(?P<name>`,
 * octal/hex escapes, `\pL`/`\p{Greek}` are translated; constructs RE2 rejects (look-arounds,
 * back-references, `\Z`, unknown escapes, nested repetition, counts over 1000) are errors.
 * An invalid pattern is a `bad_input` error naming the pattern.
 */
export function compileRe2Regex(pattern: string, anchored: boolean): RegExp {
  let source = pattern;
  if (!isPlain(pattern, anchored)) {
    try {
      source = translate(pattern, anchored);
    } catch (e) {
      if (!(e instanceof Re2SyntaxError)) throw e;
      throw badInput(`invalid regular expression ${JSON.stringify(pattern)}: ${e.message}`, e);
    }
  }
  // The `s` flag only matters for a `.` left as is: plain anchored patterns, and dot-all scopes.
  if (anchored) source = `^(?:${source})$`;
  try {
    return new RegExp(source, 'su');
  } catch (e) {
    throw badInput(`invalid regular expression ${JSON.stringify(pattern)}: ${(e as Error).message}`, e);
  }
}

/** A pattern RE2 rejects (or that has no JavaScript equivalent); the message is Go-like. */
class Re2SyntaxError extends Error {}

/**
 * True when JavaScript reads the pattern exactly as RE2 does: no escapes, classes or braces (whose
 * syntax differs), no `(?` groups, no `)` without its `(` (which `^(?:...)$` would pair up), no
 * quantified `^`/`$` and, unanchored, no `.` (JavaScript's `.` also stops at `\r`, U+2028, U+2029).
 */
function isPlain(pattern: string, anchored: boolean): boolean {
  let depth = 0;
  for (let i = 0; i < pattern.length; i++) {
    switch (pattern.charCodeAt(i)) {
      case 0x5c: // \
      case 0x5b: // [
      case 0x5d: // ]
      case 0x7b: // {
      case 0x7d: // }
        return false;
      case 0x2e: // .
        if (!anchored) return false;
        break;
      case 0x28: // (
        if (pattern.charCodeAt(i + 1) === 0x3f) return false;
        depth++;
        break;
      case 0x29: // )
        if (--depth < 0) return false;
        break;
      case 0x2a: // *
      case 0x2b: // +
      case 0x3f: {
        // ?
        const prev = pattern.charCodeAt(i - 1);
        if (prev === 0x5e || prev === 0x24) return false;
        break;
      }
    }
  }
  return true;
}

interface Flags {
  /** Case-insensitive. */
  i: boolean;
  /** Multi-line: `^`/`$` also match at line boundaries. */
  m: boolean;
  /** `.` matches `\n`. */
  s: boolean;
  /** Ungreedy: `*` means `*?` and vice versa. */
  U: boolean;
}

const MAX_REPEAT = 1000;
const MAX_RUNE = 0x10ffff;
/** Characters with a special meaning outside a JavaScript class (escaped when literal). */
const JS_SYNTAX = new Set('\\^$.*+?()[]{}|/');

function fail(message: string): never {
  throw new Re2SyntaxError(message);
}

/** Translates an RE2 pattern to JavaScript source for the `su` flags. */
function translate(p: string, anchored: boolean): string {
  let out = '';
  let flags: Flags = { i: false, m: false, s: anchored, U: false };
  const groups: { readonly flags: Flags; readonly start: number }[] = [];
  const names = new Set<string>();
  // Where the last repeatable atom starts in `out` (-1: none), and whether a quantifier needs it
  // wrapped in (?:...) first (JavaScript does not quantify assertions or quantified atoms).
  let atomStart = -1;
  let atomNeedsGroup = false;
  // The previous token, when it was a repetition operator (Go rejects `a**`).
  let lastRepeat = '';

  const atom = (js: string, needsGroup = false): void => {
    atomStart = out.length;
    atomNeedsGroup = needsGroup;
    out += js;
  };
  const literal = (cp: number): void => atom(literalJs(cp, flags.i));

  let i = 0;
  while (i < p.length) {
    const c = p[i] as string;
    let repeat = '';
    switch (c) {
      case '(': {
        if (p[i + 1] !== '?') {
          groups.push({ flags, start: out.length });
          out += '(';
          atomStart = -1;
          i++;
          break;
        }
        const named = p.startsWith('(?P<', i) && p.length - i > 4 ? 4 : p.startsWith('(?<', i) && p.length - i > 3 ? 3 : 0;
        if (named > 0) {
          const end = p.indexOf('>', i);
          if (end < 0) fail(`invalid named capture \`${p.slice(i)}\``);
          const name = p.slice(i + named, end);
          if (!/^[A-Za-z0-9_]+$/.test(name)) fail(`invalid named capture \`${p.slice(i, end + 1)}\``);
          if (names.has(name)) fail(`duplicate capture group name \`${name}\``);
          names.add(name);
          groups.push({ flags, start: out.length });
          // JavaScript group names cannot start with a digit; such a group stays a plain capture.
          out += /^[0-9]/.test(name) ? '(' : `(?<${name}>`;
          atomStart = -1;
          i = end + 1;
          break;
        }
        const parsed = parseFlagGroup(p, i, flags);
        if (parsed.opensGroup) {
          groups.push({ flags, start: out.length });
          out += '(?:';
          atomStart = -1;
        }
        flags = parsed.flags;
        i = parsed.end;
        break;
      }
      case ')': {
        const group = groups.pop();
        if (group === undefined) fail('unexpected )');
        out += ')';
        flags = group.flags;
        atomStart = group.start;
        atomNeedsGroup = false;
        i++;
        break;
      }
      case '|':
        out += '|';
        atomStart = -1;
        i++;
        break;
      case '^':
        atom(flags.m ? '(?<![^\\n])' : '^', true);
        i++;
        break;
      case '$':
        atom(flags.m ? '(?![^\\n])' : '$', true);
        i++;
        break;
      case '.':
        atom(flags.s ? '.' : '[^\\n]');
        i++;
        break;
      case '[': {
        const parsed = parseClass(p, i, flags.i);
        atom(parsed.js);
        i = parsed.end;
        break;
      }
      case '*':
      case '+':
      case '?':
      case '{': {
        let js: string = c;
        let end = i + 1;
        if (c === '{') {
          const r = parseRepeat(p, i);
          if (r === null) {
            literal(0x7b); // `{` that does not start a repeat is a literal
            i++;
            break;
          }
          if (r.min > MAX_REPEAT || r.max > MAX_REPEAT || (r.max >= 0 && r.min > r.max)) {
            fail(`invalid repeat count \`${p.slice(i, r.end)}\``);
          }
          js = r.max === r.min ? `{${r.min}}` : r.max < 0 ? `{${r.min},}` : `{${r.min},${r.max}}`;
          end = r.end;
        }
        let lazy = false;
        if (p[end] === '?') {
          lazy = true;
          end++;
        }
        if (lastRepeat !== '') fail(`invalid nested repetition operator \`${lastRepeat}${p.slice(i, end)}\``);
        if (atomStart < 0) fail(`missing argument to repetition operator \`${p.slice(i, end)}\``);
        if (atomNeedsGroup) out = `${out.slice(0, atomStart)}(?:${out.slice(atomStart)})`;
        out += lazy !== flags.U ? `${js}?` : js;
        atomNeedsGroup = true;
        repeat = p.slice(i, end);
        i = end;
        break;
      }
      case '\\': {
        const next = p[i + 1];
        if (next === 'A' || next === 'z') {
          atom(next === 'A' ? '^' : '$', true);
          i += 2;
        } else if (next === 'b' || next === 'B') {
          atom(`\\${next}`, true);
          i += 2;
        } else if (next === 'C') {
          fail('invalid escape sequence `\\C`');
        } else if (next === 'Q') {
          const close = p.indexOf('\\E', i + 2);
          const text = close < 0 ? p.slice(i + 2) : p.slice(i + 2, close);
          for (const ch of text) literal(ch.codePointAt(0) as number);
          i = close < 0 ? p.length : close + 2;
        } else if (next === 'p' || next === 'P') {
          const parsed = parseUnicodeClass(p, i);
          const set = newClassSet();
          addUnicodeClass(set, parsed.body, false, flags.i);
          atom(classJs(set, parsed.negated, flags.i));
          i = parsed.end;
        } else if (next !== undefined && PERL_CLASSES[next] !== undefined) {
          const set = newClassSet();
          addRanges(set.pos, PERL_CLASSES[next.toLowerCase()] as readonly number[]);
          atom(classJs(set, next !== next.toLowerCase(), flags.i));
          i += 2;
        } else {
          const parsed = parseEscape(p, i);
          literal(parsed.cp);
          i = parsed.end;
        }
        break;
      }
      default: {
        const cp = p.codePointAt(i) as number;
        literal(cp);
        i += cp > 0xffff ? 2 : 1;
      }
    }
    lastRepeat = repeat;
  }
  // Unclosed groups are left open: JavaScript reports them ("Unterminated group") as it does
  // for plain patterns.
  return out;
}

/**
 * Parses `(?flags)` or `(?flags:` at `start` as Go does: flags `imsU`, at most one `-` that
 * must be followed by a flag. Anything else after `(?` (look-arounds, `(?#`...) is an error.
 */
function parseFlagGroup(p: string, start: number, current: Flags): { flags: Flags; opensGroup: boolean; end: number } {
  const flags = { ...current };
  let on = true;
  let sawFlag = false;
  let j = start + 2;
  while (j < p.length) {
    const c = p[j++];
    switch (c) {
      case 'i':
      case 'm':
      case 's':
      case 'U':
        flags[c] = on;
        sawFlag = true;
        continue;
      case '-':
        if (!on) break;
        on = false;
        sawFlag = false;
        continue;
      case ':':
      case ')':
        if (!on && !sawFlag) break;
        return { flags, opensGroup: c === ':', end: j };
    }
    break;
  }
  return fail(`invalid or unsupported Perl syntax \`${p.slice(start, j)}\``);
}

const REPEAT = /\{(0|[1-9][0-9]*)(?:(,)(0|[1-9][0-9]*)?)?\}/y;

/** Go's parseRepeat: `{n}`, `{n,}`, `{n,m}` without leading zeros; null when `{` is a literal. */
function parseRepeat(p: string, start: number): { min: number; max: number; end: number } | null {
  REPEAT.lastIndex = start;
  const m = REPEAT.exec(p);
  if (m === null) return null;
  const min = Number(m[1]);
  const max = m[2] === undefined ? min : m[3] === undefined ? -1 : Number(m[3]);
  return { min, max, end: start + m[0].length };
}

/** Go's parseEscape: one escaped character (not an assertion or a class) at `start` (a `\`). */
function parseEscape(p: string, start: number): { cp: number; end: number } {
  const c = p[start + 1];
  if (c === undefined) fail('trailing backslash at end of expression');
  const code = p.codePointAt(start + 1) as number;
  if (code < 0x80 && !/[0-9A-Za-z]/.test(c)) return { cp: code, end: start + 2 };
  const octal = (ch: string | undefined): boolean => ch !== undefined && ch >= '0' && ch <= '7';
  if ((c >= '1' && c <= '7' && octal(p[start + 2])) || c === '0') {
    // Up to three octal digits; a lone \1-\7 would be a back-reference, which RE2 lacks.
    let end = start + 2;
    while (end < start + 4 && octal(p[end])) end++;
    return { cp: parseInt(p.slice(start + 1, end), 8), end };
  }
  if (c === 'x') {
    if (p[start + 2] === '{') {
      const close = p.indexOf('}', start + 3);
      const hex = close < 0 ? '' : p.slice(start + 3, close);
      if (/^[0-9A-Fa-f]+$/.test(hex) && parseInt(hex, 16) <= MAX_RUNE) return { cp: parseInt(hex, 16), end: close + 1 };
      fail(`invalid escape sequence \`${close < 0 ? p.slice(start) : p.slice(start, close + 1)}\``);
    }
    const hex = p.slice(start + 2, start + 4);
    if (/^[0-9A-Fa-f]{2}$/.test(hex)) return { cp: parseInt(hex, 16), end: start + 4 };
    fail(`invalid escape sequence \`${p.slice(start, start + 4)}\``);
  }
  const simple = C_ESCAPES[c];
  if (simple !== undefined) return { cp: simple, end: start + 2 };
  return fail(`invalid escape sequence \`${String.fromCodePoint(0x5c, code)}\``);
}

const C_ESCAPES: Readonly<Record<string, number>> = { a: 7, f: 12, n: 10, r: 13, t: 9, v: 11 };

// Character classes as sorted code point range lists [lo, hi, lo, hi, ...].
const DIGIT = [0x30, 0x39];
const WORD = [0x30, 0x39, 0x41, 0x5a, 0x5f, 0x5f, 0x61, 0x7a];
/** `\d`, `\s`, `\w` (ASCII only in RE2; `\s` has no `\v`); upper case is the negation. */
const PERL_CLASSES: Readonly<Record<string, readonly number[]>> = {
  d: DIGIT,
  D: DIGIT,
  s: [0x09, 0x0a, 0x0c, 0x0d, 0x20, 0x20],
  S: [0x09, 0x0a, 0x0c, 0x0d, 0x20, 0x20],
  w: WORD,
  W: WORD,
};
const POSIX_CLASSES: Readonly<Record<string, readonly number[]>> = {
  alnum: [0x30, 0x39, 0x41, 0x5a, 0x61, 0x7a],
  alpha: [0x41, 0x5a, 0x61, 0x7a],
  ascii: [0x00, 0x7f],
  blank: [0x09, 0x09, 0x20, 0x20],
  cntrl: [0x00, 0x1f, 0x7f, 0x7f],
  digit: DIGIT,
  graph: [0x21, 0x7e],
  lower: [0x61, 0x7a],
  print: [0x20, 0x7e],
  punct: [0x21, 0x2f, 0x3a, 0x40, 0x5b, 0x60, 0x7b, 0x7e],
  space: [0x09, 0x0d, 0x20, 0x20],
  upper: [0x41, 0x5a],
  word: WORD,
  xdigit: [0x30, 0x39, 0x41, 0x46, 0x61, 0x66],
};

/**
 * A class being built, as Go builds it: `pos` collects members still to be case-folded (when the
 * class is in a case-insensitive scope), `fixed` members already final (negated groups such as
 * `\W`, folded before negation), `props` JavaScript property escapes, and `comps` JavaScript class
 * bodies whose complement is a member (a negated property folded with extra characters).
 */
interface ClassSet {
  readonly pos: number[];
  readonly fixed: number[];
  readonly props: string[];
  readonly comps: string[];
}

function newClassSet(): ClassSet {
  return { pos: [], fixed: [], props: [], comps: [] };
}

function addRanges(into: number[], ranges: readonly number[]): void {
  for (const r of ranges) into.push(r);
}

/** Adds a POSIX or Perl group; a negated one is folded first, then complemented (as Go does). */
function addGroup(set: ClassSet, ranges: readonly number[], negated: boolean, fold: boolean): void {
  if (!negated) addRanges(set.pos, ranges);
  else addRanges(set.fixed, complement(fold ? foldRanges(ranges) : normalize(ranges)));
}

/** Adds a Unicode property class (`body`, JavaScript escapes), folding it when `fold`. */
function addUnicodeClass(set: ClassSet, body: string, negated: boolean, fold: boolean): void {
  const extras = fold ? foldExtras(body) : [];
  if (!negated) {
    set.props.push(body);
    addRanges(set.fixed, extras);
  } else if (extras.length === 0 && /^\\p\{[^}]*\}$/.test(body)) {
    set.props.push(`\\P${body.slice(2)}`);
  } else {
    set.comps.push(body + rangesBody(normalize(extras)));
  }
}

/** The JavaScript atom for a finished class. */
function classJs(set: ClassSet, negated: boolean, fold: boolean): string {
  const ranges = normalize([...(fold ? foldRanges(set.pos) : set.pos), ...set.fixed]);
  const body = rangesBody(ranges) + set.props.join('');
  if (set.comps.length === 0) return negated ? `[^${body}]` : `[${body}]`;
  const alternatives = set.comps.map((c) => `(?![${c}])[\\s\\S]`);
  if (body !== '') alternatives.unshift(`[${body}]`);
  const any = `(?:${alternatives.join('|')})`;
  return negated ? `(?!${any})[\\s\\S]` : any;
}

/** Go's parseClass, from the `[` at `start`; returns the JavaScript atom. */
function parseClass(p: string, start: number, fold: boolean): { js: string; end: number } {
  const set = newClassSet();
  let j = start + 1;
  let negated = false;
  if (p[j] === '^') {
    negated = true;
    j++;
  }
  const missing = (): never => fail(`missing closing ] \`${p.slice(start)}\``);
  let first = true;
  for (;;) {
    if (j >= p.length) missing();
    const c = p[j];
    if (c === ']' && !first) {
      j++;
      break;
    }
    first = false;
    if (c === '[' && p[j + 1] === ':') {
      const close = p.indexOf(':]', j + 2);
      if (close >= 0) {
        const name = p.slice(j, close + 2);
        const inner = name.slice(2, -2);
        const groupNegated = inner.startsWith('^');
        const ranges = POSIX_CLASSES[groupNegated ? inner.slice(1) : inner];
        if (ranges === undefined || !Object.hasOwn(POSIX_CLASSES, groupNegated ? inner.slice(1) : inner)) fail(`invalid character class range \`${name}\``);
        addGroup(set, ranges, groupNegated, fold);
        j = close + 2;
        continue;
      }
    }
    if (c === '\\' && (p[j + 1] === 'p' || p[j + 1] === 'P')) {
      const parsed = parseUnicodeClass(p, j);
      addUnicodeClass(set, parsed.body, parsed.negated, fold);
      j = parsed.end;
      continue;
    }
    const perl = c === '\\' ? p[j + 1] : undefined;
    if (perl !== undefined && PERL_CLASSES[perl] !== undefined) {
      addGroup(set, PERL_CLASSES[perl], perl !== perl.toLowerCase(), fold);
      j += 2;
      continue;
    }
    const rangeStart = j;
    const lo = classChar(p, j, missing);
    let hi = lo.cp;
    j = lo.end;
    if (p[j] === '-' && j + 1 < p.length && p[j + 1] !== ']') {
      const high = classChar(p, j + 1, missing);
      if (high.cp < lo.cp) fail(`invalid character class range \`${p.slice(rangeStart, high.end)}\``);
      hi = high.cp;
      j = high.end;
    }
    set.pos.push(lo.cp, hi);
  }
  return { js: classJs(set, negated, fold), end: j };
}

function classChar(p: string, j: number, missing: () => never): { cp: number; end: number } {
  if (j >= p.length) missing();
  if (p[j] === '\\') return parseEscape(p, j);
  const cp = p.codePointAt(j) as number;
  return { cp, end: j + (cp > 0xffff ? 2 : 1) };
}

/**
 * Go's parseUnicodeClass at `start` (`\p` or `\P`): `\pL`, `\p{Greek}`, `\p{^Greek}`. Returns the
 * positive class as a JavaScript class body and whether it is negated.
 */
function parseUnicodeClass(p: string, start: number): { body: string; negated: boolean; end: number } {
  let negated = p[start + 1] === 'P';
  let name: string;
  let end: number;
  if (p[start + 2] === '{') {
    const close = p.indexOf('}', start);
    if (close < 0) fail(`invalid character class range \`${p.slice(start)}\``);
    name = p.slice(start + 3, close);
    end = close + 1;
  } else {
    const cp = p.codePointAt(start + 2);
    name = cp === undefined ? '' : String.fromCodePoint(cp);
    end = start + 2 + name.length;
  }
  const seq = p.slice(start, end);
  if (name.startsWith('^')) {
    negated = !negated;
    name = name.slice(1);
  }
  const body = unicodeClassBody(name);
  if (body === undefined) fail(`invalid character class range \`${seq}\``);
  return { body, negated, end };
}

const propertyBodies = new Map<string, string | undefined>();

/** The JavaScript class body for a Go Unicode class name (category, script, Any...). */
function unicodeClassBody(name: string): string | undefined {
  if (propertyBodies.has(name)) return propertyBodies.get(name);
  let body: string | undefined;
  // Go's names ignore case after the first letter and `_`, `-`, spaces.
  const canonical = name.replace(/[-_ ]/g, '').replace(/^(.)(.*)$/s, (_, a: string, b: string) => a.toUpperCase() + b.toLowerCase());
  if (canonical === 'Any') body = '\\u{0}-\\u{10FFFF}';
  else if (canonical === 'Ascii') body = '\\u{0}-\\u{7F}';
  else if (canonical === 'Assigned') body = '\\p{Assigned}';
  // Go's C (Other) has no unassigned code points, unlike Unicode's (and JavaScript's).
  else if (canonical === 'C' || canonical === 'Other') body = '\\p{Cc}\\p{Cf}\\p{Co}\\p{Cs}';
  else if (/^[A-Za-z0-9_]+$/.test(name)) {
    const names = [name, canonical === 'Lc' ? 'LC' : canonical];
    body = names
      .flatMap((n) => [`\\p{General_Category=${n}}`, `\\p{Script=${n}}`])
      .find((candidate) => {
        try {
          new RegExp(`[${candidate}]`, 'u');
          return true;
        } catch {
          return false;
        }
      });
  }
  propertyBodies.set(name, body);
  return body;
}

// Case folding. RE2 and JavaScript's `iu` mode share one equivalence: Unicode simple case
// folding. Scopes are expanded by asking JavaScript which characters fold together.

const ASCII_UPPER = [0x41, 0x5a];
const ASCII_LOWER = [0x61, 0x7a];
const KELVIN = 0x212a; // folds with k and K
const LONG_S = 0x17f; // folds with s and S
/** The highest code point whose case folds (Go's maxFold, rounded up). */
const MAX_FOLD = 0x1ffff;

/** `ranges` (unsorted pairs) plus every character that folds to one of them, normalized. */
function foldRanges(ranges: readonly number[]): number[] {
  const set = normalize(ranges);
  if (set.length === 0) return set;
  if ((set[set.length - 1] as number) >= 0x80) return normalize([...set, ...foldExtras(rangesBody(set))]);
  const out = [...set];
  for (let k = 0; k < set.length; k += 2) {
    const lo = set[k] as number;
    const hi = set[k + 1] as number;
    const covers = (cp: number): boolean => lo <= cp && cp <= hi;
    const upper = [Math.max(lo, ASCII_UPPER[0] as number), Math.min(hi, ASCII_UPPER[1] as number)] as const;
    if (upper[0] <= upper[1]) out.push(upper[0] + 0x20, upper[1] + 0x20);
    const lower = [Math.max(lo, ASCII_LOWER[0] as number), Math.min(hi, ASCII_LOWER[1] as number)] as const;
    if (lower[0] <= lower[1]) out.push(lower[0] - 0x20, lower[1] - 0x20);
    if (covers(0x4b) || covers(0x6b)) out.push(KELVIN, KELVIN);
    if (covers(0x53) || covers(0x73)) out.push(LONG_S, LONG_S);
  }
  return normalize(out);
}

let foldUniverse: string | undefined;

/** Every code point that can take part in case folding, in order, as one string. */
function universe(): string {
  if (foldUniverse === undefined) {
    const parts: string[] = [];
    let chunk: number[] = [];
    for (let cp = 0; cp <= MAX_FOLD; cp++) {
      if (cp >= 0xd800 && cp <= 0xdfff) continue;
      chunk.push(cp);
      if (chunk.length === 4096) {
        parts.push(String.fromCodePoint(...chunk));
        chunk = [];
      }
    }
    parts.push(String.fromCodePoint(...chunk));
    foldUniverse = parts.join('');
  }
  return foldUniverse;
}

/**
 * Ranges (as pairs) of the characters outside the class `body` that fold to a member of it. Runs
 * two native scans over the folding universe: drop the members, then match the rest with `iu`.
 */
function foldExtras(body: string): number[] {
  const rest = universe().replace(new RegExp(`[${body}]`, 'gu'), '');
  const out: number[] = [];
  for (const m of rest.matchAll(new RegExp(`[${body}]`, 'giu'))) {
    const cp = m[0].codePointAt(0) as number;
    out.push(cp, cp);
  }
  return out;
}

const orbits = new Map<number, string>();

/** A literal character; in a case-insensitive scope, the class of its case-folding orbit. */
function literalJs(cp: number, fold: boolean): string {
  const escaped = (): string => {
    const ch = String.fromCodePoint(cp);
    if (JS_SYNTAX.has(ch)) return `\\${ch}`;
    return needsHexEscape(cp) ? `\\u{${cp.toString(16)}}` : ch;
  };
  if (!fold) return escaped();
  let js = orbits.get(cp);
  if (js === undefined) {
    const orbit = foldRanges([cp, cp]);
    js = orbit.length === 2 ? escaped() : `[${rangesBody(orbit)}]`;
    orbits.set(cp, js);
  }
  return js;
}

/** Sorted, merged copy of unsorted [lo, hi] pairs. */
function normalize(ranges: readonly number[]): number[] {
  const pairs: [number, number][] = [];
  for (let k = 0; k + 1 < ranges.length; k += 2) pairs.push([ranges[k] as number, ranges[k + 1] as number]);
  pairs.sort((a, b) => a[0] - b[0]);
  const out: number[] = [];
  for (const [lo, hi] of pairs) {
    const last = out.length - 1;
    if (last > 0 && lo <= (out[last] as number) + 1) out[last] = Math.max(out[last] as number, hi);
    else out.push(lo, hi);
  }
  return out;
}

/** The complement of normalized ranges within [0, 0x10FFFF]. */
function complement(ranges: readonly number[]): number[] {
  const out: number[] = [];
  let next = 0;
  for (let k = 0; k < ranges.length; k += 2) {
    const lo = ranges[k] as number;
    if (lo > next) out.push(next, lo - 1);
    next = (ranges[k + 1] as number) + 1;
  }
  if (next <= MAX_RUNE) out.push(next, MAX_RUNE);
  return out;
}

/** JavaScript class body (no brackets) for normalized ranges. */
function rangesBody(ranges: readonly number[]): string {
  let out = '';
  for (let k = 0; k < ranges.length; k += 2) {
    const lo = ranges[k] as number;
    const hi = ranges[k + 1] as number;
    out += classCharJs(lo);
    if (hi > lo) out += `${hi > lo + 1 ? '-' : ''}${classCharJs(hi)}`;
  }
  return out;
}

function classCharJs(cp: number): string {
  if (cp === 0x5c || cp === 0x5d || cp === 0x5b || cp === 0x5e || cp === 0x2d) return `\\${String.fromCharCode(cp)}`;
  return needsHexEscape(cp) ? `\\u{${cp.toString(16)}}` : String.fromCodePoint(cp);
}

/** Controls, surrogates, separators and non-characters are written as `\u{...}`. */
function needsHexEscape(cp: number): boolean {
  return cp < 0x20 || (cp >= 0x7f && cp <= 0xa0) || (cp >= 0xd800 && cp <= 0xdfff) || cp === 0x2028 || cp === 0x2029 || cp > 0xffff;
}
