/**
 * A small client for the parts of the Prometheus HTTP API that the scrape side-by-side suite
 * reads, the same calls against a real Prometheus and against Omniscope (optionally as a
 * tenant, with X-Scope-OrgID).
 */

export type Labels = Record<string, string>;
export type Sample = [number, string];
export interface VectorElement {
  readonly metric: Labels;
  readonly value: Sample;
}
export interface MatrixElement {
  readonly metric: Labels;
  readonly values: Sample[];
}

export interface ApiTarget {
  readonly labels: Labels;
  readonly discoveredLabels: Labels;
  readonly scrapePool: string;
  readonly scrapeUrl: string;
  readonly globalUrl: string;
  readonly health: string;
  readonly lastError: string;
  readonly scrapeInterval: string;
  readonly scrapeTimeout: string;
}

export interface TargetMetadata {
  readonly target: Labels;
  readonly metric: string;
  readonly type: string;
  readonly help: string;
  readonly unit: string;
}

/** One server's API: a base URL and, for Omniscope, the tenant to read as. */
export interface ApiPeer {
  readonly name: string;
  readonly baseUrl: string;
  readonly tenant?: string;
}

type Params = Record<string, string | number | readonly string[]>;

/** GET `path` with `params` (arrays become repeated parameters) and return `data`; throws on any error status. */
export async function apiGet<T>(peer: ApiPeer, path: string, params: Params = {}): Promise<T> {
  const search = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (typeof v === 'object') for (const item of v) search.append(k, item);
    else search.set(k, String(v));
  }
  const headers: Record<string, string> = peer.tenant === undefined ? {} : { 'X-Scope-OrgID': peer.tenant };
  const res = await fetch(`${peer.baseUrl}${path}?${search.toString()}`, { headers });
  const text = await res.text();
  let body: { status?: string; data?: T; error?: string };
  try {
    body = JSON.parse(text) as typeof body;
  } catch {
    throw new Error(`${peer.name} GET ${path} ${search.toString()}: status ${res.status}, not JSON: ${text.slice(0, 300)}`);
  }
  if (res.status !== 200 || body.status !== 'success' || body.data === undefined) {
    throw new Error(`${peer.name} GET ${path} ${search.toString()}: status ${res.status}: ${body.error ?? text.slice(0, 300)}`);
  }
  return body.data;
}

export const instantQuery = <T = VectorElement[]>(peer: ApiPeer, query: string, timeSec: number): Promise<T> =>
  apiGet<{ result: T }>(peer, '/api/v1/query', { query, time: timeSec }).then((d) => d.result);

export const rangeQuery = (peer: ApiPeer, query: string, startSec: number, endSec: number, step: string): Promise<MatrixElement[]> =>
  apiGet<{ result: MatrixElement[] }>(peer, '/api/v1/query_range', { query, start: startSec, end: endSec, step }).then((d) => d.result);

export const seriesOf = (peer: ApiPeer, match: string, startSec: number, endSec: number): Promise<Labels[]> =>
  apiGet<Labels[]>(peer, '/api/v1/series', { 'match[]': [match], start: startSec, end: endSec });

export const metricNamesOf = (peer: ApiPeer, match: string, startSec: number, endSec: number): Promise<string[]> =>
  apiGet<string[]>(peer, '/api/v1/label/__name__/values', { 'match[]': [match], start: startSec, end: endSec });

export const targetsOf = (peer: ApiPeer): Promise<{ activeTargets: ApiTarget[] }> => apiGet(peer, '/api/v1/targets', { state: 'active' });

export const targetMetadataOf = (peer: ApiPeer, matchTarget: string): Promise<TargetMetadata[]> =>
  apiGet<TargetMetadata[]>(peer, '/api/v1/targets/metadata', { match_target: matchTarget });

/** A label set as one sortable string: `{a="1", b="2"}` with names sorted. */
export function labelsKey(labels: Labels): string {
  return `{${Object.keys(labels)
    .sort()
    .map((k) => `${k}=${JSON.stringify(labels[k])}`)
    .join(', ')}}`;
}

/** Elements of `a` missing from `b`, sorted (at most `limit`, then a count of the rest). */
export function missingFrom(a: Iterable<string>, b: ReadonlySet<string>, limit = 20): string[] {
  const missing = [...a].filter((x) => !b.has(x)).sort();
  return missing.length > limit ? [...missing.slice(0, limit), `... and ${missing.length - limit} more`] : missing;
}

export { waitFor } from '../../helpers/wait-for.js';

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
