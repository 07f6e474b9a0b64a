import type { Label } from '../../model/index.js';
import { sortLabels } from '../../model/index.js';
import { checkKeys, childPath, fail, readDurationMs, readList, readMap, readStringList, readStringMap } from './fields.js';
import { FILE_SD_CONFIG_KEYS, STATIC_CONFIG_KEYS, TARGET_GROUP_FILE_KEYS } from './known-keys.js';
import { isValidLabelName } from './label-names.js';
import { joinDir } from './parse-http-client.js';
import type { FileSdConfig, TargetGroup, UnsupportedKey } from './types.js';
import type { YamlValue } from './yaml-tree.js';
import { parseYamlTree } from './yaml-tree.js';

export const ADDRESS_LABEL = '__address__';
const DEFAULT_FILE_SD_REFRESH_MS = 5 * 60_000;
/** Prometheus's rule for file_sd names: a known extension, and `*` only in the last path element. */
const FILE_SD_NAME = /^[^*]*(\*[^/]*)?\.(json|yml|yaml|JSON|YML|YAML)$/;

/** `static_configs`: one target group per entry, its source the entry's index. */
export function parseStaticConfigs(node: YamlValue | undefined, path: string, unsupported: UnsupportedKey[]): TargetGroup[] {
  return readList(node, path).map((item, i) => {
    const itemPath = childPath(path, i);
    const map = readMap(item, itemPath);
    if (map === undefined) fail(itemPath, 'empty or null static config');
    checkKeys(map, itemPath, STATIC_CONFIG_KEYS, unsupported);
    return readTargetGroup(map.entries.get('targets'), map.entries.get('labels'), itemPath, String(i));
  });
}

/**
 * The target groups of a file_sd YAML file: a list of `{targets, labels}` read like static
 * configs (strict keys, values as written), sources `${fileName}:${index}`. Errors name the
 * position in the file (`[2].labels`); the caller adds the file name.
 */
export function parseTargetGroupsYaml(text: string, fileName: string): TargetGroup[] {
  return readList(parseYamlTree(text) ?? undefined, '').map((node, i) => {
    const path = childPath('', i);
    const map = readMap(node, path);
    if (map === undefined) fail(path, 'empty or null target group');
    checkKeys(map, path, TARGET_GROUP_FILE_KEYS, []);
    return readTargetGroup(map.entries.get('targets'), map.entries.get('labels'), path, `${fileName}:${i}`);
  });
}

/** The `targets` + `labels` pair shared by static configs and file_sd YAML files. */
function readTargetGroup(targetsNode: YamlValue | undefined, labelsNode: YamlValue | undefined, path: string, source: string): TargetGroup {
  const targets = readStringList(targetsNode, childPath(path, 'targets')).map((address) => [{ name: ADDRESS_LABEL, value: address }]);
  return { source, targets, labels: readLabelSet(labelsNode, childPath(path, 'labels')) };
}

/** A label mapping: names must be valid (UTF-8, as Prometheus 3 reads them); empty values mean absent. */
function readLabelSet(node: YamlValue | undefined, path: string): Label[] {
  const labels: Label[] = [];
  for (const [name, value] of readStringMap(node, path)) {
    if (!isValidLabelName(name, 'utf8')) fail(childPath(path, name), `${JSON.stringify(name)} is not a valid label name`);
    if (value !== '') labels.push({ name, value });
  }
  return sortLabels(labels);
}

export function parseFileSdConfigs(node: YamlValue | undefined, path: string, baseDir: string, unsupported: UnsupportedKey[]): FileSdConfig[] {
  return readList(node, path).map((item, i) => {
    const itemPath = childPath(path, i);
    const map = readMap(item, itemPath);
    if (map === undefined) fail(itemPath, 'empty or null file_sd config');
    checkKeys(map, itemPath, FILE_SD_CONFIG_KEYS, unsupported);
    const filesPath = childPath(itemPath, 'files');
    const files = readStringList(map.entries.get('files'), filesPath);
    if (files.length === 0) fail(filesPath, 'a file_sd config needs at least one file name');
    files.forEach((file, j) => {
      if (!FILE_SD_NAME.test(file)) {
        fail(childPath(filesPath, j), `${JSON.stringify(file)} is not a valid file_sd path: it must end in .json, .yml or .yaml and may use * only in its last element`);
      }
    });
    const refresh = readDurationMs(map.entries.get('refresh_interval'), childPath(itemPath, 'refresh_interval')) || DEFAULT_FILE_SD_REFRESH_MS;
    return { files: files.map((file) => joinDir(baseDir, file) as string), refreshIntervalMs: refresh };
  });
}
