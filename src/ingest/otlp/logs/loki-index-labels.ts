/**
 * Resource attributes that Loki's native OTLP ingestion promotes to stream (index) labels by
 * default: `distributor.otlp.default_resource_attributes_as_index_labels` in Loki 3.x
 * (pkg/distributor/otlp config). Every other resource attribute becomes structured metadata.
 * https://grafana.com/docs/loki/latest/get-started/labels/#default-labels-for-opentelemetry
 */
export const LOKI_DEFAULT_INDEX_LABEL_ATTRIBUTES: readonly string[] = Object.freeze([
  'service.name',
  'service.namespace',
  'service.instance.id',
  'deployment.environment',
  'deployment.environment.name',
  'cloud.region',
  'cloud.availability_zone',
  'k8s.cluster.name',
  'k8s.namespace.name',
  'k8s.pod.name',
  'k8s.container.name',
  'container.name',
  'k8s.replicaset.name',
  'k8s.deployment.name',
  'k8s.statefulset.name',
  'k8s.daemonset.name',
  'k8s.cronjob.name',
  'k8s.job.name',
]);

const INDEX_LABEL_SET: ReadonlySet<string> = new Set(LOKI_DEFAULT_INDEX_LABEL_ATTRIBUTES);

export function isIndexLabelAttribute(key: string): boolean {
  return INDEX_LABEL_SET.has(key);
}

/**
 * An attribute key as a Prometheus/Loki label name, the way Loki normalizes it: every character
 * outside [a-zA-Z0-9_] becomes '_' (`service.name` -> `service_name`), and a leading digit gets
 * a `key_` prefix.
 */
export function attributeKeyToLabelName(key: string): string {
  const name = key.replace(/[^a-zA-Z0-9_]/g, '_');
  return name.length > 0 && name.charCodeAt(0) >= 48 && name.charCodeAt(0) <= 57 ? `key_${name}` : name;
}

/** The stream label holding the severity level (`severityToLevel`). */
export const LEVEL_LABEL = 'level';
/** The stream label holding `service.name`. */
export const SERVICE_NAME_LABEL = 'service_name';
