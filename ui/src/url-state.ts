/**
 * Every view's state lives in the URL's query string, so a copied link reopens the same view.
 * Global: `from`, `to`. Metrics: one `q` per query (in order), `mode` (graph|table),
 * `stacked` (1). Pure: works on URLSearchParams, no DOM.
 */
import { DEFAULT_RANGE } from './time-range';
import type { TimeRange } from './time-range';

export type MetricsMode = 'graph' | 'table';

export interface MetricsState {
  readonly queries: readonly string[];
  readonly mode: MetricsMode;
  readonly stacked: boolean;
}

export function readRange(params: URLSearchParams): TimeRange {
  return { from: params.get('from') ?? DEFAULT_RANGE.from, to: params.get('to') ?? DEFAULT_RANGE.to };
}

export function writeRange(params: URLSearchParams, range: TimeRange): URLSearchParams {
  const out = new URLSearchParams(params);
  out.set('from', range.from);
  out.set('to', range.to);
  return out;
}

export function readMetricsState(params: URLSearchParams): MetricsState {
  const queries = params.getAll('q');
  return {
    queries: queries.length > 0 ? queries : [''],
    mode: params.get('mode') === 'table' ? 'table' : 'graph',
    stacked: params.get('stacked') === '1',
  };
}

export function writeMetricsState(params: URLSearchParams, state: MetricsState): URLSearchParams {
  const out = new URLSearchParams(params);
  out.delete('q');
  for (const q of state.queries) out.append('q', q);
  out.set('mode', state.mode);
  if (state.stacked) out.set('stacked', '1');
  else out.delete('stacked');
  return out;
}

/** Only the global part (the range), for links from one view to another. */
export function globalParams(params: URLSearchParams): URLSearchParams {
  const out = new URLSearchParams();
  for (const key of ['from', 'to']) {
    const v = params.get(key);
    if (v !== null) out.set(key, v);
  }
  return out;
}
