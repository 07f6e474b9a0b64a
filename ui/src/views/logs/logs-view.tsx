/**
 * Logs Explore: a LogQL query (stream selector, line and label filters; sent to the server as
 * typed) typed or built with the label browser; a volume histogram of every line in the range
 * (counted by the server with a LogQL metric query, independently of the lines loaded); and the
 * lines newest first, up to the limit. State in the URL: `query`, `limit`, and the global range.
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
import { fetchLogs, fetchVolume } from './loki-api';
import { toRows } from './log-lines';
import type { LogRow } from './log-lines';
import { toVolume, volumeGrid } from './volume';
import type { Volume, VolumeGrid } from './volume';
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

  // Counted over the whole range by the server, so it does not depend on the limit.
  const volume = useRequest<{ volume: Volume; grid: VolumeGrid }>(() => {
    if (query === '' || 'error' in resolved) return null;
    return async (signal) => {
      const grid = volumeGrid(resolved.startMs, resolved.endMs);
      return { volume: toVolume(await fetchVolume(query, grid, signal), grid), grid };
    };
  }, [query, resolved]);
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
      {outcome.state === 'done' && outcome.rows.length > 0 && (
        <>
          <section className="card logs-volume" aria-label="Log volume">
            {volume.state === 'done' && (
              <VolumeChart volume={volume.volume} startMs={volume.grid.firstMs - volume.grid.stepMs} endMs={volume.grid.endMs} theme={theme} onZoom={zoom} />
            )}
            {volume.state === 'running' && <div className="log-volume-pending" data-testid="volume-pending" />}
            {volume.state === 'error' && (
              <p className="query-error" role="alert" data-testid="volume-error">
                <strong>Volume unavailable:</strong> {volume.message}
              </p>
            )}
            <p className="result-meta" data-testid="volume-note">
              {volume.state === 'done'
                ? `${volume.volume.total.toLocaleString()} lines in the range · a bar per ${formatStep(volume.grid.stepMs)} · ${Math.round(volume.tookMs)} ms · drag to zoom`
                : volume.state === 'running'
                  ? 'Counting the lines in the range…'
                  : ''}
              {outcome.rows.length >= outcome.limit ? ` · the ${outcome.limit.toLocaleString()} newest are listed below (the limit)` : ''}
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

/** "30 s", "5 min", "2 h", "1 d": a bar's width for the note. */
function formatStep(ms: number): string {
  const s = ms / 1000;
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${s / 60} min`;
  if (s < 86400) return `${s / 3600} h`;
  return `${s / 86400} d`;
}
