import { badInput, unsupported } from '../../../model/index.js';
import { SelectorParseError, positionOf } from '../../selector/index.js';

/** A LogQL syntax error in Loki's wording: "parse error at line 1, col 5: <reason>" (`bad_input`). */
export function syntaxError(input: string, offset: number, reason: string): Error {
  const { line, column } = positionOf(input, offset);
  return badInput(`parse error at line ${line}, col ${column}: ${reason}`);
}

/** LogQL this version does not answer yet: an `unsupported` error naming the part and what works. */
export function notYet(snippet: string, what: string): Error {
  const shown = snippet.length > 40 ? `${snippet.slice(0, 40)}...` : snippet;
  return unsupported(
    `${what} are not supported yet (at ${JSON.stringify(shown)}): this version of Omniscope answers log queries made of ` +
      'a stream selector, line filters (|=, !=, |~, !~) and label filters on strings (| name="value" with =, !=, =~, !~, ' +
      'and/or), and metric queries over them (count_over_time, rate, bytes_over_time, bytes_rate, absent_over_time; ' +
      'sum, avg, min, max, count, stddev, stdvar, topk, bottomk, sort, sort_desc; binary operations, vector(), label_replace()); ' +
      'full LogQL arrives in a later version',
  );
}

/** Selector errors carry Prometheus's wording; Loki words the position differently. */
export function toLokiParseError(e: unknown): unknown {
  if (e instanceof SelectorParseError) {
    return badInput(`parse error at line ${e.position.line}, col ${e.position.column}: ${e.reason}`, e);
  }
  return e;
}

/** What is at `offset`, for "unexpected ..." messages: a word, a short string, one character, or the end. */
export function describeAt(input: string, offset: number): string {
  if (offset >= input.length) return 'end of input';
  const word = /^[A-Za-z0-9_.]+/.exec(input.slice(offset, offset + 40));
  if (word !== null) return JSON.stringify(word[0]);
  if (input[offset] === '"' || input[offset] === '`') return 'string';
  return JSON.stringify(String.fromCodePoint(input.codePointAt(offset) ?? 0));
}
