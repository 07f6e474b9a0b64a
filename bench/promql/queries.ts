/**
 * The query battery: what a dashboard over the generated data asks. Each query runs as a
 * range query over the whole hour at a 60 s step, and as an instant query at the last
 * timestamp.
 */
export interface BenchQuery {
  /** Short name for the table. */
  readonly name: string;
  readonly expr: string;
}

export const QUERIES: readonly BenchQuery[] = [
  { name: 'count', expr: 'count(bench_http_requests_total)' },
  { name: 'sum-rate', expr: 'sum by (job) (rate(bench_http_requests_total[5m]))' },
  { name: 'histogram-p99', expr: 'histogram_quantile(0.99, sum by (le, job) (rate(bench_http_request_duration_seconds_bucket[5m])))' },
  { name: 'topk-instance', expr: 'topk(10, sum by (instance) (rate(bench_http_requests_total[5m])))' },
  { name: 'avg-over-time-agg', expr: 'avg by (kind) (avg_over_time(bench_gauge[10m]))' },
  { name: 'avg-over-time-raw', expr: 'avg_over_time(bench_gauge[10m])' },
  { name: 'subquery', expr: 'max_over_time(sum by (job) (rate(bench_http_requests_total[5m]))[30m:1m])' },
  { name: 'group-left', expr: 'sum by (instance, job) (rate(bench_http_requests_total[5m])) * on (instance, job) group_left(version) bench_build_info' },
  { name: 'regex', expr: 'sum(rate(bench_http_requests_total{instance=~"host-1.*", status=~"5.."}[5m]))' },
];

export type QueryKind = 'range' | 'instant';

export const RANGE_STEP_S = 60;

/** The request path and parameters of a query over the hour ending at `endMs`. */
export function queryPath(expr: string, kind: QueryKind, startMs: number, endMs: number): string {
  if (kind === 'instant') return `/api/v1/query?${new URLSearchParams({ query: expr, time: String(endMs / 1000) })}`;
  return `/api/v1/query_range?${new URLSearchParams({ query: expr, start: String(startMs / 1000), end: String(endMs / 1000), step: String(RANGE_STEP_S) })}`;
}
