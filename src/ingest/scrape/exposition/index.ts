export type { ExpositionFormat } from './exposition-format.js';
export { formatFromContentType } from './exposition-format.js';
export { ExpositionParseError } from './exposition-parse-error.js';
export type { EntryKind, ParsedExemplar } from './exposition-parser.js';
export { ExpositionParser } from './exposition-parser.js';
