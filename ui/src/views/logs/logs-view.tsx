/**
 * Logs Explore: a LogQL query (stream selector, line and label filters; sent to the server as
 * typed) typed or built with the label browser, a volume histogram of the loaded lines, and the lines newest first. State in the URL:
 * `query`, `limit`, and the global range.
 */
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { ViewProps } from '../../shell/app';
import { navigate } from '../../shell/router';
import { useMarkRendered } from '../../shell/mark-rendered';
import { useRequest } from '../../shell/use-request';
import { formatAbsolute, resolveRange } from '../../time-range';
import type { ResolvedRange } from '../../time-range';
import { globalParams, writeRange } from '../../url-state';
import { LIMITS, readLogsState, writeLogsState } from './logs-state';
import type { LogsState } from './logs-state';
import { fetchLogs } from './loki-api';
import { toRows } from './log-lines';
import type { LogRow } from './log-lines';
import { bucketRows } from './volume';
import { LabelBrowser } from './label-browser';
import { LogList } from './log-list';
import { VolumeChart } from './volume-chart';
import './logs.css';

export function LogsView({ range, refreshTick, params, theme }: ViewProps) {
  const state = readLogsState(params);
  const { query, limit } = state;
  const [draft, setDraft] = useState(query);
  const [browserOpen, setBrowserOpen] = useState(query === '');
  const [runTick, setRunTick] = useState(0);
  useEffect(() => setDraft(query), [query]);
  const { from, to } = range;

  // Resolved once per range, refresh or run, so "now" does not move between renders.
  const resolved = useMemo(() => resolveRange({ from, to }, Date.now()), [from, to, refreshTick, runTick]);

  const update = useCallback((next: LogsState) => navigate('/explore/logs', writeLogsState(params, next)), [params]);
  const run = (text: string): void => {
    update({ ...state, query: text.trim() });
    setRunTick((t) => t + 1);
  };

  const outcome = useRequest<{ rows: readonly LogRow[]; range: ResolvedRange; limit: number }>(() => {
    if (query === '') return null;
    if ('error' in resolved) return `Time range: ${resolved.error}`;
    return async (signal) => ({ rows: toRows(await fetchLogs(query, limit, resolved, signal)), range: resolved, limit });
  }, [query, limit, resolved]);

  useMarkRendered('logs', outcome.state === 'done' || outcome.state === 'error' || (outcome.state === 'idle' && query === ''));

  const volume = useMemo(
    () => (outcome.state === 'done' ? bucketRows(outcome.rows, outcome.range.startMs, outcome.range.endMs) : null),
    [outcome],
  );
  const zoom = useCallback(
    (startMs: number, endMs: number) => navigate('/explore/logs', writeRange(params, { from: formatAbsolute(Math.floor(startMs / 1000) * 1000), to: formatAbsolute(Math.ceil(endMs / 1000) * 1000) })),
    [params],
  );
  const globalQuery = globalParams(params).toString();

  return (
    <div className="logs-view">
      <div className="view-header">
        <h1>Logs</h1>
        <button type="button" className="btn small" aria-expanded={browserOpen} onClick={() => setBrowserOpen((o) => !o)} data-testid="toggle-label-browser">
          {browserOpen ? 'Hide label browser' : 'Label browser'}
        </button>
      </div>
      <section className="query-panel" aria-label="Log query">
        <form
          className="query-row logs-query-row"
          onSubmit={(e) => {
            e.preventDefault();
            run(draft);
          }}
        >
          <input
            className="logql-input"
            type="text"
            value={draft}
            onChange={(e) => setDraft(e.target.value)}
            placeholder='{service_name="checkout"} |= "error"'
            aria-label="LogQL query"
            spellCheck={false}
            autoComplete="off"
            autoCapitalize="off"
            data-testid="logql-input"
          />
          <label className="logs-limit">
            <span>Limit</span>
            <select value={limit} onChange={(e) => update({ ...state, limit: Number(e.target.value) })} data-testid="limit">
              {[...new Set([...LIMITS, limit])].sort((a, b) => a - b).map((n) => (
                <option key={n} value={n}>
                  {n.toLocaleString()}
                </option>
              ))}
            </select>
          </label>
          <button type="submit" className="btn primary" data-testid="run-query">
            Run query
          </button>
        </form>
        {outcome.state === 'error' && (
          <div className="query-error" role="alert" data-testid="query-error">
            <strong>Query failed:</strong> {outcome.message}
          </div>
        )}
        {browserOpen && (
          <LabelBrowser
            range={'error' in resolved ? null : resolved}
            onUse={(selector, andRun) => {
              setDraft(selector);
              if (andRun) run(selector);
            }}
          />
        )}
      </section>
      {outcome.state === 'idle' && (
        <p className="hint">
          Type a stream selector such as <code>{'{service_name="checkout"}'}</code>, optionally with line filters (<code>|= "text"</code>, <code>!= "text"</code>,{' '}
          <code>|~ "regex"</code>), and press Enter; or build one with the label browser.
        </p>
      )}
      {outcome.state === 'running' && (
        <p className="hint" data-testid="running">
          Running…
        </p>
      )}
      {outcome.state === 'done' && outcome.rows.length === 0 && (
        <div className="empty-result" data-testid="empty-result">
          <strong>No log lines.</strong> The query matched no lines in this time range. Check the label values in the label browser, remove or
          loosen the line filters, widen the time range, or see on Home whether logs are arriving.
        </div>
      )}
      {outcome.state === 'done' && outcome.rows.length > 0 && volume !== null && (
        <>
          <section className="card logs-volume" aria-label="Log volume">
            <VolumeChart volume={volume} startMs={outcome.range.startMs} endMs={outcome.range.endMs} theme={theme} onZoom={zoom} />
            <p className="result-meta" data-testid="volume-note">
              Counts the {outcome.rows.length.toLocaleString()} lines loaded
              {outcome.rows.length >= outcome.limit ? ` (the limit of ${outcome.limit.toLocaleString()} was reached, so older lines in the range are not counted)` : ''}
              {' · '}
              {Math.round(outcome.tookMs)} ms · drag to zoom
            </p>
          </section>
          <section className="card logs-lines" aria-label="Log lines">
            <LogList rows={outcome.rows} globalQuery={globalQuery} />
          </section>
        </>
      )}
    </div>
  );
}
