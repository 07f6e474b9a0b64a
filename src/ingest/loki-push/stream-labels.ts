import type { Label, Labels } from '../../model/index.js';
import { badInput, sortLabels } from '../../model/index.js';
import { SelectorParseError, parseSeriesSelector } from '../../query/selector/index.js';
import { formatLabelsShort } from '../remote-write/series-labels.js';

/**
 * Stream labels of a Loki push, in two steps, because Loki treats the two kinds of problem
 * differently (pkg/loghttp/push/push.go, pkg/distributor/validator.go):
 *
 * 1. Syntax: the text must parse, or the whole request is refused with 400
 *    `couldn't parse labels: ...` and nothing is stored. Loki parses the text with PromQL's
 *    metric parser, so this uses our selector parser in its `promql` dialect (double, single
 *    and backtick quotes) and accepts `=` only: push labels are a label set, not matchers.
 *    Label names must be classic Prometheus names (`[a-zA-Z_][a-zA-Z0-9_]*`); a JSON push
 *    with `"service.name"` fails in Loki too, because it becomes `{service.name="..."}` text.
 * 2. Validity: only the stream is refused (its entries are counted, the rest of the request
 *    is stored, the answer is 400): no label left once empty values are dropped (Loki drops
 *    them, as Prometheus does), or a repeated name.
 */

const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

function labelsError(text: string, reason: string, cause?: unknown): Error {
  const shown = text.length > 200 ? `${text.slice(0, 200)}...` : text;
  return badInput(`couldn't parse labels: ${reason} (in ${JSON.stringify(shown)})`, cause);
}

/** Parses the labels string of a protobuf (or legacy JSON) stream. Throws `bad_input`. */
export function parseStreamLabelsText(text: string): Label[] {
  let matchers;
  try {
    matchers = parseSeriesSelector(text);
  } catch (e) {
    if (e instanceof SelectorParseError) throw labelsError(text, e.message, e);
    throw e;
  }
  const out: Label[] = [];
  for (const m of matchers) {
    if (m.type !== '=') throw labelsError(text, `stream labels take "=" only, not "${m.type}" (label ${m.name})`);
    if (!LABEL_NAME.test(m.name)) throw labelsError(text, `invalid label name ${JSON.stringify(m.name)}`);
    out.push({ name: m.name, value: m.value });
  }
  return out;
}

/** Reads the `stream` object of a JSON push (names to string values). Throws `bad_input`. */
export function streamLabelsFromJson(stream: Readonly<Record<string, unknown>>, path: string): Label[] {
  const out: Label[] = [];
  for (const name of Object.keys(stream)) {
    const v = stream[name];
    // Loki reads label values with a lenient string parser: numbers come through as their text.
    const value = typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined;
    if (value === undefined) throw badInput(`couldn't parse labels: ${path}.${name} must be a string, got ${v === null ? 'null' : typeof v}`);
    if (!LABEL_NAME.test(name)) throw badInput(`couldn't parse labels: invalid label name ${JSON.stringify(name)} in ${path}`);
    out.push({ name, value });
  }
  return out;
}

/** Loki's message when no label is left (validation.MissingLabelsErrorMsg). */
export const MISSING_LABELS_MESSAGE = 'error at least one label pair is required per stream';

/**
 * The stream's label set (sorted, empty values dropped), or why the stream is refused. Sorts
 * `raw` in place.
 */
export function validateStreamLabels(raw: Label[]): Labels | string {
  sortLabels(raw);
  let empties = 0;
  for (let i = 0; i < raw.length; i++) {
    const l = raw[i] as Label;
    if (i > 0 && (raw[i - 1] as Label).name === l.name) return `stream '${formatLabelsShort(raw)}' has duplicate label name: '${l.name}'`;
    if (l.value === '') empties++;
  }
  if (empties === raw.length) return MISSING_LABELS_MESSAGE;
  return empties === 0 ? raw : raw.filter((l) => l.value !== '');
}
