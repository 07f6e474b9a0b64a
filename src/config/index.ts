export type { OmniscopeConfig, LogLevel } from './schema.js';
export { configSchema } from './schema.js';
export type { ConfigOverrides } from './load-config.js';
export { ConfigError, loadConfig, ENVIRONMENT_KEYS } from './load-config.js';
export { parseDurationMs, formatDurationMs } from './duration.js';
export { parseByteSize } from './byte-size.js';
