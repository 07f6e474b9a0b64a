import { readFileSync } from 'node:fs';
import { parse as parseYaml, YAMLParseError } from 'yaml';
import type { z } from 'zod';
import { configSchema } from './schema.js';
import type { OmniscopeConfig } from './schema.js';

/** A configuration problem, naming the file and the key. The CLI exits with code 2 on it. */
export class ConfigError extends Error {
  constructor(
    message: string,
    readonly problems: readonly string[],
  ) {
    super(message);
    this.name = 'ConfigError';
  }
}

/**
 * Overrides from the command line, already typed. Each one, when set, replaces the value from
 * the environment and from the file (flags > environment > file > defaults).
 */
export interface ConfigOverrides {
  readonly dataDir?: string;
  readonly httpPort?: number;
  readonly otlpGrpcPort?: number;
  readonly otlpHttpPort?: number;
  readonly logLevel?: string;
  readonly prometheusConfigFile?: string;
}

/** Environment variables that override file values; documented in docs/configuration.md. */
export const ENVIRONMENT_KEYS: Readonly<Record<string, readonly string[]>> = {
  OMNISCOPE_DATA_DIR: ['storage', 'data_dir'],
  OMNISCOPE_HTTP_PORT: ['server', 'http_port'],
  OMNISCOPE_LISTEN_ADDRESS: ['server', 'listen_address'],
  OMNISCOPE_OTLP_GRPC_PORT: ['otlp', 'grpc_port'],
  OMNISCOPE_OTLP_HTTP_PORT: ['otlp', 'http_port'],
  OMNISCOPE_LOG_LEVEL: ['log', 'level'],
  OMNISCOPE_STORAGE_BACKEND: ['storage', 'backend'],
  OMNISCOPE_PROMETHEUS_CONFIG: ['prometheus', 'config_file'],
};

const NUMERIC_PATHS = new Set(['server.http_port', 'otlp.grpc_port', 'otlp.http_port']);

function setPath(target: Record<string, unknown>, path: readonly string[], value: unknown): void {
  let node = target;
  for (const key of path.slice(0, -1)) {
    const next = node[key];
    if (next === undefined || next === null || typeof next !== 'object') node[key] = {};
    node = node[key] as Record<string, unknown>;
  }
  node[path[path.length - 1] as string] = value;
}

function readFileRaw(file: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new ConfigError(`cannot read config file ${file}: ${(e as Error).message}`, [(e as Error).message]);
  }
  let doc: unknown;
  try {
    doc = parseYaml(text);
  } catch (e) {
    const where = e instanceof YAMLParseError && e.linePos ? ` at line ${e.linePos[0].line}` : '';
    throw new ConfigError(`${file}: invalid YAML${where}: ${(e as Error).message}`, [(e as Error).message]);
  }
  if (doc === null || doc === undefined) return {};
  if (typeof doc !== 'object' || Array.isArray(doc)) {
    throw new ConfigError(`${file}: the top level must be a mapping of sections (server, otlp, storage, ...)`, []);
  }
  return doc as Record<string, unknown>;
}

function formatIssues(source: string, issues: readonly z.core.$ZodIssue[]): string[] {
  return issues.map((issue) => {
    const key = issue.path.map(String).join('.') || '(top level)';
    if (issue.code === 'unrecognized_keys') {
      const keys = issue.keys.map((k) => (key === '(top level)' ? k : `${key}.${k}`));
      return `${source}: unknown key ${keys.join(', ')} (see docs/configuration.md for the supported keys)`;
    }
    return `${source}: key ${key}: ${issue.message}`;
  });
}

/**
 * Loads and validates the configuration: defaults, then the YAML file (when given), then
 * environment variables, then flags. Throws ConfigError listing every problem found.
 */
export function loadConfig(
  file: string | undefined,
  env: Readonly<Record<string, string | undefined>> = process.env,
  overrides: ConfigOverrides = {},
): OmniscopeConfig {
  const raw: Record<string, unknown> = file === undefined ? {} : readFileRaw(file);
  const envProblems: string[] = [];
  for (const [name, path] of Object.entries(ENVIRONMENT_KEYS)) {
    const value = env[name];
    if (value === undefined || value === '') continue;
    if (NUMERIC_PATHS.has(path.join('.'))) {
      const n = Number(value);
      if (!Number.isInteger(n)) envProblems.push(`environment ${name}=${value}: must be an integer`);
      setPath(raw, path, n);
    } else {
      setPath(raw, path, value);
    }
  }
  if (overrides.dataDir !== undefined) setPath(raw, ['storage', 'data_dir'], overrides.dataDir);
  if (overrides.httpPort !== undefined) setPath(raw, ['server', 'http_port'], overrides.httpPort);
  if (overrides.otlpGrpcPort !== undefined) setPath(raw, ['otlp', 'grpc_port'], overrides.otlpGrpcPort);
  if (overrides.otlpHttpPort !== undefined) setPath(raw, ['otlp', 'http_port'], overrides.otlpHttpPort);
  if (overrides.logLevel !== undefined) setPath(raw, ['log', 'level'], overrides.logLevel);
  if (overrides.prometheusConfigFile !== undefined) setPath(raw, ['prometheus', 'config_file'], overrides.prometheusConfigFile);

  const result = configSchema.safeParse(raw);
  const problems = [...envProblems, ...(result.success ? [] : formatIssues(file ?? 'configuration', result.error.issues))];
  if (problems.length > 0 || !result.success) {
    throw new ConfigError(`invalid configuration:\n  ${problems.join('\n  ')}`, problems);
  }
  return result.data;
}
