/** The traces a search found: root service and operation, duration (with a bar to compare), span count, errors, services. */
import { useMemo } from 'react';
import { useRequest } from '../../shell/use-request';
import { resolveRange } from '../../time-range';
import type { TimeRange } from '../../time-range';
import { searchTraces } from './trace-api';
import { summarizeTrace } from './span-tree';
import type { TraceSummary } from './span-tree';
import { SORTS, searchRequest } from './traces-state';
import type { TraceSearch, TraceSort } from './traces-state';
import { formatDurationUs, serviceColors } from './waterfall-layout';

interface Props {
  readonly search: TraceSearch;
  readonly range: TimeRange;
  readonly refreshTick: number;
  readonly onOpen: (traceId: string) => void;
  readonly traceHref: (traceId: string) => string;
  readonly onSort: (sort: TraceSort) => void;
}

const SORTERS: Record<TraceSort, (a: TraceSummary, b: TraceSummary) => number> = {
  recent: (a, b) => b.startUs - a.startUs,
  longest: (a, b) => b.durationUs - a.durationUs,
  shortest: (a, b) => a.durationUs - b.durationUs,
  spans: (a, b) => b.spanCount - a.spanCount,
};

function startText(us: number): string {
  const d = new Date(us / 1000);
  return `${d.toLocaleDateString(undefined, { month: 'short', day: 'numeric' })} ${d.toLocaleTimeString(undefined, { hour12: false })}`;
}

export function SearchResults({ search, range, refreshTick, onOpen, traceHref, onSort }: Props) {
  const { service, operation, tags, minDuration, maxDuration, limit } = search;
  const { from, to } = range;

  const outcome = useRequest<{ traces: readonly TraceSummary[] }>(() => {
    if (service === '') return null;
    const resolved = resolveRange({ from, to }, Date.now());
    if ('error' in resolved) return `Time range: ${resolved.error}`;
    const request = searchRequest({ service, operation, tags, minDuration, maxDuration, limit, sort: 'recent' }, resolved);
    if ('error' in request) return request.error;
    return async (signal) => ({ traces: (await searchTraces(request.query, signal)).map(summarizeTrace) });
  }, [service, operation, tags, minDuration, maxDuration, limit, from, to, refreshTick]);

  const sorted = useMemo(() => (outcome.state === 'done' ? [...outcome.traces].sort(SORTERS[search.sort]) : []), [outcome, search.sort]);
  const colors = useMemo(() => serviceColors(sorted.flatMap((t) => t.services.map((s) => s.name))), [sorted]);
  const longest = sorted.reduce((m, t) => Math.max(m, t.durationUs), 0);

  if (outcome.state === 'idle') return <p className="hint">Pick a service and press “Find traces”. The search covers the time range at the top right.</p>;
  if (outcome.state === 'running') return <p className="hint" data-testid="running">Searching…</p>;
  if (outcome.state === 'error') {
    return (
      <div className="query-error" role="alert" data-testid="search-error">
        <strong>Search failed:</strong> {outcome.message}
      </div>
    );
  }
  if (sorted.length === 0) {
    return (
      <div className="empty-result" data-testid="empty-result">
        <strong>No traces found.</strong> No trace of <code>{service}</code>
        {operation !== '' && <> with operation <code>{operation}</code></>} matched in this time range. Widen the time range, choose
        “All operations”, loosen the tags or the duration range, or check on Home that spans are arriving.
      </div>
    );
  }
  return (
    <section className="trace-results" aria-label="Search results">
      <div className="results-head">
        <strong data-testid="result-count">
          {sorted.length} trace{sorted.length === 1 ? '' : 's'}
        </strong>
        <span className="hint">
          {Math.round(outcome.tookMs)} ms{sorted.length >= limit ? ` · the limit (${limit}) was reached; raise it or narrow the search` : ''}
        </span>
        <label className="sort">
          Sort
          <select value={search.sort} onChange={(e) => onSort(e.target.value as TraceSort)} data-testid="sort-select">
            {SORTS.map((s) => (
              <option key={s.value} value={s.value}>
                {s.label}
              </option>
            ))}
          </select>
        </label>
      </div>
      <ul className="result-list" data-testid="trace-results">
        {sorted.map((t) => (
          <li key={t.traceID}>
            <a
              className="result-item"
              href={traceHref(t.traceID)}
              onClick={(e) => {
                if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey) return;
                e.preventDefault();
                onOpen(t.traceID);
              }}
              data-testid="trace-result"
              data-trace-id={t.traceID}
            >
              <div className="result-title">
                <span className="svc-chip" style={{ background: colors.get(t.rootService) }} />
                <span className="result-name">
                  <strong>{t.rootService}</strong>: {t.rootOperation}
                </span>
                <span className="result-dur">{formatDurationUs(t.durationUs)}</span>
              </div>
              <div className="result-bar" aria-hidden="true">
                <span style={{ width: `${longest > 0 ? Math.max(0.5, (t.durationUs / longest) * 100) : 0}%` }} />
              </div>
              <div className="result-meta-row">
                <span data-testid="span-count">
                  {t.spanCount} span{t.spanCount === 1 ? '' : 's'}
                </span>
                {t.errorCount > 0 && (
                  <span className="error-badge" data-testid="error-marker">
                    ⚠ {t.errorCount} error{t.errorCount === 1 ? '' : 's'}
                  </span>
                )}
                <span className="result-services">
                  {t.services.map((s) => (
                    <span key={s.name} className="svc-tag">
                      <span className="svc-chip" style={{ background: colors.get(s.name) }} />
                      {s.name} ({s.count})
                    </span>
                  ))}
                </span>
                <span className="result-time">
                  <code>{t.traceID.slice(0, 7)}</code> · {startText(t.startUs)}
                </span>
              </div>
            </a>
          </li>
        ))}
      </ul>
    </section>
  );
}
