export type {
  Authorization,
  BasicAuth,
  FileSdConfig,
  GlobalConfig,
  NameValidationScheme,
  PrometheusConfig,
  RelabelAction,
  RelabelConfig,
  ScrapeConfig,
  ScrapeLimits,
  ScrapeProtocol,
  TargetGroup,
  TlsConfig,
  TlsVersion,
  UnsupportedKey,
} from './types.js';
export { PrometheusConfigError } from './errors.js';
export { loadPrometheusConfig, parsePrometheusConfig } from './parse-prometheus-config.js';
export { isValidLabelName, isValidLabelValue } from './label-names.js';
export { parseTargetGroupsYaml } from './parse-discovery.js';
export { DEFAULT_REGEX, DEFAULT_REPLACEMENT, DEFAULT_SEPARATOR } from './parse-relabel-config.js';
