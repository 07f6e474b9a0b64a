import type { Label, Labels } from '../../../model/index.js';
import { METRIC_NAME_LABEL, labelsKey } from '../../../model/index.js';

/** The label set without `__name__` (the same array when it has none). */
export function dropMetricName(labels: Labels): Labels {
  for (let i = 0; i < labels.length; i++) {
    if ((labels[i] as Label).name === METRIC_NAME_LABEL) return labels.filter((l) => l.name !== METRIC_NAME_LABEL);
  }
  return labels;
}

/** Only the named labels (`on(...)`, `by(...)`). */
export function keepLabels(labels: Labels, names: ReadonlySet<string>): Labels {
  return labels.filter((l) => names.has(l.name));
}

/** Every label but the named ones (`ignoring(...)`, `without(...)`). */
export function deleteLabels(labels: Labels, names: ReadonlySet<string>): Labels {
  return labels.filter((l) => !names.has(l.name));
}

/** Sets (or with '' removes) one label, keeping the set sorted. */
export function setLabel(labels: Labels, name: string, value: string): Labels {
  const out: Label[] = [];
  let placed = false;
  for (const l of labels) {
    if (!placed && l.name >= name) {
      placed = true;
      if (value !== '') out.push({ name, value });
      if (l.name === name) continue;
    }
    out.push(l);
  }
  if (!placed && value !== '') out.push({ name, value });
  return out;
}

/**
 * The identity of a series for matching and grouping. `on`: built from the named labels only;
 * otherwise from all labels except the named ones and `__name__`.
 */
export function signature(labels: Labels, on: boolean, names: ReadonlySet<string>): string {
  let key = '';
  for (const l of labels) {
    const named = names.has(l.name);
    if (on ? named : !named && l.name !== METRIC_NAME_LABEL) key += `${l.name.length}:${l.name}${l.value.length}:${l.value}`;
  }
  return key;
}

export { labelsKey };

/** Prometheus's `labels.String()`: `{a="1", b="2"}` with Go-style quoting. */
export function formatLabels(labels: Labels): string {
  return `{${labels.map((l) => `${l.name}=${JSON.stringify(l.value)}`).join(', ')}}`;
}
