import { ExpositionParseError } from './exposition-parse-error.js';

export const SPACE = 0x20;
export const TAB = 0x09;

/** How much of a line an error message quotes, and of an offending token. */
const MAX_QUOTED_LINE = 100;
const MAX_QUOTED_TOKEN = 40;

/**
 * Walks a scrape page line by line and, within the current line, character by character. The
 * parser owns one cursor for the whole page, so scanning allocates nothing; a line is never
 * copied out, only indexed. Positions are UTF-16 offsets into `text`.
 */
export class LineCursor {
  readonly text: string;
  /** 1-based number of the current line; 0 before the first. */
  lineNumber = 0;
  lineStart = 0;
  /** Index of the line's `\n`, or the text length for a last line without one. */
  lineEnd = 0;
  /** Start of the following line; equals the text length once the last line is current. */
  nextLineStart = 0;
  pos = 0;

  constructor(text: string) {
    this.text = text;
  }

  /** Makes the next line current; false when the page is exhausted. */
  nextLine(): boolean {
    const start = this.nextLineStart;
    if (start >= this.text.length) return false;
    const newline = this.text.indexOf('\n', start);
    this.lineNumber++;
    this.lineStart = start;
    this.pos = start;
    this.lineEnd = newline < 0 ? this.text.length : newline;
    this.nextLineStart = this.lineEnd + 1;
    return true;
  }

  /** The character at the cursor, or -1 at the end of the line. */
  peek(): number {
    return this.pos < this.lineEnd ? this.text.charCodeAt(this.pos) : -1;
  }

  atLineEnd(): boolean {
    return this.pos >= this.lineEnd;
  }

  /** Skips spaces and tabs; returns how many were skipped. */
  skipBlanks(): number {
    const from = this.pos;
    let p = from;
    const end = this.lineEnd;
    const text = this.text;
    while (p < end) {
      const c = text.charCodeAt(p);
      if (c !== SPACE && c !== TAB) break;
      p++;
    }
    this.pos = p;
    return p - from;
  }

  /** Index of the first space (or tab, if `tabs`) at or after the cursor, or the line end. */
  tokenEnd(tabs: boolean): number {
    const end = this.lineEnd;
    const text = this.text;
    let p = this.pos;
    while (p < end) {
      const c = text.charCodeAt(p);
      if (c === SPACE || (tabs && c === TAB)) break;
      p++;
    }
    return p;
  }

  /** Throws `line N: expected <what>, got "<token at the cursor>" in "<line>"`. */
  expected(what: string, tokenEnd = this.tokenEnd(true)): never {
    const got = this.pos >= this.lineEnd ? 'end of line' : quote(this.text.slice(this.pos, Math.max(tokenEnd, this.pos + 1)), MAX_QUOTED_TOKEN);
    throw this.error(`expected ${what}, got ${got}`, this.pos);
  }

  /** Throws `line N: <problem> in "<line>"`, pointing at `at`. */
  fail(problem: string, at = this.pos): never {
    throw this.error(problem, at);
  }

  error(problem: string, at: number): ExpositionParseError {
    return new ExpositionParseError(`line ${this.lineNumber}: ${problem} in ${this.quoteLine(at)}`, this.lineNumber, at - this.lineStart + 1);
  }

  /** The current line, or for a long line a 100-character window around `at`. */
  private quoteLine(at: number): string {
    const { lineStart, lineEnd } = this;
    if (lineEnd - lineStart <= MAX_QUOTED_LINE) return JSON.stringify(this.text.slice(lineStart, lineEnd));
    const from = Math.max(lineStart, Math.min(at - MAX_QUOTED_LINE / 2, lineEnd - MAX_QUOTED_LINE));
    const to = Math.min(lineEnd, from + MAX_QUOTED_LINE);
    return JSON.stringify(`${from > lineStart ? '…' : ''}${this.text.slice(from, to)}${to < lineEnd ? '…' : ''}`);
  }
}

function quote(s: string, max: number): string {
  return JSON.stringify(s.length <= max ? s : `${s.slice(0, max)}…`);
}
