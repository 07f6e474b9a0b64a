import type { Label } from '../../model/index.js';
import { sortLabels } from '../../model/index.js';
import { parseBase2Bytes } from './byte-size.js';
import { checkKeys, childPath, fail, readDurationMs, readString, readStringList, readStringMap, readUint } from './fields.js';
import { GLOBAL_KEYS } from './known-keys.js';
import { isValidLabelName, isValidLabelValue } from './label-names.js';
import type { GlobalConfig, NameValidationScheme, ScrapeProtocol, UnsupportedKey } from './types.js';
import type { YamlMap, YamlValue } from './yaml-tree.js';

const MINUTE_MS = 60_000;
const DEFAULT_SCRAPE_TIMEOUT_MS = 10_000;

/** Prometheus's order of preference when a scrape config and the global section name none. */
export const DEFAULT_SCRAPE_PROTOCOLS: readonly ScrapeProtocol[] = ['OpenMetricsText1.0.0', 'OpenMetricsText0.0.1', 'PrometheusText1.0.0', 'PrometheusText0.0.4'];
const SCRAPE_PROTOCOLS: ReadonlySet<string> = new Set<ScrapeProtocol>([
  'PrometheusProto', 'PrometheusText0.0.4', 'PrometheusText1.0.0', 'OpenMetricsText0.0.1', 'OpenMetricsText1.0.0',
]);

/** The `global` section (absent or empty: all defaults). */
export function parseGlobal(map: YamlMap | undefined, unsupported: UnsupportedKey[]): GlobalConfig {
  const path = 'global';
  if (map !== undefined) checkKeys(map, path, GLOBAL_KEYS, unsupported);
  const field = (key: string): YamlValue | undefined => map?.entries.get(key);
  const at = (key: string): string => childPath(path, key);

  const nameValidation = readNameValidation(field('metric_name_validation_scheme'), at('metric_name_validation_scheme')) ?? 'utf8';
  const scrapeIntervalMs = readDurationMs(field('scrape_interval'), at('scrape_interval')) || MINUTE_MS;
  let scrapeTimeoutMs = readDurationMs(field('scrape_timeout'), at('scrape_timeout')) ?? 0;
  if (scrapeTimeoutMs > scrapeIntervalMs) fail(at('scrape_timeout'), 'global scrape timeout greater than scrape interval');
  if (scrapeTimeoutMs === 0) scrapeTimeoutMs = Math.min(DEFAULT_SCRAPE_TIMEOUT_MS, scrapeIntervalMs);

  const externalLabels: Label[] = [];
  for (const [name, value] of readStringMap(field('external_labels'), at('external_labels'))) {
    const labelPath = childPath(at('external_labels'), name);
    if (!isValidLabelName(name, nameValidation)) fail(labelPath, `${JSON.stringify(name)} is not a valid label name`);
    if (!isValidLabelValue(value)) fail(labelPath, `${JSON.stringify(value)} is not a valid label value`);
    if (value !== '') externalLabels.push({ name, value });
  }

  return {
    scrapeIntervalMs,
    scrapeTimeoutMs,
    evaluationIntervalMs: readDurationMs(field('evaluation_interval'), at('evaluation_interval')) || MINUTE_MS,
    ruleQueryOffsetMs: readDurationMs(field('rule_query_offset'), at('rule_query_offset')) ?? 0,
    externalLabels: sortLabels(externalLabels),
    bodySizeLimitBytes: readBodySizeLimit(field('body_size_limit'), at('body_size_limit')) ?? 0,
    sampleLimit: readUint(field('sample_limit'), at('sample_limit')) ?? 0,
    targetLimit: readUint(field('target_limit'), at('target_limit')) ?? 0,
    labelLimit: readUint(field('label_limit'), at('label_limit')) ?? 0,
    labelNameLengthLimit: readUint(field('label_name_length_limit'), at('label_name_length_limit')) ?? 0,
    labelValueLengthLimit: readUint(field('label_value_length_limit'), at('label_value_length_limit')) ?? 0,
    keepDroppedTargets: readUint(field('keep_dropped_targets'), at('keep_dropped_targets')) ?? 0,
    scrapeProtocols: readScrapeProtocols(field('scrape_protocols'), at('scrape_protocols')),
    nameValidation,
  };
}

/** `utf8` or `legacy`; undefined when absent or empty (inherit). */
export function readNameValidation(node: YamlValue | undefined, path: string): NameValidationScheme | undefined {
  const text = readString(node, path);
  if (text === undefined || text === '') return undefined;
  if (text !== 'utf8' && text !== 'legacy') fail(path, `must be "utf8" or "legacy", got ${JSON.stringify(text)}`);
  return text;
}

/** A size in Prometheus's base-2 syntax; negative means no limit, as Prometheus treats it. */
export function readBodySizeLimit(node: YamlValue | undefined, path: string): number | undefined {
  const text = readString(node, path);
  if (text === undefined) return undefined;
  if (text === '') return 0;
  const bytes = parseBase2Bytes(text);
  if (bytes === undefined) fail(path, `invalid size ${JSON.stringify(text)}: expected a number with a unit like 512KB, 10MB or 1GiB (KB and KiB both mean 1024 bytes)`);
  return Math.max(0, bytes);
}

export function readScrapeProtocols(node: YamlValue | undefined, path: string): ScrapeProtocol[] | undefined {
  if (node === undefined) return undefined;
  const protocols = readStringList(node, path);
  if (protocols.length === 0) fail(path, 'scrape_protocols cannot be empty');
  const seen = new Set<string>();
  protocols.forEach((protocol, i) => {
    if (!SCRAPE_PROTOCOLS.has(protocol)) fail(childPath(path, i), `unknown scrape protocol ${JSON.stringify(protocol)}; expected one of ${[...SCRAPE_PROTOCOLS].join(', ')}`);
    if (seen.has(protocol.toLowerCase())) fail(childPath(path, i), `${protocol} is listed twice`);
    seen.add(protocol.toLowerCase());
  });
  return protocols as ScrapeProtocol[];
}

export function readScrapeProtocol(node: YamlValue | undefined, path: string): ScrapeProtocol | undefined {
  const text = readString(node, path);
  if (text === undefined || text === '') return undefined;
  if (!SCRAPE_PROTOCOLS.has(text)) fail(path, `unknown scrape protocol ${JSON.stringify(text)}; expected one of ${[...SCRAPE_PROTOCOLS].join(', ')}`);
  return text as ScrapeProtocol;
}
