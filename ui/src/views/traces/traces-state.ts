/**
 * The Traces view's state in the URL: the search (`service`, `operation`, `tags`,
 * `minDuration`, `maxDuration`, `limit`, `sort`), the open trace (`trace`) and its selected span
 * (`span`), beside the global `from`/`to`. Also the Jaeger search request and the link to the
 * trace's logs. Pure: works on URLSearchParams, no DOM.
 */
import { formatAbsolute } from '../../time-range';
import type { ResolvedRange } from '../../time-range';

export type TraceSort = 'recent' | 'longest' | 'shortest' | 'spans';
export const SORTS: readonly { readonly value: TraceSort; readonly label: string }[] = [
  { value: 'recent', label: 'Most recent' },
  { value: 'longest', label: 'Longest first' },
  { value: 'shortest', label: 'Shortest first' },
  { value: 'spans', label: 'Most spans' },
];

export interface TraceSearch {
  readonly service: string;
  readonly operation: string;
  /** As typed: `key=value key2="a b"`. */
  readonly tags: string;
  /** Go durations as Jaeger takes them: `100ms`, `1.5s`. */
  readonly minDuration: string;
  readonly maxDuration: string;
  readonly limit: number;
  readonly sort: TraceSort;
}

export const DEFAULT_LIMIT = 20;
const SEARCH_KEYS = ['service', 'operation', 'tags', 'minDuration', 'maxDuration', 'limit', 'sort'] as const;

export function readTraceSearch(params: URLSearchParams): TraceSearch {
  const limit = Number(params.get('limit'));
  const sort = params.get('sort');
  return {
    service: params.get('service') ?? '',
    operation: params.get('operation') ?? '',
    tags: params.get('tags') ?? '',
    minDuration: params.get('minDuration') ?? '',
    maxDuration: params.get('maxDuration') ?? '',
    limit: Number.isInteger(limit) && limit > 0 ? Math.min(limit, 1500) : DEFAULT_LIMIT,
    sort: SORTS.some((s) => s.value === sort) ? (sort as TraceSort) : 'recent',
  };
}

/** The search in the URL (empty fields left out); closes any open trace. */
export function writeTraceSearch(params: URLSearchParams, s: TraceSearch): URLSearchParams {
  const out = new URLSearchParams(params);
  for (const k of [...SEARCH_KEYS, 'trace', 'span']) out.delete(k);
  const values: Record<(typeof SEARCH_KEYS)[number], string> = {
    service: s.service,
    operation: s.operation,
    tags: s.tags.trim(),
    minDuration: s.minDuration.trim(),
    maxDuration: s.maxDuration.trim(),
    limit: s.limit === DEFAULT_LIMIT ? '' : String(s.limit),
    sort: s.sort === 'recent' ? '' : s.sort,
  };
  for (const k of SEARCH_KEYS) if (values[k] !== '') out.set(k, values[k]);
  return out;
}

/** Opens (or with null closes) a trace, keeping the search so "Back to results" works. */
export function writeOpenTrace(params: URLSearchParams, traceId: string | null, spanId: string | null = null): URLSearchParams {
  const out = new URLSearchParams(params);
  if (traceId === null) out.delete('trace');
  else out.set('trace', traceId);
  if (spanId === null) out.delete('span');
  else out.set('span', spanId);
  return out;
}

/**
 * Tags as typed to Jaeger's `tags` JSON: `key=value` pairs separated by spaces, a value in double
 * quotes may hold spaces (`\"` inside); a JSON object is taken as it is.
 */
export function parseTagsText(text: string): { readonly tags: Record<string, string> } | { readonly error: string } {
  const t = text.trim();
  if (t === '') return { tags: {} };
  if (t.startsWith('{')) {
    try {
      const obj = JSON.parse(t) as unknown;
      if (obj === null || typeof obj !== 'object' || Array.isArray(obj)) return { error: 'tags: a JSON object of strings was expected' };
      return { tags: Object.fromEntries(Object.entries(obj).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)])) };
    } catch (e) {
      return { error: `tags: not valid JSON (${(e as Error).message})` };
    }
  }
  const tags: Record<string, string> = {};
  const re = /\s*([^\s=]+)=(?:"((?:[^"\\]|\\.)*)"|([^\s"]*))\s*/y;
  let pos = 0;
  while (pos < t.length) {
    re.lastIndex = pos;
    const m = re.exec(t);
    if (m === null) return { error: `tags: expected key=value at "${t.slice(pos, pos + 20)}" (quote values with spaces: key="a b")` };
    tags[m[1] as string] = m[2] !== undefined ? m[2].replace(/\\(.)/g, '$1') : (m[3] as string);
    pos = re.lastIndex;
  }
  return { tags };
}

const GO_DURATION = /^(\d+(\.\d+)?(ns|us|µs|ms|s|m|h))+$/;

/** Null when `text` is empty or a Go duration (what Jaeger's minDuration takes), else why not. */
export function durationError(text: string): string | null {
  const t = text.trim();
  if (t === '' || GO_DURATION.test(t)) return null;
  return `"${t}" is not a duration: use e.g. 250ms, 1.5s, 2m`;
}

/** The query string of `GET /jaeger/api/traces` for a search over `range`, or why it cannot be sent. */
export function searchRequest(s: TraceSearch, range: ResolvedRange): { readonly query: URLSearchParams } | { readonly error: string } {
  const tags = parseTagsText(s.tags);
  if ('error' in tags) return tags;
  const bad = durationError(s.minDuration) ?? durationError(s.maxDuration);
  if (bad !== null) return { error: bad };
  const q = new URLSearchParams({ service: s.service });
  if (s.operation !== '') q.set('operation', s.operation);
  if (Object.keys(tags.tags).length > 0) q.set('tags', JSON.stringify(tags.tags));
  if (s.minDuration.trim() !== '') q.set('minDuration', s.minDuration.trim());
  if (s.maxDuration.trim() !== '') q.set('maxDuration', s.maxDuration.trim());
  q.set('start', String(Math.floor(range.startMs * 1000)));
  q.set('end', String(Math.ceil(range.endMs * 1000)));
  q.set('limit', String(s.limit));
  return { query: q };
}

const quoteLogql = (s: string): string => `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;

/**
 * The Logs view's parameters for a trace's logs: the root service's stream filtered on the
 * `trace_id` structured metadata (`{service_name="..."} | trace_id="..."`), which OTLP log
 * records carry as their trace context (their text need not mention it, so not a `|=` line
 * filter), over the trace's time span widened by a minute each side (whole seconds, local time,
 * the picker's format). The id is written as logs store it: 32 lowercase hex digits (Jaeger
 * shortens 64-bit ids to 16).
 */
export function logsLinkParams(service: string, traceId: string, startUs: number, durationUs: number): URLSearchParams {
  const padMs = 60_000;
  const fromMs = Math.floor(startUs / 1000 / 1000) * 1000 - padMs;
  const toMs = Math.ceil((startUs + durationUs) / 1000 / 1000) * 1000 + padMs;
  return new URLSearchParams({
    query: `{service_name=${quoteLogql(service)}} | trace_id=${quoteLogql(traceId.toLowerCase().padStart(32, '0'))}`,
    from: formatAbsolute(fromMs),
    to: formatAbsolute(toMs),
  });
}
