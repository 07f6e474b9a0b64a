export type { PrometheusApiOptions } from './plugin.js';
export { prometheusApiPlugin } from './plugin.js';
export type { PrometheusErrorType } from './errors.js';
export { sendPrometheusError } from './errors.js';
export { parsePrometheusTimeMs, MIN_TIME_MS, MAX_TIME_MS } from './time-param.js';
export { COMPATIBLE_PROMETHEUS_VERSION } from './buildinfo-handler.js';
