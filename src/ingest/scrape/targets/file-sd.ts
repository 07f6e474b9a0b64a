import { extname } from 'node:path';
import type { Label } from '../../../model/index.js';
import { sortLabels } from '../../../model/index.js';
import { PrometheusConfigError, isValidLabelName, parseTargetGroupsYaml } from '../../../config/prometheus/index.js';
import type { TargetGroup } from '../../../config/prometheus/index.js';

const ADDRESS = '__address__';
/** Added to every group, so relabel rules can tell which file a target came from. */
const FILE_PATH_LABEL = '__meta_filepath';

/**
 * Parses one file_sd file: a list of `{targets: [...], labels: {...}}`, JSON for `.json` and YAML
 * for `.yml`/`.yaml` (by extension, any case), read as Prometheus reads them (JSON field names
 * match case-insensitively, YAML keys exactly; unknown fields are errors). Each group's source is
 * `file:index` and it gets `__meta_filepath` = `fileName`. An empty file has no groups. Throws
 * PrometheusConfigError naming the file and the position in it.
 */
export function parseFileSd(text: string, fileName: string): TargetGroup[] {
  try {
    const ext = extname(fileName).toLowerCase();
    if (ext === '.json') return parseJsonGroups(text, fileName);
    if (ext === '.yml' || ext === '.yaml') return parseTargetGroupsYaml(text, fileName).map((group) => withFilePath(group, fileName));
    throw new PrometheusConfigError('', `unsupported file_sd file extension ${JSON.stringify(ext)}: expected .json, .yml or .yaml`);
  } catch (e) {
    if (!(e instanceof PrometheusConfigError)) throw e;
    throw new PrometheusConfigError(e.path, e.problem, { file: fileName, cause: e });
  }
}

function withFilePath(group: TargetGroup, fileName: string): TargetGroup {
  const labels = group.labels.filter((l) => l.name !== FILE_PATH_LABEL);
  labels.push({ name: FILE_PATH_LABEL, value: fileName });
  return { ...group, labels: sortLabels(labels) };
}

function parseJsonGroups(text: string, fileName: string): TargetGroup[] {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new PrometheusConfigError('', `invalid JSON: ${(e as Error).message}`);
  }
  if (doc === null) return [];
  if (!Array.isArray(doc)) throw new PrometheusConfigError('', 'expected a list of target groups');
  return doc.map((item: unknown, i) => {
    const path = `[${i}]`;
    if (item === null) throw new PrometheusConfigError(path, 'empty or null target group');
    if (typeof item !== 'object' || Array.isArray(item)) throw new PrometheusConfigError(path, 'expected an object with targets and labels');
    let targets: Label[][] = [];
    let labels: Label[] = [];
    for (const [key, value] of Object.entries(item as Record<string, unknown>)) {
      // Go's encoding/json matches field names case-insensitively.
      const field = key.toLowerCase();
      if (field === 'targets') targets = jsonTargets(value, `${path}.${key}`);
      else if (field === 'labels') labels = jsonLabels(value, `${path}.${key}`);
      else throw new PrometheusConfigError(`${path}.${key}`, 'unknown field in a file_sd target group (expected targets and labels)');
    }
    return withFilePath({ source: `${fileName}:${i}`, targets, labels }, fileName);
  });
}

function jsonTargets(value: unknown, path: string): Label[][] {
  if (value === null) return [];
  if (!Array.isArray(value)) throw new PrometheusConfigError(path, 'expected a list of strings');
  return value.map((address: unknown, j) => {
    // A JSON null leaves a Go string empty.
    if (address !== null && typeof address !== 'string') throw new PrometheusConfigError(`${path}[${j}]`, 'expected a string');
    return [{ name: ADDRESS, value: address ?? '' }];
  });
}

function jsonLabels(value: unknown, path: string): Label[] {
  if (value === null) return [];
  if (typeof value !== 'object' || Array.isArray(value)) throw new PrometheusConfigError(path, 'expected an object of label names to string values');
  const labels: Label[] = [];
  for (const [name, labelValue] of Object.entries(value as Record<string, unknown>)) {
    if (!isValidLabelName(name, 'utf8')) throw new PrometheusConfigError(`${path}.${name}`, `${JSON.stringify(name)} is not a valid label name`);
    if (labelValue !== null && typeof labelValue !== 'string') throw new PrometheusConfigError(`${path}.${name}`, 'expected a string value');
    if (typeof labelValue === 'string' && labelValue !== '') labels.push({ name, value: labelValue });
  }
  return sortLabels(labels);
}
