export type { TempoApiOptions } from './tempo-api-plugin.js';
export { tempoApiPlugin } from './tempo-api-plugin.js';
export type { TempoBuildInfo } from './build-info.js';
export { DEFAULT_TEMPO_BUILD_INFO } from './build-info.js';
export { sendTempoError } from './tempo-errors.js';
export { parseTempoTraceId } from './tempo-trace-id.js';
