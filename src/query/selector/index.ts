export type { SourcePosition } from './parse-error.js';
export { SelectorParseError, positionOf } from './parse-error.js';
export type { SelectorDialect, SelectorParseOptions, SelectorPrefix } from './parse-selector.js';
export { parseSeriesSelector, parseSelectorPrefix, hasNonEmptyMatcher, skipSpace } from './parse-selector.js';
export type { StringLiteral } from './string-literal.js';
export { readStringLiteral } from './string-literal.js';
export { checkMatcherRegex } from './regex-check.js';
