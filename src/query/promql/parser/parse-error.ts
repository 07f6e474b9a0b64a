import { PromqlError } from './promql-error.js';
import type { PosRange } from './ast.js';
import { positionOf } from '../../selector/index.js';

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
    const { line, column } = positionOf(input, pos.start);
    const where = input === '' ? 'unknown position' : `${line}:${column}`;
    super('bad_data', `${where}: parse error: ${reason}`, options);
    this.name = 'PromqlParseError';
    this.reason = reason;
    this.pos = pos;
    this.line = line;
    this.column = column;
  }
}
