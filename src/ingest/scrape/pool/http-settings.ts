import { readFileSync, statSync } from 'node:fs';
import type { ScrapeConfig, ScrapeProtocol } from '../../../config/prometheus/index.js';
import type { ScrapeRequest } from '../loop/scrape-fetch.js';

/** Media types Omniscope can parse, by protocol name; the protobuf format is not among them. */
const MEDIA_TYPES: Partial<Record<ScrapeProtocol, string>> = {
  'OpenMetricsText1.0.0': 'application/openmetrics-text;version=1.0.0',
  'OpenMetricsText0.0.1': 'application/openmetrics-text;version=0.0.1',
  'PrometheusText1.0.0': 'text/plain;version=1.0.0',
  'PrometheusText0.0.4': 'text/plain;version=0.0.4',
};

/**
 * The Accept header for a job's `scrape_protocols`, most wanted first, with decreasing quality
 * values and `*` last, as Prometheus sends it. Protocols Omniscope cannot parse are left out.
 */
export function acceptHeader(protocols: readonly ScrapeProtocol[]): string {
  const types = protocols.map((p) => MEDIA_TYPES[p]).filter((t): t is string => t !== undefined);
  if (types.length === 0) types.push(MEDIA_TYPES['PrometheusText0.0.4'] as string);
  const parts = types.map((t, i) => (i === 0 ? t : `${t};q=${(1 - i / (types.length + 1)).toFixed(2)}`));
  parts.push(`*/*;q=${(1 / (types.length + 1)).toFixed(2)}`);
  return parts.join(',');
}

/** Thrown when a secret or certificate file named by the config cannot be read. */
export class HttpSettingsError extends Error {}

/**
 * Secret and certificate files, read again whenever they change (by size and modification
 * time, checked on every use), as Prometheus reads them per request: a rotated password or
 * certificate takes effect at the next scrape, without a reload.
 */
export class SecretFiles {
  private readonly cache = new Map<string, { readonly mtimeMs: number; readonly size: number; readonly text: string }>();

  read(file: string, what: string): string {
    try {
      const st = statSync(file);
      const hit = this.cache.get(file);
      if (hit !== undefined && hit.mtimeMs === st.mtimeMs && hit.size === st.size) return hit.text;
      const text = readFileSync(file, 'utf8').trim();
      this.cache.set(file, { mtimeMs: st.mtimeMs, size: st.size, text });
      return text;
    } catch (e) {
      throw new HttpSettingsError(`cannot read ${what} ${file}: ${(e as Error).message}`);
    }
  }
}

/** What every target of a job sends: everything of a request but its URL and timeout. */
export type JobRequestSettings = Omit<ScrapeRequest, 'url' | 'timeoutMs'>;

/**
 * The request settings every target of a job shares: the Authorization header from
 * `basic_auth` or `authorization`/`bearer_token`, and TLS options from `tls_config`. Files
 * (password_file, credentials_file, ca_file, cert_file, key_file) are read through `files`;
 * throws HttpSettingsError when one cannot be read.
 */
export function jobRequestSettings(job: ScrapeConfig, userAgent: string, files: SecretFiles = new SecretFiles()): JobRequestSettings {
  const headers: Record<string, string> = {};
  if (job.basicAuth !== undefined) {
    const b = job.basicAuth;
    const user = b.usernameFile !== undefined ? files.read(b.usernameFile, 'basic_auth username_file') : b.username;
    const password = b.passwordFile !== undefined ? files.read(b.passwordFile, 'basic_auth password_file') : b.password;
    headers.authorization = `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
  } else if (job.authorization !== undefined) {
    const a = job.authorization;
    const credentials = a.credentialsFile !== undefined ? files.read(a.credentialsFile, 'authorization credentials_file') : a.credentials;
    headers.authorization = `${a.type} ${credentials}`;
  }
  const t = job.tlsConfig;
  const pem = (inline: string | undefined, file: string | undefined, what: string): string | undefined =>
    file !== undefined ? files.read(file, `tls_config ${what}`) : inline;
  const tls = {
    ca: pem(t.ca, t.caFile, 'ca_file'),
    cert: pem(t.cert, t.certFile, 'cert_file'),
    key: pem(t.key, t.keyFile, 'key_file'),
    servername: t.serverName,
    rejectUnauthorized: !t.insecureSkipVerify,
  };
  return {
    bodySizeLimitBytes: job.bodySizeLimitBytes,
    acceptHeader: acceptHeader(job.scrapeProtocols),
    enableCompression: job.enableCompression,
    followRedirects: job.followRedirects,
    userAgent,
    headers,
    tls,
  };
}

/** A job's request settings as of now: its secret files are read again when they changed. */
export class JobRequestSource {
  private readonly files = new SecretFiles();

  constructor(
    private readonly job: ScrapeConfig,
    private readonly userAgent: string,
  ) {}

  /** The settings; throws HttpSettingsError when a file cannot be read. */
  current(): JobRequestSettings {
    return jobRequestSettings(this.job, this.userAgent, this.files);
  }
}
