import type { PrometheusContext } from './context.js';
import { success } from './context.js';

/** The Prometheus version whose HTTP API we answer like; clients such as Grafana use it to pick features. */
export const COMPATIBLE_PROMETHEUS_VERSION = '2.42.0';

/**
 * `GET /api/v1/status/buildinfo`: Prometheus's fields (version, revision, branch, buildUser,
 * buildDate, goVersion) describing the compatible Prometheus version, plus `application` and
 * `applicationVersion` naming Omniscope itself.
 */
export function buildInfoHandler(ctx: PrometheusContext) {
  const data = {
    version: COMPATIBLE_PROMETHEUS_VERSION,
    revision: `omniscope-${ctx.omniscopeVersion}`,
    branch: 'omniscope',
    buildUser: 'omniscope',
    buildDate: 'unknown',
    goVersion: `none (Node.js ${process.version})`,
    application: 'omniscope',
    applicationVersion: ctx.omniscopeVersion,
  };
  return async (): Promise<unknown> => success(data);
}
