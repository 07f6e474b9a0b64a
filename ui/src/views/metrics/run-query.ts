/** Runs one PromQL query for a panel: a range query for the graph, an instant one for the table. */
import { promApi } from '../../api-client';
import { stepSecondsFor } from '../../time-range';
import type { ResolvedRange } from '../../time-range';

export type Metric = Readonly<Record<string, string>>;

export type QueryResult =
  | { readonly resultType: 'matrix'; readonly result: readonly { readonly metric: Metric; readonly values: readonly [number, string][] }[] }
  | { readonly resultType: 'vector'; readonly result: readonly { readonly metric: Metric; readonly value: [number, string] }[] }
  | { readonly resultType: 'scalar'; readonly result: [number, string] }
  | { readonly resultType: 'string'; readonly result: [number, string] };

export interface RangeAnswer {
  readonly data: QueryResult;
  readonly stepSeconds: number;
}

export async function runRangeQuery(query: string, range: ResolvedRange, signal: AbortSignal): Promise<RangeAnswer> {
  const stepSeconds = stepSecondsFor(range);
  const data = await promApi<QueryResult>(
    '/api/v1/query_range',
    { query, start: String(range.startMs / 1000), end: String(range.endMs / 1000), step: String(stepSeconds) },
    signal,
  );
  return { data, stepSeconds };
}

export function runInstantQuery(query: string, timeMs: number, signal: AbortSignal): Promise<QueryResult> {
  return promApi<QueryResult>('/api/v1/query', { query, time: String(timeMs / 1000) }, signal);
}

/** `name{a="1", b="2"}`, the way Prometheus prints a series. */
export function seriesName(metric: Metric): string {
  const { __name__: name, ...rest } = metric;
  const labels = Object.keys(rest)
    .sort()
    .map((k) => `${k}="${rest[k] ?? ''}"`)
    .join(', ');
  if (labels === '') return name ?? '{}';
  return `${name ?? ''}{${labels}}`;
}
