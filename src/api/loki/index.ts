export type { LokiApiOptions } from './plugin.js';
export { lokiApiPlugin } from './plugin.js';
export { sendLokiError } from './errors.js';
export { parseLokiTimeNanos } from './time-params.js';
export { COMPATIBLE_LOKI_VERSION } from './buildinfo-handler.js';
