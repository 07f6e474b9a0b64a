/** Metrics Explore: several PromQL queries, each with its graph or table, all state in the URL. */
import { useCallback } from 'react';
import { QueryPanel } from './query-panel';
import { navigate } from '../../shell/router';
import { useMarkRendered } from '../../shell/mark-rendered';
import { readMetricsState, writeMetricsState } from '../../url-state';
import type { MetricsState } from '../../url-state';
import type { ViewProps } from '../../shell/app';

export function MetricsView({ range, refreshTick, params, theme }: ViewProps) {
  const state = readMetricsState(params);
  const update = useCallback((next: MetricsState) => navigate('/explore/metrics', writeMetricsState(params, next)), [params]);
  useMarkRendered('metrics', true);

  return (
    <div className="metrics-view">
      <div className="view-header">
        <h1>Metrics</h1>
        <div className="segmented" role="group" aria-label="Result view">
          <button type="button" aria-pressed={state.mode === 'graph'} onClick={() => update({ ...state, mode: 'graph' })} data-testid="mode-graph">
            Graph
          </button>
          <button type="button" aria-pressed={state.mode === 'table'} onClick={() => update({ ...state, mode: 'table' })} data-testid="mode-table">
            Table
          </button>
        </div>
        <label className="check" title="Stack the series of each graph">
          <input type="checkbox" checked={state.stacked} disabled={state.mode !== 'graph'} onChange={(e) => update({ ...state, stacked: e.target.checked })} data-testid="stacked" />
          Stacked
        </label>
      </div>
      {state.queries.map((q, i) => (
        <QueryPanel
          // Panels are positional: the i-th `q` parameter is the i-th panel.
          key={i}
          index={i}
          query={q}
          mode={state.mode}
          stacked={state.stacked}
          range={range}
          refreshTick={refreshTick}
          theme={theme}
          canRemove={state.queries.length > 1}
          onRun={(text) => update({ ...state, queries: state.queries.map((old, j) => (j === i ? text.trim() : old)) })}
          onRemove={() => update({ ...state, queries: state.queries.filter((_, j) => j !== i) })}
        />
      ))}
      <button type="button" className="btn add-query" onClick={() => update({ ...state, queries: [...state.queries, ''] })} data-testid="add-query">
        + Add query
      </button>
    </div>
  );
}
