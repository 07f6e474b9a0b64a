/**
 * The body of Tempo's `GET /api/status/buildinfo` (Prometheus' common build-info shape).
 * Grafana's Tempo data source reads `version` to decide which features the server supports, so
 * the default reports the Tempo API level Omniscope implements rather than Omniscope's own
 * version.
 */
export interface TempoBuildInfo {
  readonly version: string;
  readonly revision: string;
  readonly branch: string;
  readonly buildUser: string;
  readonly buildDate: string;
  readonly goVersion: string;
}

export const DEFAULT_TEMPO_BUILD_INFO: TempoBuildInfo = {
  version: '2.9.0',
  revision: 'omniscope',
  branch: 'HEAD',
  buildUser: 'omniscope',
  buildDate: '',
  goVersion: 'none (Omniscope, Node.js)',
};
