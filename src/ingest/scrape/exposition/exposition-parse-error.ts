import { OmniscopeError } from '../../../model/errors.js';

/**
 * A scrape page that is not valid exposition text. The scrape engine shows the message as the
 * target's last error, so it always starts with `line N:`, says what was expected, and quotes the
 * offending text (at most 100 characters of the line). Kind `bad_input`: the target is at fault.
 */
export class ExpositionParseError extends OmniscopeError {
  /** 1-based line of the page where parsing stopped. */
  readonly line: number;
  /** 1-based column (UTF-16 code units) within that line. */
  readonly column: number;

  constructor(message: string, line: number, column: number) {
    super('bad_input', message);
    this.name = 'ExpositionParseError';
    this.line = line;
    this.column = column;
  }
}
