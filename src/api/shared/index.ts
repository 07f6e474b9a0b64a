export { readParam, readParams } from './request-params.js';
export { registerFormBodyParser } from './form-body.js';
export { abortOnDisconnect } from './abort-on-disconnect.js';
export { parseRfc3339Nanos } from './rfc3339.js';
export { parsePrometheusDurationMs as parseDurationMs } from '../../model/index.js';
export { httpStatusOf, normalizeApiError } from './api-error.js';
