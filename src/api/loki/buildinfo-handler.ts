import type { LokiContext } from './context.js';

/** The Loki version whose HTTP API we answer like. */
export const COMPATIBLE_LOKI_VERSION = '3.0.0';

/**
 * `GET /loki/api/v1/status/buildinfo`: Loki's fields (no status envelope, as Loki answers)
 * plus `application`/`applicationVersion` naming Omniscope.
 */
export function buildInfoHandler(ctx: LokiContext) {
  const data = {
    version: COMPATIBLE_LOKI_VERSION,
    revision: `omniscope-${ctx.omniscopeVersion}`,
    branch: 'omniscope',
    buildUser: 'omniscope',
    buildDate: 'unknown',
    goVersion: `none (Node.js ${process.version})`,
    application: 'omniscope',
    applicationVersion: ctx.omniscopeVersion,
  };
  return async (): Promise<unknown> => data;
}
