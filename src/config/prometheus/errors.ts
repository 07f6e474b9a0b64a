import { OmniscopeError } from '../../model/index.js';

/**
 * A prometheus.yml that Omniscope cannot accept: invalid YAML, a wrong type, an unknown key or a
 * rule Prometheus itself would reject. `path` names the key (`scrape_configs[1].relabel_configs[0].action`,
 * empty for the whole file) and the message starts with it, so one line tells the user where to look.
 */
export class PrometheusConfigError extends OmniscopeError {
  readonly path: string;
  readonly problem: string;
  /** The file, when the text came from one (set by loadPrometheusConfig). */
  readonly file: string | undefined;

  constructor(path: string, problem: string, options?: { file?: string; cause?: unknown }) {
    const where = [options?.file, path].filter((part) => part !== undefined && part !== '').join(': ');
    super('bad_input', where === '' ? problem : `${where}: ${problem}`, { cause: options?.cause });
    this.name = 'PrometheusConfigError';
    this.path = path;
    this.problem = problem;
    this.file = options?.file;
  }
}
