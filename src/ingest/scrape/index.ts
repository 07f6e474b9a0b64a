export { ScrapeManager } from './pool/scrape-manager.js';
export type { ScrapePoolDeps, DroppedTargetStatus } from './pool/scrape-pool.js';
export type { TargetStatus, TargetHealth } from './loop/scrape-loop.js';
export type { TargetMetadata } from './loop/scrape-assembly.js';
export type { PrometheusConfig, UnsupportedKey } from '../../config/prometheus/index.js';
export { PrometheusConfigError, loadPrometheusConfig, parsePrometheusConfig } from '../../config/prometheus/index.js';
