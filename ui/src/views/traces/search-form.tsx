/** The search: service and operation pickers, tags, a duration range and a limit; "Find traces" writes it to the URL. */
import { useEffect, useState } from 'react';
import type { FormEvent } from 'react';
import { isAbort } from '../../api-client';
import { useMarkRendered } from '../../shell/mark-rendered';
import { fetchOperations, fetchServices } from './trace-api';
import { durationError, parseTagsText } from './traces-state';
import type { TraceSearch } from './traces-state';

interface Props {
  readonly search: TraceSearch;
  readonly onSearch: (s: TraceSearch) => void;
}

type Services = { readonly state: 'loading' } | { readonly state: 'error'; readonly message: string } | { readonly state: 'done'; readonly names: readonly string[] };

export function SearchForm({ search, onSearch }: Props) {
  const [draft, setDraft] = useState(search);
  const [services, setServices] = useState<Services>({ state: 'loading' });
  const [operations, setOperations] = useState<readonly string[]>([]);
  const [problem, setProblem] = useState<string | null>(null);
  const searchKey = JSON.stringify(search);
  useEffect(() => setDraft(JSON.parse(searchKey) as TraceSearch), [searchKey]);
  useMarkRendered('traces', services.state !== 'loading');

  useEffect(() => {
    const abort = new AbortController();
    fetchServices(abort.signal).then(
      (names) => {
        const sorted = [...names].sort();
        setServices({ state: 'done', names: sorted });
        // A first visit: preselect a service so one click finds traces.
        setDraft((d) => (d.service === '' && sorted[0] !== undefined ? { ...d, service: sorted[0] } : d));
      },
      (e: unknown) => {
        if (!isAbort(e)) setServices({ state: 'error', message: (e as Error).message });
      },
    );
    return () => abort.abort();
  }, []);

  useEffect(() => {
    setOperations([]);
    if (draft.service === '') return;
    const abort = new AbortController();
    fetchOperations(draft.service, abort.signal).then(
      (ops) => setOperations([...ops].sort()),
      () => setOperations([]), // the operation list is a convenience: "All" still works
    );
    return () => abort.abort();
  }, [draft.service]);

  const submit = (e: FormEvent): void => {
    e.preventDefault();
    const tags = parseTagsText(draft.tags);
    const bad = 'error' in tags ? tags.error : (durationError(draft.minDuration) ?? durationError(draft.maxDuration));
    setProblem(bad);
    if (bad === null && draft.service !== '') onSearch(draft);
  };
  const set = <K extends keyof TraceSearch>(key: K, value: TraceSearch[K]): void => setDraft((d) => ({ ...d, [key]: value }));

  if (services.state === 'error') {
    return (
      <div className="query-error" role="alert" data-testid="services-error">
        <strong>Could not list the services:</strong> {services.message}
      </div>
    );
  }
  if (services.state === 'done' && services.names.length === 0) {
    return (
      <div className="empty-result" data-testid="no-services">
        <strong>No traces stored yet.</strong> Send spans with OTLP (gRPC :4317, HTTP <code>/v1/traces</code>), Zipkin or Jaeger, then
        refresh. Home shows how to point an OpenTelemetry SDK here.
      </div>
    );
  }
  const names = services.state === 'done' ? services.names : [];
  return (
    <form className="card trace-search" onSubmit={submit} aria-label="Search traces" data-testid="trace-search">
      <label>
        Service
        <select value={draft.service} onChange={(e) => setDraft((d) => ({ ...d, service: e.target.value, operation: '' }))} data-testid="service-select" disabled={services.state === 'loading'}>
          {services.state === 'loading' && <option value="">Loading…</option>}
          {draft.service !== '' && !names.includes(draft.service) && services.state === 'done' && <option value={draft.service}>{draft.service} (no data)</option>}
          {names.map((n) => (
            <option key={n} value={n}>
              {n}
            </option>
          ))}
        </select>
      </label>
      <label>
        Operation
        <select value={draft.operation} onChange={(e) => set('operation', e.target.value)} data-testid="operation-select">
          <option value="">All operations</option>
          {draft.operation !== '' && !operations.includes(draft.operation) && <option value={draft.operation}>{draft.operation}</option>}
          {operations.map((o) => (
            <option key={o} value={o}>
              {o}
            </option>
          ))}
        </select>
      </label>
      <label className="wide">
        Tags
        <input value={draft.tags} onChange={(e) => set('tags', e.target.value)} placeholder='error=true http.route="/api/pay"' spellCheck={false} data-testid="tags-input" />
      </label>
      <label className="narrow">
        Min duration
        <input value={draft.minDuration} onChange={(e) => set('minDuration', e.target.value)} placeholder="e.g. 100ms" spellCheck={false} data-testid="min-duration" />
      </label>
      <label className="narrow">
        Max duration
        <input value={draft.maxDuration} onChange={(e) => set('maxDuration', e.target.value)} placeholder="e.g. 2s" spellCheck={false} data-testid="max-duration" />
      </label>
      <label className="narrow">
        Limit
        <input type="number" min={1} max={1500} value={draft.limit} onChange={(e) => set('limit', Math.max(1, Number(e.target.value) || 1))} data-testid="limit" />
      </label>
      <button type="submit" className="btn primary" disabled={draft.service === ''} data-testid="find-traces">
        Find traces
      </button>
      {problem !== null && (
        <p className="field-error full" role="alert" data-testid="search-problem">
          {problem}
        </p>
      )}
    </form>
  );
}
