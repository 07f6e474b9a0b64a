// Go's strings.ToLower/ToUpper map each code point with Unicode's *simple* case mapping, while
// JavaScript applies the full one ("ß" -> "SS", "İ" -> "i̇") and context rules (final sigma).
// Mapping one code point at a time and keeping only one-to-one results gives Go's answer, except
// for the few letters whose simple mapping differs from a multi-character full mapping.

function isAscii(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 0x7f) return false;
  return true;
}

/** Greek letters with ypogegrammeni: full uppercase is two letters, the simple one is the titlecase form. */
function simpleUpperException(cp: number): number | undefined {
  if ((cp >= 0x1f80 && cp <= 0x1f87) || (cp >= 0x1f90 && cp <= 0x1f97) || (cp >= 0x1fa0 && cp <= 0x1fa7)) return cp + 8;
  if (cp === 0x1fb3 || cp === 0x1fc3 || cp === 0x1ff3) return cp + 9;
  return undefined;
}

export function goToUpper(s: string): string {
  if (isAscii(s)) return s.toUpperCase();
  let out = '';
  for (const ch of s) {
    const mapped = ch.toUpperCase();
    if (isOneCodePoint(mapped)) out += mapped;
    else {
      const exception = simpleUpperException(ch.codePointAt(0) as number);
      out += exception === undefined ? ch : String.fromCodePoint(exception);
    }
  }
  return out;
}

export function goToLower(s: string): string {
  if (isAscii(s)) return s.toLowerCase();
  let out = '';
  for (const ch of s) {
    const mapped = ch.toLowerCase();
    // U+0130 (İ) is the only letter whose full lowercase is longer; its simple one is "i".
    out += isOneCodePoint(mapped) ? mapped : ch === '\u0130' ? 'i' : ch;
  }
  return out;
}

function isOneCodePoint(s: string): boolean {
  return s.length === 1 || (s.length === 2 && (s.codePointAt(0) as number) > 0xffff);
}
