import type { Labels } from '../../../model/index.js';
import type { CompiledRelabelRule } from './compile-relabel-rules.js';
import { LabelsBuilder } from './labels-builder.js';

/**
 * Applies the rules in order, as Prometheus's relabel.Process does, and returns the resulting
 * labels sorted by name, or null when a keep/drop/keepequal/dropequal rule drops the set.
 * `labels` must be sorted with no empty values; it is never modified. When no rule changes
 * anything the same `labels` object comes back, so callers can compare by reference to skip
 * re-resolving a series. Runs per scraped sample for metric_relabel_configs: the unchanged path
 * allocates one small builder and nothing else.
 */
export function relabel(labels: Labels, rules: readonly CompiledRelabelRule[]): Labels | null {
  if (rules.length === 0) return labels;
  const builder = new LabelsBuilder(labels);
  for (let i = 0; i < rules.length; i++) {
    if (!(rules[i] as CompiledRelabelRule).apply(builder)) return null;
  }
  return builder.labels();
}
