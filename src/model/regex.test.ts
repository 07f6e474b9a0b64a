import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { OmniscopeError } from './errors.js';
import { compileRe2Regex } from './regex.js';

/** Anchored (Prometheus label matcher) match. */
const full = (pattern: string, value: string): boolean => compileRe2Regex(pattern, true).test(value);
/** Unanchored (LogQL line filter) match. */
const find = (pattern: string, value: string): boolean => compileRe2Regex(pattern, false).test(value);

function assertInvalid(pattern: string, anchored = true): void {
  assert.throws(
    () => compileRe2Regex(pattern, anchored),
    (e: unknown) => e instanceof OmniscopeError && e.kind === 'bad_input' && e.message.includes(JSON.stringify(pattern)),
    pattern,
  );
}

describe('compileRe2Regex: Prometheus selectors.test inline flag patterns', () => {
  // Expected values as Go's regexp gives them for ^(?s:pattern)$.
  const values = ['production', 'Production', 'PRODUCTION', 'testing'] as const;
  const cases: readonly [string, readonly boolean[]][] = [
    ['(?i:PRO).*', [true, true, true, false]],
    ['.*?(?i:PRO).*', [true, true, true, false]],
    ['.*(?i:DUC).*', [true, true, true, false]],
    ['.*(?i:TION)', [true, true, true, false]],
    ['.*(?i:TION).*?', [true, true, true, false]],
    ['((?i)PRO).*', [true, true, true, false]],
    ['.*((?i)DUC).*', [true, true, true, false]],
    ['.*((?i)TION)', [true, true, true, false]],
    ['(?i:PRODUCTION)', [true, true, true, false]],
    ['.*(?i:C).*', [true, true, true, false]],
    // Without the flag the upper-case literals only match the upper-case value.
    ['PRO.*', [false, false, true, false]],
    ['.*TION', [false, false, true, false]],
    // The flag covers its group only.
    ['(?i:pro)DUCTION', [false, false, true, false]],
    ['((?i)P)roduction', [true, true, false, false]],
    ['(?i)production', [true, true, true, false]],
  ];
  for (const [pattern, expected] of cases) {
    it(pattern, () => {
      assert.deepEqual(
        values.map((v) => full(pattern, v)),
        expected,
      );
    });
  }
  it('.*(?i:C).* also selects canary', () => {
    assert.ok(full('.*(?i:C).*', 'canary'));
    assert.ok(full('.*(?i:C).*', 'CANARY'));
  });
  it('anchoring still applies around flag groups', () => {
    assert.ok(!full('(?i:PRO)', 'production'));
    assert.ok(find('(?i:PRO)', 'reproduce'));
    assert.ok(!full('.*(?i:TION)', 'productions'));
  });
});

describe('compileRe2Regex: flag scopes', () => {
  it('turns flags off with (?-i) for the rest of the group', () => {
    assert.ok(full('(?i)a(?-i)b', 'ab'));
    assert.ok(full('(?i)a(?-i)b', 'Ab'));
    assert.ok(!full('(?i)a(?-i)b', 'aB'));
    assert.ok(full('(?i)(?-i:a)B', 'ab'));
    assert.ok(!full('(?i)(?-i:a)B', 'Ab'));
  });
  it('nests scopes', () => {
    assert.ok(full('(?i:a(?-i:b(?i:c))d)', 'AbCD'));
    assert.ok(!full('(?i:a(?-i:b(?i:c))d)', 'ABCD'));
    assert.ok(full('x(?i:a(y)b)z', 'xAyBz'));
    assert.ok(!full('x(?i:a(y)b)z', 'xAYBZ'));
  });
  it('restores the flags at the end of the enclosing group', () => {
    assert.ok(full('(a(?i)b)c', 'aBc'));
    assert.ok(!full('(a(?i)b)c', 'aBC'));
  });
  it('keeps a flag set in one alternative for the following ones, as Go does', () => {
    assert.ok(full('a|(?i)b|c', 'C'));
    assert.ok(full('a|(?i)b|c', 'B'));
    assert.ok(!full('a|(?i)b|c', 'A'));
  });
  it('combines flags and negations', () => {
    assert.ok(full('(?is)a.b', 'A\nB'));
    assert.ok(find('(?is)a.b', 'xA\nBx'));
    assert.ok(full('(?i-s:A.)', 'ax'));
    assert.ok(!full('(?i-s:A.)', 'a\n'));
    assert.ok(!full('(?-s)a.b', 'a\nb'));
    assert.ok(full('(?-s)a(?s:.)b', 'a\nb'));
  });
  it('case-folds beyond ASCII like Go (Kelvin sign, long s, Greek sigma)', () => {
    assert.ok(full('(?i)k', '\u212a'));
    assert.ok(full('(?i)S', '\u017f'));
    assert.ok(full('(?i)σ+', 'Σςσ'));
    assert.ok(full('(?i:é)', 'É'));
    assert.ok(!full('é', 'É'));
    assert.ok(full('(?i)[k-m]+', 'KLM\u212a'));
  });
  it('case-folds classes, ranges and Perl/POSIX/Unicode classes in scope', () => {
    assert.ok(full('(?i)[a-c]+', 'aBC'));
    assert.ok(!full('[a-c]+', 'aBC'));
    assert.ok(full('(?i)[X-c]+', 'xyzXYZ_abcABC'));
    assert.ok(!full('(?i)[^a-c]', 'B'));
    assert.ok(full('(?i)[^a-c]', 'd'));
    assert.ok(full('(?i)[[:upper:]]+', 'abc'));
    assert.ok(!full('[[:upper:]]+', 'abc'));
    assert.ok(full('(?i)\\p{Lu}', 'a'));
    assert.ok(!full('\\p{Lu}', 'a'));
    assert.ok(!full('(?i)[^\\p{Lu}]', 'a'));
    assert.ok(full('(?i)[^\\p{Lu}]', '1'));
    assert.ok(!full('(?i)[\\P{Lu}]', 'a'));
    assert.ok(full('(?i)[\\P{Lu}]', '1'));
    assert.ok(full('(?i)\\w', '\u212a'));
    assert.ok(!full('\\w', '\u212a'));
    assert.ok(!full('(?i)\\W', '\u017f'));
    assert.ok(full('(?i)\\d', '1'));
  });
  it('translates (?m) to line anchors (only \\n ends a line)', () => {
    assert.ok(find('(?m)^b$', 'a\nb\nc'));
    assert.ok(!find('^b$', 'a\nb\nc'));
    assert.ok(!find('(?m)^a$', 'a\r\nb'));
    assert.ok(find('(?m:^b)', 'a\nb'));
    assert.ok(find('(?im)^B$', 'a\nb'));
    assert.ok(full('(?m)a$\\n^b', 'a\nb'));
  });
  it('swaps greediness with (?U)', () => {
    assert.equal(compileRe2Regex('(?U)a+', false).exec('aaa')?.[0], 'a');
    assert.equal(compileRe2Regex('(?U)a+?', false).exec('aaa')?.[0], 'aaa');
    assert.equal(compileRe2Regex('(?U:a{1,3})a*', false).exec('aaa')?.[0], 'aaa');
    assert.equal(compileRe2Regex('(?U:a{1,3})', false).exec('aaa')?.[0], 'a');
    assert.equal(compileRe2Regex('a+(?U)a*', false).exec('aaa')?.[0], 'aaa');
    assert.equal(compileRe2Regex('(a+)(?U)(a*)', false).exec('aaa')?.[2], '');
  });
  it('accepts empty and redundant flag groups', () => {
    assert.ok(full('(?i)(?i)a', 'A'));
    assert.ok(full('(?:a)(?i:)b', 'ab'));
    assert.ok(full('(?U-U)a+', 'aa'));
  });
});

describe('compileRe2Regex: RE2 syntax without a JavaScript equivalent', () => {
  it('matches `.` as RE2 does: any character but \\n unanchored, anything anchored', () => {
    assert.ok(!find('a.b', 'a\nb'));
    assert.ok(find('a.b', 'a\rb'));
    assert.ok(find('a.b', 'a\u2028b'));
    assert.ok(full('a.b', 'a\nb'));
  });
  it('translates POSIX classes', () => {
    assert.ok(full('[[:alpha:]]+', 'abcXYZ'));
    assert.ok(!full('[[:alpha:]]+', 'ab1'));
    assert.ok(full('[[:^digit:]]', 'a'));
    assert.ok(!full('[[:^digit:]]', '1'));
    assert.ok(full('[[:word:][:punct:]]+', 'a_b-c!'));
    assert.ok(full('[[:space:]]', '\v'));
    assert.ok(full('[[:xdigit:]]+', '0fA9'));
    assert.ok(!full('[[:xdigit:]]', 'g'));
    assert.ok(full('[x[:digit:]]+', 'x1'));
    // Outside brackets it is an ordinary class of the characters ":alph".
    assert.ok(full('[:alpha:]', 'h'));
    assert.ok(!full('[:alpha:]', 'x'));
  });
  it('reads bracket classes as RE2 does', () => {
    assert.ok(full('[]a]', ']'));
    assert.ok(full('[^]a]', 'b'));
    assert.ok(!full('[^]a]', ']'));
    assert.ok(full('[a-]', '-'));
    assert.ok(full('[\\d-z]', '-'));
    assert.ok(full('[\\d-z]', '5'));
    assert.ok(!full('[\\d-z]', 'y'));
    assert.ok(full('[[]', '['));
    assert.ok(full('[\\x41-\\x43]+', 'ABC'));
    assert.ok(full('[^a]', '\n'));
  });
  it('keeps \\s, \\w, \\d and \\b ASCII as in RE2', () => {
    assert.ok(!full('\\s', '\u00a0'));
    assert.ok(!full('\\s', '\v'));
    assert.ok(full('\\s', '\t'));
    assert.ok(full('\\S', '\u00a0'));
    assert.ok(!full('\\w', 'é'));
    assert.ok(find('\\bfoo\\b', 'a foo b'));
  });
  it('quotes \\Q...\\E literally', () => {
    assert.ok(full('\\Qa.b\\E', 'a.b'));
    assert.ok(!full('\\Qa.b\\E', 'axb'));
    assert.ok(full('\\Q(?i)[x]\\E', '(?i)[x]'));
    assert.ok(full('\\Qab\\E+', 'abbb'));
    assert.ok(!full('\\Qab\\E+', 'abab'));
    assert.ok(full('x\\Qa.b', 'xa.b'));
    assert.ok(full('(?i)\\Qa.b\\E', 'A.B'));
  });
  it('translates \\A and \\z', () => {
    assert.ok(find('\\Aab\\z', 'ab'));
    assert.ok(!find('\\Aab\\z', 'xab'));
    assert.ok(!find('\\Aab\\z', 'ab\n'));
    assert.ok(!find('(?m)\\Ab', 'a\nb'));
  });
  it('translates named groups (?P<name>...) and (?<name>...)', () => {
    const m = compileRe2Regex('(?P<year>\\d{4})-(?<month>\\d\\d)', true).exec('2024-05');
    assert.equal(m?.groups?.year, '2024');
    assert.equal(m?.groups?.month, '05');
    assert.equal(compileRe2Regex('(?P<1st>a)(b)', true).exec('ab')?.[2], 'b');
    assert.equal(compileRe2Regex('(?i)(?P<x>ab)', true).exec('AB')?.groups?.x, 'AB');
  });
  it('translates escapes', () => {
    assert.ok(full('\\x41\\x{1F600}\\101\\0', 'A\u{1f600}A\0'));
    assert.ok(full('a\\-b\\_c\\ d', 'a-b_c d'));
    assert.ok(full('\\a\\f\\t\\n\\r\\v', '\x07\f\t\n\r\v'));
    assert.ok(full('\\12', '\n'));
    assert.ok(full('a\\.b', 'a.b'));
    assert.ok(!full('a\\.b', 'axb'));
    assert.ok(full('\\{\\}\\]\\/', '{}]/'));
  });
  it('reads braces as RE2 does', () => {
    assert.ok(full('a{2}', 'aa'));
    assert.ok(full('a{2,}', 'aaaa'));
    assert.ok(full('a{1,2}b', 'aab'));
    assert.ok(full('a{,2}', 'a{,2}'));
    assert.ok(full('a{01}', 'a{01}'));
    assert.ok(full('a{', 'a{'));
    assert.ok(full('a}', 'a}'));
    assert.ok(full('x]', 'x]'));
    assert.ok(full('a{1000}', 'a'.repeat(1000)));
  });
  it('translates Unicode classes', () => {
    assert.ok(full('\\p{Greek}+', 'αβγ'));
    assert.ok(!full('\\p{Greek}+', 'abc'));
    assert.ok(full('\\pL\\PL', 'a1'));
    assert.ok(full('\\p{^Greek}', 'a'));
    assert.ok(full('[\\p{Lu}\\d]+', 'A1B2'));
    assert.ok(full('\\p{Any}', '\n'));
  });
  it('accepts quantified assertions as Go does', () => {
    assert.ok(find('^*a', 'ba'));
    assert.ok(full('a(?i)*', 'aaa'));
  });
});

describe('compileRe2Regex: unchanged behaviour', () => {
  it('compiles plain patterns as before', () => {
    assert.ok(full('api|web', 'web'));
    assert.ok(!full('api|web', 'webx'));
    assert.ok(full('|prod', ''));
    assert.ok(full('.+', 'a\nb'));
    assert.ok(find('rr', 'error'));
    assert.ok(find('(?i)ERROR', 'a1 error'));
    assert.ok(!find('^a', 'ba'));
  });
});

describe('compileRe2Regex: invalid patterns', () => {
  const invalid = [
    '(',
    '(a',
    '(?i:a',
    ')',
    'a)(b',
    '(?i)a)',
    '[',
    '[a',
    '[]',
    '[a-',
    '(?=x)',
    '(?!x)',
    '(?<=x)',
    '(?<!x)',
    '(?#c)',
    '(?',
    '(?-)',
    '(?i-)',
    '(?i--s)',
    '(?z)',
    '(?P<>a)',
    '(?P<a-b>x)',
    '(?P<n>a)(?P<n>b)',
    '\\1',
    '(a)\\1',
    '\\8',
    '\\Z',
    '\\C',
    '\\q',
    '\\E',
    '\\',
    'a\\',
    '\\x{110000}',
    '\\xZ1',
    '\\x{}',
    '[\\b]',
    '[z-a]',
    '[[:foo:]]',
    '[[:constructor:]]',
    '\\p{Foo}',
    '\\p',
    '\\p{Greek',
    'a**',
    'a*+',
    'a{2}{3}',
    '(?U)a*??',
    'a{1001}',
    'a{2,1}',
    '*a',
    'a|*',
    '(*)',
    '(?i)*',
  ];
  for (const pattern of invalid) {
    it(JSON.stringify(pattern), () => {
      assertInvalid(pattern, true);
      assertInvalid(pattern, false);
    });
  }
  it('keeps the JavaScript wording for an unterminated group', () => {
    assert.throws(() => compileRe2Regex('(', true), /Unterminated group/);
  });
  it('uses Go-like wording for RE2 errors', () => {
    assert.throws(() => compileRe2Regex('(?=x)', true), /invalid or unsupported Perl syntax `\(\?=`/);
    assert.throws(() => compileRe2Regex('\\d**', true), /invalid nested repetition operator `\*\*`/);
    assert.throws(() => compileRe2Regex('\\8', true), /invalid escape sequence `\\8`/);
    assert.throws(() => compileRe2Regex('[[:foo:]]', true), /invalid character class range `\[:foo:\]`/);
  });
});
