/** One query: its editor, the error right under it, and its graph or table. */
import { useEffect, useState } from 'react';
import { PromqlEditor } from './promql-editor';
import { GraphPanel } from './graph-panel';
import { TablePanel } from './table-panel';
import { runInstantQuery, runRangeQuery, seriesName } from './run-query';
import type { QueryResult } from './run-query';
import { unitForQuery } from './format-units';
import { useRequest } from '../../shell/use-request';
import { resolveRange } from '../../time-range';
import type { ResolvedRange, TimeRange } from '../../time-range';
import type { MetricsMode } from '../../url-state';

interface Props {
  readonly index: number;
  readonly query: string;
  readonly mode: MetricsMode;
  readonly stacked: boolean;
  readonly range: TimeRange;
  readonly refreshTick: number;
  readonly theme: 'light' | 'dark';
  readonly canRemove: boolean;
  readonly onRun: (query: string) => void;
  readonly onRemove: () => void;
}


function isEmpty(data: QueryResult): boolean {
  return (data.resultType === 'matrix' || data.resultType === 'vector') && data.result.length === 0;
}

export function QueryPanel({ index, query, mode, stacked, range, refreshTick, theme, canRemove, onRun, onRemove }: Props) {
  const [draft, setDraft] = useState(query);
  useEffect(() => setDraft(query), [query]);
  const { from, to } = range;

  const outcome = useRequest<{ data: QueryResult; range: ResolvedRange }>(() => {
    if (query.trim() === '') return null;
    const resolved = resolveRange({ from, to }, Date.now());
    if ('error' in resolved) return `Time range: ${resolved.error}`;
    return async (signal) => {
      const data = mode === 'graph' ? (await runRangeQuery(query, resolved, signal)).data : await runInstantQuery(query, resolved.endMs, signal);
      return { data, range: resolved };
    };
  }, [query, mode, from, to, refreshTick]);

  const unit = unitForQuery(query);
  return (
    <section className="query-panel" aria-label={`Query ${String.fromCharCode(65 + index)}`} data-testid={`query-panel-${index}`}>
      <div className="query-row">
        <span className="query-letter" aria-hidden="true">{String.fromCharCode(65 + index)}</span>
        <PromqlEditor value={draft} onChange={setDraft} onRun={(q) => onRun(q)} ariaLabel={`PromQL query ${String.fromCharCode(65 + index)}`} />
        <button type="button" className="btn primary" onClick={() => onRun(draft)} data-testid="run-query">
          Run query
        </button>
        {canRemove && (
          <button type="button" className="btn icon" aria-label="Remove query" title="Remove this query" onClick={onRemove}>
            ✕
          </button>
        )}
      </div>
      {outcome.state === 'error' && (
        <div className="query-error" role="alert" data-testid="query-error">
          <strong>Query failed:</strong> {outcome.message}
        </div>
      )}
      <div className="query-result">
        {outcome.state === 'idle' && <p className="hint">Type a query and press Enter or “Run query”. Autocomplete (Ctrl+Space) knows the metric names, labels and functions.</p>}
        {outcome.state === 'running' && <p className="hint" data-testid="running">Running…</p>}
        {outcome.state === 'done' && isEmpty(outcome.data) && (
          <div className="empty-result" data-testid="empty-result">
            <strong>No data.</strong> The query matched no series in this time range. Check the metric name and the label
            matchers (autocomplete lists what exists), widen the time range, or see on Home whether data is arriving.
          </div>
        )}
        {outcome.state === 'done' && !isEmpty(outcome.data) && (
          <>
            {mode === 'graph' && outcome.data.resultType === 'matrix' ? (
              <GraphPanel
                series={outcome.data.result.map((r) => ({ name: seriesName(r.metric), values: r.values }))}
                stacked={stacked}
                unit={unit}
                theme={theme}
                startMs={outcome.range.startMs}
                endMs={outcome.range.endMs}
              />
            ) : (
              <TablePanel data={outcome.data} unit={unit} />
            )}
            <p className="result-meta">
              {outcome.data.resultType === 'matrix' || outcome.data.resultType === 'vector' ? `${outcome.data.result.length} series` : outcome.data.resultType}
              {' · '}
              {Math.round(outcome.tookMs)} ms
            </p>
          </>
        )}
      </div>
    </section>
  );
}
