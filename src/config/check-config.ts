import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { parsePrometheusConfig } from './prometheus/index.js';
import { ConfigError, loadConfig } from './load-config.js';

/** What `omniscope check-config` prints: findings to stdout, problems (exit 2) to stderr. */
export interface CheckReport {
  readonly lines: string[];
  readonly problems: string[];
}

const PROMETHEUS_SECTIONS = ['global', 'scrape_configs', 'rule_files', 'alerting', 'remote_write', 'remote_read', 'scrape_config_files'];

/**
 * Checks an omniscope.yml, or a prometheus.yml given directly (recognised by its top-level
 * sections). An omniscope.yml that names a prometheus.yml (`prometheus.config_file`) gets that
 * file checked too. Keys of a prometheus.yml that Omniscope does not act on are listed with
 * their path; they do not make the check fail, since the rest of the file works.
 */
export function checkConfigFile(file: string): CheckReport {
  const report: CheckReport = { lines: [], problems: [] };
  const text = readText(file, report);
  if (text === undefined) return report;
  if (looksLikePrometheusConfig(text)) {
    checkPrometheus(file, text, report);
    return report;
  }
  try {
    const config = loadConfig(file, {});
    report.lines.push(`${file}: valid`);
    const promFile = config.prometheus.config_file;
    if (promFile !== '') {
      const promText = readText(promFile, report);
      if (promText !== undefined) checkPrometheus(promFile, promText, report);
    }
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    report.problems.push(e.message);
  }
  return report;
}

/** The file's text (read once: it may be a pipe), or undefined with the problem reported. */
function readText(file: string, report: CheckReport): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    report.problems.push(`cannot read ${file}: ${(e as Error).message}`);
    return undefined;
  }
}

function looksLikePrometheusConfig(text: string): boolean {
  try {
    const doc: unknown = parseYaml(text);
    return typeof doc === 'object' && doc !== null && Object.keys(doc).some((k) => PROMETHEUS_SECTIONS.includes(k));
  } catch {
    return false; // the omniscope.yml check reports unreadable or invalid YAML
  }
}

function checkPrometheus(file: string, text: string, report: CheckReport): void {
  try {
    const config = parsePrometheusConfig(text, dirname(resolve(file)));
    const jobs = config.scrapeConfigs.map((j) => j.jobName);
    report.lines.push(`${file}: valid prometheus.yml, ${jobs.length} scrape job(s)${jobs.length > 0 ? `: ${jobs.join(', ')}` : ''}`);
    for (const u of config.unsupported) report.lines.push(`${file}: ${u.path}: not supported, ignored: ${u.reason}`);
  } catch (e) {
    report.problems.push(`${file}: ${(e as Error).message}`);
  }
}
