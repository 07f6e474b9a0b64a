import type { Attributes } from './any-value.js';
import { anyValueToString } from './any-value.js';
import type { Label, Labels } from './labels.js';
import { getLabel, sortLabels } from './labels.js';

/**
 * How a log record's structured metadata looks as Loki labels, shared by what the Loki API shows
 * and what LogQL label filters test (so a filter matches exactly what a user sees):
 *
 * - one label per attribute with a non-empty key: the name sanitized (`sanitizeLabelName`), the
 *   value its display string (`anyValueToString`); of two non-empty values under one name, the
 *   later wins;
 * - `trace_id` / `span_id` from the record's ids when set and no attribute has that name;
 * - a name that is also a stream label gets the suffix `_extracted`, as Loki's LabelsBuilder
 *   does, so `name` keeps meaning the stream label;
 * - empty values are left out (an absent label and an empty one are the same to Loki).
 *
 * Returns the labels sorted by name.
 */
export function structuredMetadataLabels(stream: Labels, attrs: Attributes, traceId: string, spanId: string): Label[] {
  if (attrs.length === 0 && traceId === '' && spanId === '') return [];
  const pairs: Array<[string, string]> = [];
  for (const a of attrs) if (a.key !== '') pairs.push([sanitizeLabelName(a.key), anyValueToString(a.value)]);
  if (traceId !== '' && !pairs.some(([k]) => k === 'trace_id')) pairs.push(['trace_id', traceId]);
  if (spanId !== '' && !pairs.some(([k]) => k === 'span_id')) pairs.push(['span_id', spanId]);
  const byName = new Map<string, string>();
  for (const [key, value] of pairs) {
    if (value === '') continue;
    byName.set(stream.some((l) => l.name === key) ? `${key}${DUPLICATE_SUFFIX}` : key, value);
  }
  return sortLabels([...byName].map(([name, value]) => ({ name, value })));
}

/** The suffix Loki gives a structured metadata or parsed label whose name is a stream label's. */
export const DUPLICATE_SUFFIX = '_extracted';

/**
 * The value LogQL sees for label `name` of a record: its structured metadata label (as
 * `structuredMetadataLabels` names them) when present, else its stream label, else "".
 * Metadata only ever shadows a stream label named `<x>_extracted`, as in Loki.
 */
export function entryLabelValue(stream: Labels, metadata: Labels, name: string): string {
  for (const l of metadata) if (l.name === name) return l.value;
  return getLabel(stream, name);
}

/** Loki's label-name sanitizing: characters outside [a-zA-Z0-9_] become `_`; a leading digit gets `key_`. */
export function sanitizeLabelName(name: string): string {
  const clean = name.replace(/[^a-zA-Z0-9_]/g, '_');
  return /^[0-9]/.test(clean) ? `key_${clean}` : clean;
}

/** LogQL's `by (...)` (without: false) or `without (...)` (without: true) over a record's labels. */
export interface LabelGrouping {
  readonly without: boolean;
  readonly labels: readonly string[];
}

/**
 * A record's labels as LogQL metric queries see them: its stream labels with its structured
 * metadata labels (which replace stream labels of the same name), reduced by `grouping`.
 * Shared by every store so that they name series alike.
 */
export function metricSeriesLabels(stream: Labels, metadata: Labels, grouping: LabelGrouping | undefined): Labels {
  if (grouping !== undefined && !grouping.without) {
    const out: Label[] = [];
    for (const name of new Set(grouping.labels)) {
      const value = entryLabelValue(stream, metadata, name);
      if (value !== '') out.push({ name, value });
    }
    return sortLabels(out);
  }
  let labels: Labels = stream;
  if (metadata.length > 0) labels = sortLabels([...stream.filter((l) => !metadata.some((m) => m.name === l.name)), ...metadata]);
  if (grouping === undefined) return labels;
  const dropped = new Set(grouping.labels);
  return labels.filter((l) => !dropped.has(l.name));
}
