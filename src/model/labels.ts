/**
 * A label set: pairs sorted by name, names unique. This is the identity of a metric series
 * (including `__name__`) and of a log stream. Treat as immutable once built.
 */
export interface Label {
  readonly name: string;
  readonly value: string;
}

export type Labels = readonly Label[];

export const METRIC_NAME_LABEL = '__name__';

/** Builds a sorted label set from a record, dropping empty values (Prometheus treats them as absent). */
export function labelsFromRecord(record: Readonly<Record<string, string>>): Labels {
  const out: Label[] = [];
  for (const name of Object.keys(record)) {
    const value = record[name];
    if (value !== undefined && value !== '') out.push({ name, value });
  }
  return sortLabels(out);
}

/** Sorts in place by name (byte order, as Prometheus does) and returns the same array. */
export function sortLabels(labels: Label[]): Label[] {
  return labels.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

export function labelsToRecord(labels: Labels): Record<string, string> {
  const out: Record<string, string> = {};
  for (const l of labels) out[l.name] = l.value;
  return out;
}

export function getLabel(labels: Labels, name: string): string {
  for (const l of labels) if (l.name === name) return l.value;
  return '';
}

/**
 * A string that is equal for equal label sets and different otherwise; used as a map key to
 * resolve series identity once. Each name and value is length-prefixed, so no content of a
 * label can imitate a separator.
 */
export function labelsKey(labels: Labels): string {
  let key = '';
  for (const l of labels) key += `${l.name.length}:${l.name}${l.value.length}:${l.value}`;
  return key;
}
