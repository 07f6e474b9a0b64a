import type { Attributes, Label } from '../../../model/index.js';
import { METRIC_NAME_LABEL, anyValueToString, sortLabels } from '../../../model/index.js';
import type { AttributeLabeler } from './attribute-labeler.js';
import { mergeLabels } from './attribute-labeler.js';

/** What a resource contributes: labels on every series, and the target_info series if any. */
export interface ResourceLabels {
  /** `instance` and `job`, sorted; either may be missing. */
  readonly identity: Label[];
  /** The whole target_info label set, or null when the resource has no other attribute. */
  readonly targetInfo: Label[] | null;
}

/**
 * `job` is `service.namespace/service.name` (or `service.name` without a namespace; none without
 * a name), `instance` is `service.instance.id`; the other attributes, sanitized like point
 * attributes, label the `target_info` series together with `job` and `instance`
 * (https://opentelemetry.io/docs/specs/otel/compatibility/prometheus_and_openmetrics/#resource-attributes-1).
 */
export function resourceLabels(attributes: Attributes, labeler: AttributeLabeler): ResourceLabels {
  let serviceName = '';
  let serviceNamespace = '';
  let instance = '';
  const keys: string[] = [];
  const values: string[] = [];
  for (const a of attributes) {
    const v = anyValueToString(a.value);
    if (a.key === 'service.name') serviceName = v;
    else if (a.key === 'service.namespace') serviceNamespace = v;
    else if (a.key === 'service.instance.id') instance = v;
    else {
      keys.push(a.key);
      values.push(v);
    }
  }
  const identity: Label[] = [];
  if (instance !== '') identity.push({ name: 'instance', value: instance });
  if (serviceName !== '') {
    identity.push({ name: 'job', value: serviceNamespace === '' ? serviceName : `${serviceNamespace}/${serviceName}` });
  }
  const rest = labeler.labels(keys, values, keys.length);
  const targetInfo =
    rest.length === 0 ? null : mergeLabels(rest, sortLabels([...identity, { name: METRIC_NAME_LABEL, value: 'target_info' }]));
  return { identity, targetInfo };
}

const RESERVED_SCOPE_LABELS = new Set(['otel_scope_name', 'otel_scope_version', 'otel_scope_schema_url']);

/**
 * The labels every series of a scope carries, sorted: the resource identity plus non-empty
 * `otel_scope_name`, `otel_scope_version`, `otel_scope_schema_url`, and each scope attribute as
 * `otel_scope_<key>` (dropped when it would clash with those three), as the specification's
 * "Instrumentation Scope" section says.
 */
export function scopeLabels(
  identity: readonly Label[],
  name: string,
  version: string,
  schemaUrl: string,
  attributes: Attributes,
  labeler: AttributeLabeler,
): Label[] {
  const generated: Label[] = [...identity];
  if (name !== '') generated.push({ name: 'otel_scope_name', value: name });
  if (version !== '') generated.push({ name: 'otel_scope_version', value: version });
  if (schemaUrl !== '') generated.push({ name: 'otel_scope_schema_url', value: schemaUrl });
  sortLabels(generated);
  if (attributes.length === 0) return generated;
  const keys = attributes.map((a) => a.key);
  const values = attributes.map((a) => anyValueToString(a.value));
  const scopeAttrs = labeler.labels(keys, values, keys.length, 'otel_scope_').filter((l) => !RESERVED_SCOPE_LABELS.has(l.name));
  return mergeLabels(scopeAttrs, generated);
}
