import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { PrometheusConfigError } from './errors.js';
import { checkKeys, childPath, fail, readList, readMap } from './fields.js';
import { TOP_LEVEL_KEYS } from './known-keys.js';
import { parseGlobal } from './parse-global.js';
import { parseScrapeConfig } from './parse-scrape-config.js';
import type { PrometheusConfig, ScrapeConfig, UnsupportedKey } from './types.js';
import { parseYamlTree } from './yaml-tree.js';

/**
 * Reads a standard prometheus.yml as Prometheus 3 would: the same defaults, the same rejections
 * (unknown keys, bad durations, invalid relabel rules, duplicate job names), and relative file
 * paths resolved against `baseDir`. Keys Prometheus knows but Omniscope does not act on are
 * listed in `unsupported` rather than failing the file. Throws PrometheusConfigError naming the
 * key path of the first problem.
 */
export function parsePrometheusConfig(yamlText: string, baseDir: string): PrometheusConfig {
  const root = readMap(parseYamlTree(yamlText) ?? undefined, '');
  const unsupported: UnsupportedKey[] = [];
  if (root !== undefined) checkKeys(root, '', TOP_LEVEL_KEYS, unsupported);
  const global = parseGlobal(readMap(root?.entries.get('global'), 'global'), unsupported);

  const scrapeConfigs: ScrapeConfig[] = [];
  const firstIndexByJob = new Map<string, number>();
  readList(root?.entries.get('scrape_configs'), 'scrape_configs').forEach((node, i) => {
    const path = childPath('scrape_configs', i);
    const config = parseScrapeConfig(node, path, global, baseDir, unsupported);
    const first = firstIndexByJob.get(config.jobName);
    if (first !== undefined) fail(childPath(path, 'job_name'), `found multiple scrape configs with job name ${JSON.stringify(config.jobName)} (the first is scrape_configs[${first}])`);
    firstIndexByJob.set(config.jobName, i);
    scrapeConfigs.push(config);
  });
  return { global, scrapeConfigs, unsupported };
}

/** Reads and parses a prometheus.yml file; relative paths inside it are relative to its directory. */
export function loadPrometheusConfig(file: string): PrometheusConfig {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new PrometheusConfigError('', `cannot read the Prometheus config: ${(e as Error).message}`, { file, cause: e });
  }
  try {
    return parsePrometheusConfig(text, dirname(resolve(file)));
  } catch (e) {
    if (!(e instanceof PrometheusConfigError)) throw e;
    throw new PrometheusConfigError(e.path, e.problem, { file, cause: e });
  }
}
