import { PromqlError } from './promql-error.js';
import type { PosRange } from './ast.js';

/**
 * A PromQL syntax or type error (`bad_data`). `message` is Prometheus's rendering
 * `<line>:<column>: parse error: <reason>` (or `unknown position: ...` for an empty query, as
 * Prometheus does); `reason` is the bare explanation and `pos` the offending range.
 *
 * Columns are 1-based and count UTF-16 code units; Prometheus counts bytes, so the two differ
 * after non-ASCII text on the same line.
 */
export class PromqlParseError extends PromqlError {
  readonly reason: string;
  readonly pos: PosRange;
  readonly line: number;
  readonly column: number;

  constructor(input: string, pos: PosRange, reason: string, options?: { cause?: unknown }) {
    const { line, column } = lineAndColumn(input, pos.start);
    const where = input === '' ? 'unknown position' : `${line}:${column}`;
    super('bad_data', `${where}: parse error: ${reason}`, options);
    this.name = 'PromqlParseError';
    this.reason = reason;
    this.pos = pos;
    this.line = line;
    this.column = column;
  }
}

function lineAndColumn(input: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  const end = Math.min(offset, input.length);
  for (let i = 0; i < end; i++) {
    if (input.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}
