/** Syntax colours for PromQL, from the theme's CSS variables so light and dark both read well. */
import { HighlightStyle } from '@codemirror/language';
import { tags } from '@lezer/highlight';

export const promqlHighlight = HighlightStyle.define([
  { tag: tags.number, color: 'var(--hl-number)' },
  { tag: tags.string, color: 'var(--hl-string)' },
  { tag: tags.operatorKeyword, color: 'var(--hl-keyword)', fontWeight: '600' },
  { tag: tags.logicOperator, color: 'var(--hl-keyword)', fontWeight: '600' },
  { tag: tags.variableName, color: 'var(--hl-metric)' },
  { tag: tags.function(tags.variableName), color: 'var(--hl-function)' },
  { tag: tags.labelName, color: 'var(--hl-label)' },
  { tag: tags.operator, color: 'var(--hl-operator)' },
  { tag: tags.arithmeticOperator, color: 'var(--hl-operator)' },
  { tag: tags.modifier, color: 'var(--hl-keyword)' },
  { tag: tags.paren, color: 'var(--fg-muted)' },
  { tag: tags.squareBracket, color: 'var(--fg-muted)' },
  { tag: tags.brace, color: 'var(--fg-muted)' },
  { tag: tags.invalid, color: 'var(--danger)' },
  { tag: tags.comment, color: 'var(--fg-muted)', fontStyle: 'italic' },
]);
