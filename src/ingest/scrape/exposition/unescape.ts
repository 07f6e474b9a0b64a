const C_BACKSLASH = 0x5c;
const C_QUOTE = 0x22;
const C_n = 0x6e;

/**
 * Unescapes `text[start, end)`: `\\` -> `\`, `\n` -> newline and, if `quotes`, `\"` -> `"`.
 * Any other backslash is kept as written. Label values are checked before they get here, so for
 * them that never happens; HELP text is not checked, and Prometheus keeps unknown escapes there
 * too. Pairs are read left to right, so `\\n` is a backslash followed by `n`.
 */
export function unescapeRange(text: string, start: number, end: number, quotes: boolean): string {
  let out = '';
  let copied = start;
  for (let p = start; p < end - 1; p++) {
    if (text.charCodeAt(p) !== C_BACKSLASH) continue;
    const next = text.charCodeAt(p + 1);
    let replacement: string;
    if (next === C_BACKSLASH) replacement = '\\';
    else if (next === C_n) replacement = '\n';
    else if (next === C_QUOTE && quotes) replacement = '"';
    else continue;
    out += text.slice(copied, p) + replacement;
    p++;
    copied = p + 1;
  }
  return out + text.slice(copied, end);
}

/** The string in `text[start, end)`, unescaped only if the scanner saw an escape in it. */
export function readString(text: string, start: number, end: number, escaped: boolean): string {
  return escaped ? unescapeRange(text, start, end, true) : text.slice(start, end);
}
