import type { KeyRules } from './fields.js';

// Every key Prometheus (2.x and 3.x) accepts in the sections Omniscope reads, split into the ones
// Omniscope acts on and the ones it recognises but ignores, each with the reason the user sees.
// Anything else is a typo and an error.

const NOT_YET = 'not supported yet';
const SERVICE_DISCOVERY = 'service discovery kind not supported by Omniscope; use static_configs or file_sd_configs';
const NATIVE_HISTOGRAMS = 'native histograms are not supported by Omniscope';
const SECRET_REF = 'secret references need a secret manager, which Omniscope does not have; use the *_file form';
const PROXY = 'scraping through a proxy is not supported';

/** Prometheus's service discovery mechanisms other than static and file (the key is `<name>_sd_configs`). */
const SD_MECHANISMS = [
  'aws', 'azure', 'consul', 'digitalocean', 'dns', 'docker', 'dockerswarm', 'ec2', 'ecs', 'elasticache',
  'eureka', 'gce', 'hetzner', 'http', 'ionos', 'kubernetes', 'kuma', 'lightsail', 'linode', 'marathon',
  'msk', 'nerve', 'nomad', 'oci', 'openstack', 'outscale', 'ovhcloud', 'puppetdb', 'rds', 'scaleway',
  'serverset', 'stackit', 'triton', 'uyuni', 'vultr',
];

export const TOP_LEVEL_KEYS: KeyRules = {
  what: 'the Prometheus configuration',
  supported: new Set(['global', 'scrape_configs']),
  unsupported: new Map([
    ['rule_files', `${NOT_YET}: recording and alerting rules will be read from here later`],
    ['alerting', `${NOT_YET}: sending alerts will be configured here later`],
    ['scrape_config_files', `${NOT_YET}: move these scrape configs into this file`],
    ['remote_write', 'Omniscope stores scraped samples itself; forwarding with remote write is not supported'],
    ['remote_read', 'remote read is not supported'],
    ['storage', 'storage is configured in omniscope.yml'],
    ['tracing', "Omniscope's own tracing is not configured here"],
    ['otlp', 'OTLP ingestion is configured in omniscope.yml'],
    ['runtime', 'Go runtime settings do not apply to Omniscope'],
  ]),
};

export const GLOBAL_KEYS: KeyRules = {
  what: 'the global section',
  supported: new Set([
    'scrape_interval', 'scrape_timeout', 'evaluation_interval', 'rule_query_offset', 'external_labels',
    'body_size_limit', 'sample_limit', 'target_limit', 'label_limit', 'label_name_length_limit',
    'label_value_length_limit', 'keep_dropped_targets', 'scrape_protocols', 'metric_name_validation_scheme',
  ]),
  unsupported: new Map([
    ['query_log_file', 'logging PromQL queries to a file is not supported'],
    ['scrape_failure_log_file', 'logging scrape failures to a file is not supported'],
    ['metric_name_escaping_scheme', 'negotiating a metric name escaping scheme is not supported'],
    ['scrape_native_histograms', NATIVE_HISTOGRAMS],
    ['convert_classic_histograms_to_nhcb', NATIVE_HISTOGRAMS],
    ['always_scrape_classic_histograms', NATIVE_HISTOGRAMS],
    ['extra_scrape_metrics', 'the extra scrape_* metrics are not supported'],
  ]),
};

export const SCRAPE_CONFIG_KEYS: KeyRules = {
  what: 'a scrape config',
  supported: new Set([
    'job_name', 'honor_labels', 'honor_timestamps', 'params', 'scrape_interval', 'scrape_timeout',
    'scrape_protocols', 'fallback_scrape_protocol', 'metrics_path', 'scheme', 'enable_compression',
    'body_size_limit', 'sample_limit', 'target_limit', 'label_limit', 'label_name_length_limit',
    'label_value_length_limit', 'keep_dropped_targets', 'metric_name_validation_scheme',
    'relabel_configs', 'metric_relabel_configs', 'static_configs', 'file_sd_configs',
    // The HTTP client settings Prometheus inlines into each scrape config.
    'basic_auth', 'authorization', 'bearer_token', 'bearer_token_file', 'tls_config', 'follow_redirects',
  ]),
  unsupported: new Map([
    ...SD_MECHANISMS.map((name): [string, string] => [`${name}_sd_configs`, SERVICE_DISCOVERY]),
    ['track_timestamps_staleness', 'staleness markers for samples with explicit timestamps are not supported'],
    ['scrape_native_histograms', NATIVE_HISTOGRAMS],
    ['scrape_classic_histograms', NATIVE_HISTOGRAMS],
    ['always_scrape_classic_histograms', NATIVE_HISTOGRAMS],
    ['convert_classic_histograms_to_nhcb', NATIVE_HISTOGRAMS],
    ['native_histogram_bucket_limit', NATIVE_HISTOGRAMS],
    ['native_histogram_min_bucket_factor', NATIVE_HISTOGRAMS],
    ['scrape_failure_log_file', 'logging scrape failures to a file is not supported'],
    ['metric_name_escaping_scheme', 'negotiating a metric name escaping scheme is not supported'],
    ['extra_scrape_metrics', 'the extra scrape_* metrics are not supported'],
    ['oauth2', 'OAuth 2.0 is not supported; use authorization or basic_auth'],
    ['enable_http2', 'ignored: Omniscope scrapes over HTTP/1.1'],
    ['http_headers', `${NOT_YET}: custom scrape request headers`],
    ['proxy_url', PROXY],
    ['no_proxy', PROXY],
    ['proxy_from_environment', PROXY],
    ['proxy_connect_header', PROXY],
  ]),
};

export const RELABEL_CONFIG_KEYS: KeyRules = {
  what: 'a relabel config',
  supported: new Set(['source_labels', 'separator', 'regex', 'modulus', 'target_label', 'replacement', 'action']),
  unsupported: new Map(),
};

export const STATIC_CONFIG_KEYS: KeyRules = {
  what: 'a static config',
  supported: new Set(['targets', 'labels']),
  unsupported: new Map(),
};

export const TARGET_GROUP_FILE_KEYS: KeyRules = {
  what: 'a file_sd target group',
  supported: new Set(['targets', 'labels']),
  unsupported: new Map(),
};

export const FILE_SD_CONFIG_KEYS: KeyRules = {
  what: 'a file_sd config',
  supported: new Set(['files', 'refresh_interval']),
  unsupported: new Map(),
};

export const BASIC_AUTH_KEYS: KeyRules = {
  what: 'basic_auth',
  supported: new Set(['username', 'username_file', 'password', 'password_file']),
  unsupported: new Map([
    ['username_ref', SECRET_REF],
    ['password_ref', SECRET_REF],
  ]),
};

export const AUTHORIZATION_KEYS: KeyRules = {
  what: 'authorization',
  supported: new Set(['type', 'credentials', 'credentials_file']),
  unsupported: new Map([['credentials_ref', SECRET_REF]]),
};

export const TLS_CONFIG_KEYS: KeyRules = {
  what: 'tls_config',
  supported: new Set(['ca', 'ca_file', 'cert', 'cert_file', 'key', 'key_file', 'server_name', 'insecure_skip_verify', 'min_version', 'max_version']),
  unsupported: new Map([
    ['ca_ref', SECRET_REF],
    ['cert_ref', SECRET_REF],
    ['key_ref', SECRET_REF],
  ]),
};
