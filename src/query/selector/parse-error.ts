import { OmniscopeError } from '../../model/index.js';

/** Where a parse error happened: `offset` is a UTF-16 index into the input, `line`/`column` are 1-based. */
export interface SourcePosition {
  readonly offset: number;
  readonly line: number;
  readonly column: number;
}

/** Computes line and column (1-based, in UTF-16 code units) of an offset in `input`. */
export function positionOf(input: string, offset: number): SourcePosition {
  let line = 1;
  let lineStart = 0;
  const end = Math.min(offset, input.length);
  for (let i = 0; i < end; i++) {
    if (input.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { offset, line, column: offset - lineStart + 1 };
}

/**
 * A syntax error in a series or stream selector, a `bad_input` OmniscopeError. `reason` is the
 * bare explanation ("unexpected end of input inside braces"); `message` is Prometheus's
 * rendering `<line>:<column>: parse error: <reason>` (the format of Prometheus 2.x since 2.17).
 * Other APIs render `reason` and `position` in their own format (Loki: "parse error at line 1,
 * col 5: ...").
 *
 * Columns count UTF-16 code units; Prometheus counts bytes, so they differ after non-ASCII text.
 */
export class SelectorParseError extends OmniscopeError {
  readonly reason: string;
  readonly position: SourcePosition;
  readonly input: string;

  constructor(input: string, offset: number, reason: string, options?: { cause?: unknown }) {
    const position = positionOf(input, offset);
    super('bad_input', `${position.line}:${position.column}: parse error: ${reason}`, options);
    this.name = 'SelectorParseError';
    this.reason = reason;
    this.position = position;
    this.input = input;
  }
}
