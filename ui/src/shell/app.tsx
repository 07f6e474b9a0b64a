import { Suspense, lazy, useCallback, useState } from 'react';
import { navigate, useLocation } from './router';
import { useTheme } from './theme';
import { TimeRangePicker } from './time-range-picker';
import { globalParams, readRange, writeRange } from '../url-state';
import type { TimeRange } from '../time-range';
import { HomeView } from '../views/home/home-view';

const MetricsView = lazy(() => import('../views/metrics/metrics-view').then((m) => ({ default: m.MetricsView })));
const TracesView = lazy(() => import('../views/traces/traces-view').then((m) => ({ default: m.TracesView })));
const LogsView = lazy(() => import('../views/logs/logs-view').then((m) => ({ default: m.LogsView })));

/** What every view gets from the shell: the global range and a counter that a refresh bumps. */
export interface ViewProps {
  readonly range: TimeRange;
  readonly refreshTick: number;
  readonly params: URLSearchParams;
  readonly theme: 'light' | 'dark';
}

const NAV: readonly { readonly path: string; readonly label: string; readonly enabled: boolean }[] = [
  { path: '/', label: 'Home', enabled: true },
  { path: '/explore/metrics', label: 'Metrics', enabled: true },
  { path: '/explore/traces', label: 'Traces', enabled: true },
  { path: '/explore/logs', label: 'Logs', enabled: true },
];

export function App() {
  const { path, params } = useLocation();
  const { theme, choice, setChoice } = useTheme();
  const [refreshTick, setRefreshTick] = useState(0);
  const range = readRange(params);
  const setRange = useCallback((r: TimeRange) => navigate(path, writeRange(params, r)), [path, params]);
  const viewProps: ViewProps = { range, refreshTick, params, theme };
  const nextTheme = theme === 'dark' ? 'light' : 'dark';

  let view;
  const enabled = (p: string): boolean => NAV.some((n) => n.path === p && n.enabled);
  if (path === '/explore/metrics') view = <MetricsView {...viewProps} />;
  else if (path === '/explore/traces' && enabled(path)) view = <TracesView {...viewProps} />;
  else if (path === '/explore/logs' && enabled(path)) view = <LogsView {...viewProps} />;
  else if (path === '/') view = <HomeView {...viewProps} />;
  else view = (
    <div className="empty-state">
      <h2>Nothing here yet</h2>
      <p>This view is coming soon. Metrics are in <a href="/explore/metrics" onClick={(e) => { e.preventDefault(); navigate('/explore/metrics', globalParams(params)); }}>Metrics</a>.</p>
    </div>
  );

  return (
    <div className="app">
      <header className="topbar">
        <a className="brand" href="/" onClick={(e) => { e.preventDefault(); navigate('/', globalParams(params)); }}>
          <img src="/favicon.svg" alt="" width="22" height="22" /> <span>Omniscope</span>
        </a>
        <nav className="nav" aria-label="Views">
          {NAV.map((n) =>
            n.enabled ? (
              <a
                key={n.path}
                href={n.path}
                aria-current={path === n.path ? 'page' : undefined}
                onClick={(e) => {
                  e.preventDefault();
                  navigate(n.path, globalParams(params));
                }}
              >
                {n.label}
              </a>
            ) : (
              <span key={n.path} className="nav-disabled" aria-disabled="true" title="Coming soon">
                {n.label}
              </span>
            ),
          )}
        </nav>
        <div className="toolbar">
          <TimeRangePicker range={range} onChange={setRange} />
          <button type="button" className="btn icon" title="Refresh (re-run with the range's 'now' updated)" aria-label="Refresh" data-testid="refresh" onClick={() => setRefreshTick((t) => t + 1)}>
            ⟳
          </button>
          <button
            type="button"
            className="btn icon"
            data-testid="theme-toggle"
            aria-label={`Switch to ${nextTheme} theme`}
            title={`Theme: ${choice === 'system' ? `${theme}, as the system` : choice}. Click for ${nextTheme}.`}
            onClick={() => setChoice(nextTheme)}
          >
            {theme === 'dark' ? '☾' : '☀'}
          </button>
        </div>
      </header>
      <main className="content">
        <Suspense fallback={<div className="loading">Loading view…</div>}>{view}</Suspense>
      </main>
    </div>
  );
}
