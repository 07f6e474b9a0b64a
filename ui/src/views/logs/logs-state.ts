/**
 * The Logs view's URL state: `query` (LogQL) and `limit` (lines asked for), beside the global
 * `from`/`to`. Pure: works on URLSearchParams, no DOM.
 */
export interface LogsState {
  readonly query: string;
  readonly limit: number;
}

/** What the limit picker offers; the server's default maximum is 5,000 lines per query. */
export const LIMITS: readonly number[] = [100, 500, 1000, 5000];
export const DEFAULT_LIMIT = 1000;

export function readLogsState(params: URLSearchParams): LogsState {
  const limit = Number(params.get('limit'));
  return {
    query: params.get('query') ?? '',
    limit: Number.isSafeInteger(limit) && limit > 0 ? limit : DEFAULT_LIMIT,
  };
}

export function writeLogsState(params: URLSearchParams, state: LogsState): URLSearchParams {
  const out = new URLSearchParams(params);
  if (state.query === '') out.delete('query');
  else out.set('query', state.query);
  if (state.limit === DEFAULT_LIMIT) out.delete('limit');
  else out.set('limit', String(state.limit));
  return out;
}
