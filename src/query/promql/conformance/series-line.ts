import type { Label, Labels } from '../../../model/index.js';
import { sortLabels } from '../../../model/index.js';
import { parseSelectorPrefix } from '../../selector/index.js';
import { parseValueSequence } from './value-sequence.js';
import type { SequenceValue } from './script-types.js';

/** A parsed `<series> <values>` line, before line numbers are attached. */
export interface ParsedSeries {
  readonly labels: Labels;
  readonly values: SequenceValue[];
}

/**
 * Parses `name{l="v",...} <values>`, `{__name__="x"} <values>` or `name <values>` (values
 * optional). Label values use PromQL string syntax; only `=` matchers are allowed, since the
 * text names one series. Empty values are dropped: Prometheus treats them as absent.
 * Throws an Error with the reason; the caller adds the line number.
 */
export function parseSeriesLine(text: string): ParsedSeries {
  const { labels, end } = parseSeriesPrefix(text);
  return { labels, values: parseValueSequence(text.slice(end)) };
}

/** Parses the series at the start of `text` and returns where it ends. */
export function parseSeriesPrefix(text: string): { labels: Labels; end: number } {
  let prefix;
  try {
    // `name {{...}}`: the braces open a histogram literal, not a label list.
    const bare = /^[a-zA-Z_:][a-zA-Z0-9_:]*(?=[\t ]+\{\{)/.exec(text);
    prefix = parseSelectorPrefix(bare === null ? text : bare[0], 0);
  } catch (e) {
    throw new Error(`invalid series ${JSON.stringify(text)}: ${(e as Error).message}`, { cause: e });
  }
  const seen = new Set<string>();
  const labels: Label[] = [];
  for (const m of prefix.matchers) {
    if (m.type !== '=') throw new Error(`invalid series ${JSON.stringify(text)}: only "=" matchers may name a series`);
    if (seen.has(m.name)) throw new Error(`invalid series ${JSON.stringify(text)}: label ${m.name} set twice`);
    seen.add(m.name);
    if (m.value !== '') labels.push({ name: m.name, value: m.value });
  }
  return { labels: sortLabels(labels), end: prefix.end };
}
