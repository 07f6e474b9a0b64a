import type { Label, Labels } from '../../model/index.js';
import { METRIC_NAME_LABEL, sortLabels } from '../../model/index.js';

/**
 * Turns the labels of one remote-write series, as they came on the wire, into a model label set
 * the way Prometheus's receiver does (storage/remote/write_handler.go): sorted by name (senders
 * need not sort), then rejected when a name repeats, when a name is empty or when there is no
 * `__name__`. Label names and values are UTF-8 (checked while decoding). Labels with an empty
 * value are then dropped: Prometheus treats them as absent. Sorts `labels` in place.
 *
 * Returns the label set, or a string saying why the series is invalid.
 */
export function validateSeriesLabels(labels: Label[]): Labels | string {
  sortLabels(labels);
  let hasName = false;
  let empties = 0;
  for (let i = 0; i < labels.length; i++) {
    const l = labels[i] as Label;
    if (l.name === '') return 'a label has an empty name';
    if (i > 0 && (labels[i - 1] as Label).name === l.name) return `duplicate label name "${l.name}"`;
    if (l.value === '') empties++;
    else if (l.name === METRIC_NAME_LABEL) hasName = true;
  }
  if (!hasName) return `no ${METRIC_NAME_LABEL} label`;
  return empties === 0 ? labels : labels.filter((l) => l.value !== '');
}

/** Exemplar labels: sorted, empty values dropped; a repeated name makes the exemplar invalid (null). */
export function normalizeExemplarLabels(labels: Label[]): Labels | null {
  sortLabels(labels);
  for (let i = 1; i < labels.length; i++) if ((labels[i - 1] as Label).name === (labels[i] as Label).name) return null;
  return labels.filter((l) => l.value !== '' && l.name !== '');
}

/** `{__name__="up", job="x"}` for messages, cut at `maxChars`. */
export function formatLabelsShort(labels: readonly Label[], maxChars = 200): string {
  let s = '{';
  for (let i = 0; i < labels.length; i++) {
    const l = labels[i] as Label;
    s += `${i > 0 ? ', ' : ''}${l.name}=${JSON.stringify(l.value)}`;
    if (s.length > maxChars) return `${s.slice(0, maxChars)}...}`;
  }
  return `${s}}`;
}
