/** Home: what is arriving (services and their signals, ingest rates) and how to send more. */
import { useEffect, useRef, useState } from 'react';
import { getJson, getText, isAbort, promApi } from '../../api-client';
import { useMarkRendered } from '../../shell/mark-rendered';
import type { ViewProps } from '../../shell/app';
import { ingestRates, parseIngestCounters } from './ingest-counters';
import type { IngestCounter, IngestRate } from './ingest-counters';
import { SendDataSnippets } from './send-data-snippets';
import { resolveRange } from '../../time-range';

interface ServiceRow {
  readonly name: string;
  readonly metrics: boolean;
  readonly traces: boolean;
  readonly logs: boolean;
}

type Load<T> = { readonly state: 'loading' } | { readonly state: 'error'; readonly message: string } | { readonly state: 'done'; readonly value: T };

const RATE_INTERVAL_MS = 5000;

/** OTLP metrics name the job `namespace/service`; traces and logs use the service name alone. */
const serviceOfJob = (job: string): string => job.slice(job.lastIndexOf('/') + 1);

async function loadServices(startMs: number, endMs: number, signal: AbortSignal): Promise<ServiceRow[]> {
  const range = { start: String(startMs / 1000), end: String(endMs / 1000) };
  const [jobs, traced, logged] = await Promise.all([
    promApi<string[]>('/api/v1/label/job/values', range, signal, 'GET'),
    getJson<{ data: string[] | null }>('/jaeger/api/services', signal).then((r) => r.data ?? []),
    getJson<{ data?: string[] }>(`/loki/api/v1/label/service_name/values?start=${startMs}000000&end=${endMs}000000`, signal).then((r) => r.data ?? []),
  ]);
  const names = new Map<string, { metrics: boolean; traces: boolean; logs: boolean }>();
  const row = (n: string) => {
    let r = names.get(n);
    if (r === undefined) names.set(n, (r = { metrics: false, traces: false, logs: false }));
    return r;
  };
  for (const j of jobs) row(serviceOfJob(j)).metrics = true;
  for (const s of traced) row(s).traces = true;
  for (const s of logged) row(s).logs = true;
  return [...names.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([name, r]) => ({ name, ...r }));
}

export function HomeView({ range, refreshTick }: ViewProps) {
  const [services, setServices] = useState<Load<ServiceRow[]>>({ state: 'loading' });
  const [rates, setRates] = useState<Load<IngestRate[]>>({ state: 'loading' });
  const previous = useRef<{ counters: IngestCounter[]; atMs: number } | null>(null);
  useMarkRendered('home', services.state !== 'loading');
  const { from, to } = range;

  useEffect(() => {
    const abort = new AbortController();
    const resolved = resolveRange({ from, to }, Date.now());
    if ('error' in resolved) {
      setServices({ state: 'error', message: `Time range: ${resolved.error}` });
      return;
    }
    setServices({ state: 'loading' });
    loadServices(resolved.startMs, resolved.endMs, abort.signal).then(
      (value) => setServices({ state: 'done', value }),
      (e: unknown) => {
        if (!isAbort(e)) setServices({ state: 'error', message: (e as Error).message });
      },
    );
    return () => abort.abort();
  }, [from, to, refreshTick]);

  useEffect(() => {
    const abort = new AbortController();
    const read = (): void => {
      getText('/metrics', abort.signal).then(
        (text) => {
          const counters = parseIngestCounters(text);
          const now = performance.now();
          const prev = previous.current;
          setRates({ state: 'done', value: ingestRates(prev?.counters ?? null, counters, prev === null ? 0 : now - prev.atMs) });
          previous.current = { counters, atMs: now };
        },
        (e: unknown) => {
          if (!isAbort(e)) setRates({ state: 'error', message: (e as Error).message });
        },
      );
    };
    read();
    const timer = window.setInterval(read, RATE_INTERVAL_MS);
    return () => {
      window.clearInterval(timer);
      abort.abort();
    };
  }, []);

  return (
    <div className="home-view">
      <div className="view-header"><h1>Home</h1></div>
      <div className="home-grid">
        <section className="card" aria-labelledby="services-title">
          <h2 id="services-title">Services seen</h2>
          {services.state === 'loading' && <p className="hint">Loading…</p>}
          {services.state === 'error' && <div className="query-error" role="alert">Could not list services: {services.message}</div>}
          {services.state === 'done' && services.value.length === 0 && (
            <div className="empty-result" data-testid="no-services">
              <strong>No services yet</strong> in this time range. Send telemetry with one of the snippets below, then refresh; or widen the time range.
            </div>
          )}
          {services.state === 'done' && services.value.length > 0 && (
            <table className="result-table" data-testid="services">
              <thead><tr><th>Service</th><th>Metrics</th><th>Traces</th><th>Logs</th></tr></thead>
              <tbody>
                {services.value.map((s) => (
                  <tr key={s.name}>
                    <td>{s.name}</td>
                    <td><Signal on={s.metrics} /></td>
                    <td><Signal on={s.traces} /></td>
                    <td><Signal on={s.logs} /></td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
        <section className="card" aria-labelledby="rates-title">
          <h2 id="rates-title">Ingest rates</h2>
          {rates.state === 'loading' && <p className="hint">Loading…</p>}
          {rates.state === 'error' && <div className="query-error" role="alert">Could not read /metrics: {rates.message}</div>}
          {rates.state === 'done' && rates.value.length === 0 && (
            <div className="empty-result"><strong>Nothing received yet</strong> since Omniscope started.</div>
          )}
          {rates.state === 'done' && rates.value.length > 0 && (
            <table className="result-table" data-testid="ingest-rates">
              <thead><tr><th>Signal</th><th>Protocol</th><th className="num">Records/s</th><th className="num">Since start</th></tr></thead>
              <tbody>
                {rates.value.map((r) => (
                  <tr key={`${r.signal}/${r.protocol}`}>
                    <td>{r.signal}</td>
                    <td>{r.protocol}</td>
                    <td className="num">{r.perSecond === null ? 'measuring…' : r.perSecond.toFixed(r.perSecond < 10 ? 2 : 0)}</td>
                    <td className="num">{r.value.toLocaleString()}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <p className="hint">From Omniscope’s own counters at /metrics, read every {RATE_INTERVAL_MS / 1000} s.</p>
        </section>
      </div>
      <SendDataSnippets />
    </div>
  );
}

function Signal({ on }: { readonly on: boolean }) {
  return on ? <span className="signal on" aria-label="yes">●</span> : <span className="signal off" aria-label="no">–</span>;
}
