import type { SpanBatch } from '../../model/index.js';
import { anyValueToString, getAttribute } from '../../model/index.js';
import type { TraceSearchQuery, TracesReader } from '../../store/contract.js';
import type { JaegerSearchParams } from './jaeger-search-params.js';
import { derivedSpanTags } from './jaeger-tags.js';

/**
 * Tags Jaeger shows on a span that are not OTLP attributes but derived from other span fields
 * (see `spanToJaegerTags`); the store cannot match them, so searches using them are filtered here.
 */
const DERIVED_TAG_KEYS = new Set([
  'span.kind',
  'error',
  'otel.status_code',
  'otel.status_description',
  'w3c.tracestate',
  'otel.scope.name',
  'otel.scope.version',
]);

/** The most traces fetched from the store for one search that needs filtering here. */
const MAX_FILTERED_CANDIDATES = 10_000;

/**
 * Runs a Jaeger search: traces with at least one span that satisfies every condition (service,
 * operation, tags, durations, start in range), at most `limit`, most recent first, each trace
 * complete (every stored span, fetched by id).
 *
 * Conditions on attributes go to the store. Conditions on derived tags (`error=true`,
 * `span.kind=server`, ...) are checked here on the fetched traces, together with every other
 * condition on the same span; since the store's limit then counts unfiltered candidates, the
 * candidate limit grows (×4 per round, up to 10,000 traces) until `limit` traces pass or the
 * store has no more.
 */
export async function searchJaegerTraces(
  traces: TracesReader,
  tenant: string,
  p: JaegerSearchParams,
  signal: AbortSignal,
): Promise<SpanBatch[]> {
  const storeTags: { key: string; value: string }[] = [];
  let filterHere = false;
  for (const [key, value] of p.tags) {
    if (DERIVED_TAG_KEYS.has(key)) filterHere = true;
    else storeTags.push({ key, value });
  }
  const query: TraceSearchQuery = {
    tenant,
    ...(p.serviceName !== undefined ? { serviceName: p.serviceName } : {}),
    ...(p.operationName !== undefined ? { spanName: p.operationName } : {}),
    ...(storeTags.length > 0 ? { attributes: storeTags } : {}),
    ...(p.minDurationNanos !== undefined && p.minDurationNanos !== 0n ? { minDurationNanos: p.minDurationNanos } : {}),
    ...(p.maxDurationNanos !== undefined && p.maxDurationNanos !== 0n ? { maxDurationNanos: p.maxDurationNanos } : {}),
    startUnixNano: p.startUnixNano,
    endUnixNano: p.endUnixNano,
    limit: p.limit,
  };
  if (!filterHere) {
    const found = await traces.searchTraces(query, signal);
    const batches = await Promise.all(found.map((s) => traces.getTrace(tenant, s.traceId, undefined, signal)));
    return batches.filter((b): b is SpanBatch => b !== null && b.length > 0);
  }
  const fetched = new Map<string, SpanBatch | null>();
  let candidates = Math.min(p.limit, MAX_FILTERED_CANDIDATES);
  for (;;) {
    const found = await traces.searchTraces({ ...query, limit: candidates }, signal);
    const missing = found.filter((s) => !fetched.has(s.traceId));
    const batches = await Promise.all(missing.map((s) => traces.getTrace(tenant, s.traceId, undefined, signal)));
    missing.forEach((s, i) => fetched.set(s.traceId, batches[i] ?? null));
    const results: SpanBatch[] = [];
    for (const s of found) {
      const batch = fetched.get(s.traceId);
      if (batch !== null && batch !== undefined && someSpanMatches(batch, p)) results.push(batch);
      if (results.length === p.limit) return results;
    }
    if (found.length < candidates || candidates >= MAX_FILTERED_CANDIDATES) return results;
    candidates = Math.min(candidates * 4, MAX_FILTERED_CANDIDATES);
  }
}

/** Whether one span of the batch meets every condition of the search, derived tags included. */
export function someSpanMatches(b: SpanBatch, p: JaegerSearchParams): boolean {
  for (let i = 0; i < b.length; i++) if (spanMatches(b, i, p)) return true;
  return false;
}

function spanMatches(b: SpanBatch, i: number, p: JaegerSearchParams): boolean {
  const resource = b.resources[b.resourceIndex[i] ?? -1];
  const scope = b.scopes[b.scopeIndex[i] ?? -1];
  const start = b.startTimeUnixNano[i] ?? 0n;
  const duration = (b.endTimeUnixNano[i] ?? 0n) - start;
  if (resource === undefined || start < p.startUnixNano || start > p.endUnixNano) return false;
  if (p.serviceName !== undefined && resource.serviceName !== p.serviceName) return false;
  if (p.operationName !== undefined && b.name[i] !== p.operationName) return false;
  if (p.minDurationNanos !== undefined && p.minDurationNanos !== 0n && duration < p.minDurationNanos) return false;
  if (p.maxDurationNanos !== undefined && p.maxDurationNanos !== 0n && duration > p.maxDurationNanos) return false;
  if (p.tags.size === 0) return true;
  const derived = new Map<string, string>();
  if (scope !== undefined && scope.name !== '') derived.set('otel.scope.name', scope.name);
  if (scope !== undefined && scope.version !== '') derived.set('otel.scope.version', scope.version);
  const sources = { kind: b.kind[i] ?? 0, statusCode: b.statusCode[i] ?? 0, statusMessage: b.statusMessage[i] ?? '', traceState: b.traceState[i] ?? '' };
  for (const t of derivedSpanTags(sources)) derived.set(t.key, String(t.value));
  const attrs = b.attributes[i] ?? [];
  for (const [key, value] of p.tags) {
    const own = getAttribute(attrs, key);
    const fromResource = getAttribute(resource.attributes, key);
    if (own !== undefined && anyValueToString(own) === value) continue;
    if (fromResource !== undefined && anyValueToString(fromResource) === value) continue;
    if (derived.get(key) === value) continue;
    return false;
  }
  return true;
}
