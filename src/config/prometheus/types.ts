import type { Labels } from '../../model/index.js';

/**
 * A prometheus.yml as Omniscope understands it, with every default applied (Prometheus 3
 * semantics). Durations are milliseconds, sizes bytes, limits 0 for "no limit", and file paths
 * absolute (resolved against the config file's directory). Secrets (passwords, tokens, TLS
 * keys) are held as given: redact before printing.
 */
export interface PrometheusConfig {
  readonly global: GlobalConfig;
  readonly scrapeConfigs: readonly ScrapeConfig[];
  /** Prometheus keys present in the file that Omniscope does not act on; warn about each. */
  readonly unsupported: readonly UnsupportedKey[];
}

export interface UnsupportedKey {
  /** Where the key is, e.g. `scrape_configs[2].kubernetes_sd_configs`. */
  readonly path: string;
  /** Why it is ignored and what to use instead. */
  readonly reason: string;
}

/** How label names are validated: Prometheus 3 accepts any UTF-8; `legacy` is `[a-zA-Z_][a-zA-Z0-9_]*`. */
export type NameValidationScheme = 'utf8' | 'legacy';

/** The exposition formats a scrape may ask for, in Prometheus's spelling (case sensitive). */
export type ScrapeProtocol =
  | 'PrometheusProto'
  | 'PrometheusText0.0.4'
  | 'PrometheusText1.0.0'
  | 'OpenMetricsText0.0.1'
  | 'OpenMetricsText1.0.0';

/** The limits one scrape config applies; each defaults to the global one, 0 is no limit. */
export interface ScrapeLimits {
  readonly sampleLimit: number;
  readonly labelLimit: number;
  readonly labelNameLengthLimit: number;
  readonly labelValueLengthLimit: number;
  /** Uncompressed response body size; a bigger body fails the scrape. */
  readonly bodySizeLimitBytes: number;
  /** Targets left after relabeling; more fail every scrape of the job. */
  readonly targetLimit: number;
  /** How many dropped targets to keep for the targets page. */
  readonly keepDroppedTargets: number;
}

export interface GlobalConfig extends ScrapeLimits {
  readonly scrapeIntervalMs: number;
  readonly scrapeTimeoutMs: number;
  /** Default interval for rule groups (used once rules are evaluated). */
  readonly evaluationIntervalMs: number;
  /** How far back rule evaluation looks by default (used once rules are evaluated). */
  readonly ruleQueryOffsetMs: number;
  /** Labels added to alerts and federation; sorted, empty values dropped. */
  readonly externalLabels: Labels;
  /** Set explicitly; each scrape config falls back to it, then to Prometheus's own list. */
  readonly scrapeProtocols: readonly ScrapeProtocol[] | undefined;
  readonly nameValidation: NameValidationScheme;
}

/**
 * The discovery output shape: targets (each with `__address__`, which may be empty) sharing
 * group labels. `source` identifies the group within its provider (for static configs the
 * index, for file_sd `file:index`), so a provider can replace a group it sends again.
 */
export interface TargetGroup {
  readonly source: string;
  readonly targets: readonly Labels[];
  readonly labels: Labels;
}

export interface FileSdConfig {
  /** Absolute paths; the last path element may contain `*` and `?`. */
  readonly files: readonly string[];
  readonly refreshIntervalMs: number;
}

export interface BasicAuth {
  readonly username: string;
  readonly usernameFile: string | undefined;
  readonly password: string;
  readonly passwordFile: string | undefined;
}

/** An `Authorization: <type> <credentials>` header; `bearer_token(_file)` is read as type Bearer. */
export interface Authorization {
  readonly type: string;
  readonly credentials: string;
  readonly credentialsFile: string | undefined;
}

export type TlsVersion = 'TLS10' | 'TLS11' | 'TLS12' | 'TLS13';

/** PEM contents inline (`ca`, `cert`, `key`) or as files; at most one of each pair is set. */
export interface TlsConfig {
  readonly ca: string | undefined;
  readonly caFile: string | undefined;
  readonly cert: string | undefined;
  readonly certFile: string | undefined;
  readonly key: string | undefined;
  readonly keyFile: string | undefined;
  readonly serverName: string | undefined;
  readonly insecureSkipVerify: boolean;
  readonly minVersion: TlsVersion | undefined;
  readonly maxVersion: TlsVersion | undefined;
}

export interface ScrapeConfig extends ScrapeLimits {
  readonly jobName: string;
  readonly scrapeIntervalMs: number;
  readonly scrapeTimeoutMs: number;
  readonly metricsPath: string;
  readonly scheme: 'http' | 'https';
  /** URL query parameters, in file order; `__param_<name>` labels override the first value. */
  readonly params: ReadonlyMap<string, readonly string[]>;
  readonly honorLabels: boolean;
  readonly honorTimestamps: boolean;
  readonly enableCompression: boolean;
  readonly followRedirects: boolean;
  /** Accept header preference, most wanted first (already defaulted). */
  readonly scrapeProtocols: readonly ScrapeProtocol[];
  /** Format to assume when a target's Content-Type is missing or unknown; undefined fails such scrapes. */
  readonly fallbackScrapeProtocol: ScrapeProtocol | undefined;
  readonly nameValidation: NameValidationScheme;
  readonly staticConfigs: readonly TargetGroup[];
  readonly fileSdConfigs: readonly FileSdConfig[];
  readonly relabelConfigs: readonly RelabelConfig[];
  readonly metricRelabelConfigs: readonly RelabelConfig[];
  readonly basicAuth: BasicAuth | undefined;
  readonly authorization: Authorization | undefined;
  readonly tlsConfig: TlsConfig;
}

export type RelabelAction =
  | 'replace'
  | 'keep'
  | 'drop'
  | 'keepequal'
  | 'dropequal'
  | 'hashmod'
  | 'labelmap'
  | 'labeldrop'
  | 'labelkeep'
  | 'lowercase'
  | 'uppercase';

/** One relabel rule, validated, with Prometheus's defaults applied. Plain data: compile it to use it. */
export interface RelabelConfig {
  readonly sourceLabels: readonly string[];
  readonly separator: string;
  /** An RE2 pattern, anchored at both ends when compiled. */
  readonly regex: string;
  readonly modulus: number;
  readonly targetLabel: string;
  readonly replacement: string;
  readonly action: RelabelAction;
  /** Which label names `replace` may create (from the scrape config). */
  readonly nameValidation: NameValidationScheme;
}
