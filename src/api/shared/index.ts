export { readParam, readParams } from './request-params.js';
export { registerFormBodyParser } from './form-body.js';
export { abortOnDisconnect } from './abort-on-disconnect.js';
export { parsePrometheusDurationMs as parseDurationMs, parseRfc3339Nanos } from '../../model/index.js';
export { httpStatusOf, normalizeApiError } from './api-error.js';
