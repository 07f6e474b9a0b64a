export type { RunningOmniscope } from './start-omniscope.js';
export { startOmniscope, ListenError } from './start-omniscope.js';
export { createLogger } from './logger.js';
export type { Logger } from './logger.js';
export { VERSION } from './version.js';
export { PrometheusConfigLoadError } from './scrape-service.js';
