import type { LineCursor } from './line-cursor.js';

const C_QUOTE = 0x22;
const C_BACKSLASH = 0x5c;

/** `[a-zA-Z_]`: first character of a label name (and, with `:`, of a metric name). */
function isNameStart(c: number): boolean {
  const lower = c | 0x20;
  return (lower >= 0x61 && lower <= 0x7a) || c === 0x5f;
}

function isNameChar(c: number): boolean {
  return isNameStart(c) || (c >= 0x30 && c <= 0x39);
}

export function isMetricNameStart(c: number): boolean {
  return isNameStart(c) || c === 0x3a;
}

/** Advances over `[a-zA-Z0-9_:]*` (metric names) and returns the end. */
export function scanMetricNameRest(cursor: LineCursor): number {
  const { text, lineEnd } = cursor;
  let p = cursor.pos;
  while (p < lineEnd) {
    const c = text.charCodeAt(p);
    if (!isNameChar(c) && c !== 0x3a) break;
    p++;
  }
  cursor.pos = p;
  return p;
}

/** Advances over a label name `[a-zA-Z_][a-zA-Z0-9_]*`; returns its end, or -1 (cursor unmoved) if none starts here. */
export function scanLabelName(cursor: LineCursor): number {
  const { text, lineEnd } = cursor;
  let p = cursor.pos;
  if (p >= lineEnd || !isNameStart(text.charCodeAt(p))) return -1;
  p++;
  while (p < lineEnd && isNameChar(text.charCodeAt(p))) p++;
  cursor.pos = p;
  return p;
}

/**
 * Advances over a double-quoted string whose opening quote is at the cursor, leaving the cursor
 * after the closing quote. Returns whether the content holds escapes (so readers know whether
 * to unescape). A backslash escapes whatever follows it; only `\\`, `\"` and `\n` mean
 * something, other pairs are kept as written (Prometheus accepts them, so targets rely on
 * it). `what` names the string in errors.
 */
export function scanQuoted(cursor: LineCursor, what: string): boolean {
  const { text, lineEnd } = cursor;
  const open = cursor.pos;
  let escaped = false;
  for (let p = open + 1; p < lineEnd; p++) {
    const c = text.charCodeAt(p);
    if (c === C_QUOTE) {
      cursor.pos = p + 1;
      return escaped;
    }
    if (c === C_BACKSLASH) {
      if (p + 1 >= lineEnd) break;
      escaped = true;
      p++;
    }
  }
  return cursor.fail(`${what} is not terminated by a closing quote`, open);
}
