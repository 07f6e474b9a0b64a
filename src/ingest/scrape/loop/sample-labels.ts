import type { Label, Labels } from '../../../model/index.js';
import { sortLabels } from '../../../model/index.js';

const EXPORTED_PREFIX = 'exported_';

/**
 * Joins a scraped sample's labels with its target's labels, as Prometheus does before metric
 * relabeling. With `honor_labels` the scraped value wins and target labels only fill gaps.
 * Without it the target's value wins, and a scraped label it would overwrite is kept under
 * `exported_<name>` (prefixed again while that name is taken). Empty values are dropped.
 * `scraped` and `target` are sorted; so is the result.
 */
export function joinTargetLabels(scraped: Labels, target: Labels, honorLabels: boolean): Label[] {
  const out = new Map<string, string>();
  for (const l of scraped) out.set(l.name, l.value);
  for (const t of target) {
    const existing = out.get(t.name);
    if (existing === undefined || existing === '') {
      out.set(t.name, t.value);
      continue;
    }
    if (honorLabels) continue;
    let exportedName = EXPORTED_PREFIX + t.name;
    while (out.has(exportedName)) exportedName = EXPORTED_PREFIX + exportedName;
    out.set(exportedName, existing);
    out.set(t.name, t.value);
  }
  const labels: Label[] = [];
  for (const [name, value] of out) if (value !== '') labels.push({ name, value });
  return sortLabels(labels);
}

/** The label limits of a scrape config; 0 disables each. */
export interface LabelLimits {
  readonly labelLimit: number;
  readonly labelNameLengthLimit: number;
  readonly labelValueLengthLimit: number;
}

/** Why a series breaks a label limit, worded like Prometheus; undefined when it does not. */
export function labelLimitViolation(labels: Labels, limits: LabelLimits): string | undefined {
  const metric = (labels.find((l) => l.name === '__name__')?.value ?? '').slice(0, 50);
  if (limits.labelLimit > 0 && labels.length > limits.labelLimit) {
    return `label_limit exceeded (metric: ${metric}, number of labels: ${labels.length}, limit: ${limits.labelLimit})`;
  }
  for (const l of labels) {
    if (limits.labelNameLengthLimit > 0 && l.name.length > limits.labelNameLengthLimit) {
      return `label_name_length_limit exceeded (metric: ${metric}, label name: ${l.name.slice(0, 50)}, length: ${l.name.length}, limit: ${limits.labelNameLengthLimit})`;
    }
    if (limits.labelValueLengthLimit > 0 && l.value.length > limits.labelValueLengthLimit) {
      return `label_value_length_limit exceeded (metric: ${metric}, label name: ${l.name.slice(0, 50)}, value: ${JSON.stringify(l.value.slice(0, 50))}, length: ${l.value.length}, limit: ${limits.labelValueLengthLimit})`;
    }
  }
  return undefined;
}
