import type { Label, Labels } from '../../../model/index.js';
import { formatPrometheusDuration, parsePrometheusDurationMs, sortLabels } from '../../../model/index.js';
import { isValidLabelValue } from '../../../config/prometheus/index.js';
import type { GlobalConfig, ScrapeConfig, TargetGroup } from '../../../config/prometheus/index.js';
import { compileRelabelRules, relabel } from '../relabel/index.js';
import type { CompiledRelabelRule } from '../relabel/index.js';
import { buildTargetUrl } from './target-url.js';

const ADDRESS = '__address__';
const SCHEME = '__scheme__';
const METRICS_PATH = '__metrics_path__';
const SCRAPE_INTERVAL = '__scrape_interval__';
const SCRAPE_TIMEOUT = '__scrape_timeout__';
const PARAM_PREFIX = '__param_';
const META_PREFIX = '__meta_';
const RESERVED_PREFIX = '__';

/** A target to scrape, as Prometheus's target manager would hold it. */
export interface TargetSpec {
  /** The labels before relabeling: discovery's labels plus the job defaults (the targets page shows these). */
  readonly discoveredLabels: Labels;
  /** The target's labels after relabeling, without any `__` label; added to every scraped series. */
  readonly labels: Labels;
  /** `scheme://address/path?params`, from the `__scheme__`, `__address__`, `__metrics_path__` and `__param_*` labels. */
  readonly url: string;
  readonly scrapeIntervalMs: number;
  readonly scrapeTimeoutMs: number;
}

/** A target relabeling dropped (kept for the targets page). */
export interface DroppedTarget {
  readonly discoveredLabels: Labels;
}

export interface TargetsFromGroupResult {
  readonly active: TargetSpec[];
  readonly dropped: DroppedTarget[];
  /** One message per target that could not be built (no address, a URL as address, a bad interval...). */
  readonly errors: string[];
}

/**
 * Builds the targets of one discovered group as Prometheus's PopulateLabels does: group labels
 * with the target's own on top, the job defaults where unset (`job`, `__scheme__`,
 * `__metrics_path__`, `__scrape_interval__`, `__scrape_timeout__`, `__param_<name>` for each
 * configured param's first value), then the job's relabel_configs. A target relabeling drops is
 * `dropped`; one left without `__address__`, or with an address holding a scheme or path, or with
 * a bad `__scrape_interval__`/`__scrape_timeout__`/`__scheme__`, is an error (Prometheus reports
 * and skips these too). `instance` defaults to the address, and the final labels lose every
 * `__` label. As in Prometheus 3, no default port is added to the address.
 *
 * `_global` is not needed (the job already carries the global defaults) and stays for callers
 * written against the first sketch of this API. Pass `rules` (compiled from
 * `job.relabelConfigs`) to avoid compiling them on every call.
 */
export function targetsFromGroup(
  group: TargetGroup,
  job: ScrapeConfig,
  _global?: GlobalConfig,
  rules: readonly CompiledRelabelRule[] = compileRelabelRules(job.relabelConfigs),
): TargetsFromGroupResult {
  const result: TargetsFromGroupResult = { active: [], dropped: [], errors: [] };
  group.targets.forEach((targetLabels, i) => {
    const discoveredLabels = discoveredLabelsOf(targetLabels, group.labels, job);
    const relabeled = relabel(discoveredLabels, rules);
    if (relabeled === null) {
      result.dropped.push({ discoveredLabels });
      return;
    }
    const target = buildTarget(discoveredLabels, relabeled, job);
    if (typeof target === 'string') result.errors.push(`instance ${i} in group ${group.source}: ${target}`);
    else result.active.push(target);
  });
  return result;
}

/** The labels before relabeling (Prometheus's PopulateDiscoveredLabels), sorted, without empty values. */
function discoveredLabelsOf(targetLabels: Labels, groupLabels: Labels, job: ScrapeConfig): Labels {
  const values = new Map<string, string>();
  for (const l of groupLabels) values.set(l.name, l.value);
  // A target's label wins, even an empty one (which then means "absent").
  for (const l of targetLabels) values.set(l.name, l.value);
  const setDefault = (name: string, value: string): void => {
    if ((values.get(name) ?? '') === '') values.set(name, value);
  };
  setDefault('job', job.jobName);
  setDefault(SCRAPE_INTERVAL, formatPrometheusDuration(job.scrapeIntervalMs));
  setDefault(SCRAPE_TIMEOUT, formatPrometheusDuration(job.scrapeTimeoutMs));
  setDefault(METRICS_PATH, job.metricsPath);
  setDefault(SCHEME, job.scheme);
  for (const [name, list] of job.params) if (list.length > 0) setDefault(PARAM_PREFIX + name, list[0] as string);
  const out: Label[] = [];
  for (const [name, value] of values) if (value !== '') out.push({ name, value });
  return sortLabels(out);
}

/** Checks a relabeled target and builds it; a string is the reason it cannot be scraped. */
function buildTarget(discoveredLabels: Labels, labels: Labels, job: ScrapeConfig): TargetSpec | string {
  const get = (name: string): string => labels.find((l) => l.name === name)?.value ?? '';
  const address = get(ADDRESS);
  if (address === '') return 'no address';
  if (address.includes('/')) return `${JSON.stringify(address)} is not a valid hostname (a target address is host:port, without scheme or path)`;

  const interval = parseLabelDuration(get(SCRAPE_INTERVAL), 'scrape interval');
  if (typeof interval === 'string') return interval;
  const timeout = parseLabelDuration(get(SCRAPE_TIMEOUT), 'scrape timeout');
  if (typeof timeout === 'string') return timeout;
  if (timeout > interval) return `scrape timeout cannot be greater than scrape interval (${JSON.stringify(get(SCRAPE_TIMEOUT))} > ${JSON.stringify(get(SCRAPE_INTERVAL))})`;
  const scheme = get(SCHEME);
  if (scheme !== 'http' && scheme !== 'https') return `invalid scheme ${JSON.stringify(scheme)}: expected http or https`;

  const params = new Map<string, string[]>();
  for (const [name, list] of job.params) params.set(name, [...list]);
  const finalLabels: Label[] = [];
  let hasInstance = false;
  for (const l of labels) {
    // Meta labels are dropped before Prometheus validates values, so theirs are not checked.
    if (l.name.startsWith(META_PREFIX)) continue;
    if (!isValidLabelValue(l.value)) return `invalid label value for ${JSON.stringify(l.name)}: ${JSON.stringify(l.value)}`;
    if (l.name.startsWith(PARAM_PREFIX)) {
      const name = l.name.slice(PARAM_PREFIX.length);
      const list = params.get(name);
      if (list !== undefined && list.length > 0) list[0] = l.value;
      else params.set(name, [l.value]);
    }
    if (l.name.startsWith(RESERVED_PREFIX)) continue;
    if (l.name === 'instance') hasInstance = true;
    finalLabels.push(l);
  }
  if (!hasInstance) finalLabels.push({ name: 'instance', value: address });

  return {
    discoveredLabels,
    labels: sortLabels(finalLabels),
    url: buildTargetUrl(scheme, address, get(METRICS_PATH), params),
    scrapeIntervalMs: interval,
    scrapeTimeoutMs: timeout,
  };
}

function parseLabelDuration(text: string, what: string): number | string {
  if (text === '') return `error parsing ${what}: empty duration`;
  const ms = parsePrometheusDurationMs(text);
  if (ms === undefined) return `error parsing ${what}: not a valid duration ${JSON.stringify(text)}`;
  if (ms === 0) return `${what} cannot be 0`;
  return ms;
}
