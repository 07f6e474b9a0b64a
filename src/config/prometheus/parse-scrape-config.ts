import { checkKeys, childPath, fail, readBool, readDurationMs, readMap, readString, readStringList, readUint } from './fields.js';
import { SCRAPE_CONFIG_KEYS } from './known-keys.js';
import { parseFileSdConfigs, parseStaticConfigs } from './parse-discovery.js';
import { DEFAULT_SCRAPE_PROTOCOLS, readBodySizeLimit, readNameValidation, readScrapeProtocol, readScrapeProtocols } from './parse-global.js';
import { parseHttpClient } from './parse-http-client.js';
import { parseRelabelConfigs } from './parse-relabel-config.js';
import type { GlobalConfig, ScrapeConfig, UnsupportedKey } from './types.js';
import type { YamlValue } from './yaml-tree.js';

/** One `scrape_configs` entry, with the global defaults applied as Prometheus's Validate does. */
export function parseScrapeConfig(node: YamlValue, path: string, global: GlobalConfig, baseDir: string, unsupported: UnsupportedKey[]): ScrapeConfig {
  const map = readMap(node, path);
  if (map === undefined) fail(path, 'empty or null scrape config');
  checkKeys(map, path, SCRAPE_CONFIG_KEYS, unsupported);
  const field = (key: string): YamlValue | undefined => map.entries.get(key);
  const at = (key: string): string => childPath(path, key);

  const jobName = readString(field('job_name'), at('job_name')) ?? '';
  if (jobName === '') fail(at('job_name'), 'job_name is required');

  const scrapeIntervalMs = readDurationMs(field('scrape_interval'), at('scrape_interval')) || global.scrapeIntervalMs;
  let scrapeTimeoutMs = readDurationMs(field('scrape_timeout'), at('scrape_timeout')) ?? 0;
  if (scrapeTimeoutMs > scrapeIntervalMs) {
    fail(at('scrape_timeout'), `scrape timeout greater than scrape interval for scrape config with job name ${JSON.stringify(jobName)}`);
  }
  if (scrapeTimeoutMs === 0) scrapeTimeoutMs = Math.min(global.scrapeTimeoutMs, scrapeIntervalMs);

  const scheme = readString(field('scheme'), at('scheme')) ?? 'http';
  if (scheme !== 'http' && scheme !== 'https') fail(at('scheme'), `must be "http" or "https", got ${JSON.stringify(scheme)}`);

  const params = new Map<string, string[]>();
  const paramsMap = readMap(field('params'), at('params'));
  for (const [name, values] of paramsMap?.entries ?? []) params.set(name, readStringList(values, childPath(at('params'), name)));

  const nameValidation = readNameValidation(field('metric_name_validation_scheme'), at('metric_name_validation_scheme')) ?? global.nameValidation;
  const relabelConfigs = parseRelabelConfigs(field('relabel_configs'), at('relabel_configs'), nameValidation, unsupported);
  const staticConfigs = parseStaticConfigs(field('static_configs'), at('static_configs'), unsupported);
  if (relabelConfigs.length === 0) {
    // Without relabeling nothing can turn a URL into an address, so Prometheus refuses it up front.
    staticConfigs.forEach((group, i) =>
      group.targets.forEach((target, j) => {
        const address = target[0]?.value ?? '';
        if (address.includes('/')) fail(childPath(childPath(at('static_configs'), i), `targets[${j}]`), `${JSON.stringify(address)} is not a valid hostname (a target is host:port, without scheme or path)`);
      }),
    );
  }
  const limit = (key: string, fallback: number): number => readUint(field(key), at(key)) || fallback;

  return {
    jobName,
    scrapeIntervalMs,
    scrapeTimeoutMs,
    metricsPath: readString(field('metrics_path'), at('metrics_path')) ?? '/metrics',
    scheme,
    params,
    honorLabels: readBool(field('honor_labels'), at('honor_labels')) ?? false,
    honorTimestamps: readBool(field('honor_timestamps'), at('honor_timestamps')) ?? true,
    enableCompression: readBool(field('enable_compression'), at('enable_compression')) ?? true,
    scrapeProtocols: readScrapeProtocols(field('scrape_protocols'), at('scrape_protocols')) ?? global.scrapeProtocols ?? DEFAULT_SCRAPE_PROTOCOLS,
    fallbackScrapeProtocol: readScrapeProtocol(field('fallback_scrape_protocol'), at('fallback_scrape_protocol')),
    nameValidation,
    sampleLimit: limit('sample_limit', global.sampleLimit),
    labelLimit: limit('label_limit', global.labelLimit),
    labelNameLengthLimit: limit('label_name_length_limit', global.labelNameLengthLimit),
    labelValueLengthLimit: limit('label_value_length_limit', global.labelValueLengthLimit),
    bodySizeLimitBytes: readBodySizeLimit(field('body_size_limit'), at('body_size_limit')) || global.bodySizeLimitBytes,
    targetLimit: limit('target_limit', global.targetLimit),
    keepDroppedTargets: limit('keep_dropped_targets', global.keepDroppedTargets),
    staticConfigs,
    fileSdConfigs: parseFileSdConfigs(field('file_sd_configs'), at('file_sd_configs'), baseDir, unsupported),
    relabelConfigs,
    metricRelabelConfigs: parseRelabelConfigs(field('metric_relabel_configs'), at('metric_relabel_configs'), nameValidation, unsupported),
    ...parseHttpClient(map, path, baseDir, unsupported),
  };
}
