/** One trace: its header (root, duration, counts, logs link), find in trace, the waterfall and the selected span's detail. */
import { useCallback, useDeferredValue, useEffect, useMemo, useState } from 'react';
import { isAbort } from '../../api-client';
import { navigate } from '../../shell/router';
import { useMarkRendered } from '../../shell/mark-rendered';
import { fetchTrace } from './trace-api';
import type { JaegerTrace } from './jaeger-types';
import { buildTraceModel } from './span-tree';
import { buildFindIndex, findMatches } from './find-in-trace';
import { collapseBelow, expandToShow, formatDurationUs, serviceColors, visibleRows } from './waterfall-layout';
import { logsLinkParams } from './traces-state';
import { Waterfall } from './waterfall';
import { SpanDetail } from './span-detail';

interface Props {
  readonly traceId: string;
  readonly spanId: string | null;
  readonly refreshTick: number;
  readonly hasSearch: boolean;
  readonly onBack: () => void;
  readonly onSelectSpan: (spanId: string | null) => void;
}

type Outcome = { readonly state: 'loading' } | { readonly state: 'error'; readonly message: string; readonly status: number | null } | { readonly state: 'done'; readonly trace: JaegerTrace };

export function TracePage({ traceId, spanId, refreshTick, hasSearch, onBack, onSelectSpan }: Props) {
  const [outcome, setOutcome] = useState<Outcome>({ state: 'loading' });
  useEffect(() => {
    const abort = new AbortController();
    fetchTrace(traceId, abort.signal).then(
      (trace) => setOutcome({ state: 'done', trace }),
      (e: unknown) => {
        if (!isAbort(e)) setOutcome({ state: 'error', message: (e as Error).message, status: (e as { status?: number | null }).status ?? null });
      },
    );
    return () => abort.abort();
  }, [traceId, refreshTick]);

  const back = (
    <button type="button" className="btn small" onClick={onBack} data-testid="back-to-search">
      ← {hasSearch ? 'Back to results' : 'Search traces'}
    </button>
  );
  if (outcome.state === 'loading') {
    return (
      <>
        <div className="view-header">{back}</div>
        <p className="hint" data-testid="running">Loading trace {traceId}…</p>
      </>
    );
  }
  if (outcome.state === 'error') {
    return (
      <>
        <div className="view-header">{back}</div>
        <div className="query-error" role="alert" data-testid="trace-error">
          <strong>Could not open trace {traceId}:</strong> {outcome.message}
          {outcome.status === 404 && <p className="hint">Check the trace ID (32 hex digits). The trace may also be older than the retention period, or not flushed by its SDK yet.</p>}
          {outcome.status === 400 && <p className="hint">A trace ID is 16 or 32 hex digits.</p>}
        </div>
      </>
    );
  }
  return <TraceDetail trace={outcome.trace} spanId={spanId} back={back} onSelectSpan={onSelectSpan} />;
}

interface DetailProps {
  readonly trace: JaegerTrace;
  readonly spanId: string | null;
  readonly back: React.ReactNode;
  readonly onSelectSpan: (spanId: string | null) => void;
}

function TraceDetail({ trace, spanId, back, onSelectSpan }: DetailProps) {
  const model = useMemo(() => buildTraceModel(trace), [trace]);
  const colors = useMemo(() => serviceColors(model.services), [model]);
  const findIndex = useMemo(() => buildFindIndex(trace, model), [trace, model]);
  // Big traces open with the deep levels folded, so the first screen is readable.
  const [collapsed, setCollapsed] = useState<ReadonlySet<number>>(() => (model.rows.length > 300 ? collapseBelow(model.rows, 3) : new Set()));
  const [find, setFind] = useState('');
  const deferredFind = useDeferredValue(find);
  const matches = useMemo(() => findMatches(findIndex, deferredFind), [findIndex, deferredFind]);
  const matchSet = useMemo(() => new Set(matches), [matches]);
  const [current, setCurrent] = useState(0);
  const [scrollTo, setScrollTo] = useState<{ readonly row: number; readonly seq: number } | null>(null);
  const selected = spanId === null ? -1 : (model.byId.get(spanId) ?? -1);
  const visible = useMemo(() => visibleRows(model.rows, collapsed), [model, collapsed]);
  useMarkRendered('trace-waterfall', true);

  // A deep link to a span: unfold its ancestors and scroll to it, once.
  useEffect(() => {
    if (selected < 0) return;
    setCollapsed((c) => expandToShow(model.rows, c, selected));
    setScrollTo({ row: selected, seq: 0 });
  }, [model]); // on open only: later selections come from a click, with the row in view

  useEffect(() => setCurrent(0), [matches]);

  const toggle = useCallback(
    (i: number) =>
      setCollapsed((c) => {
        const next = new Set(c);
        if (!next.delete(i)) next.add(i);
        return next;
      }),
    [],
  );
  const jump = (delta: number): void => {
    if (matches.length === 0) return;
    const k = (current + delta + matches.length) % matches.length;
    const row = matches[k] as number;
    setCurrent(k);
    setCollapsed((c) => expandToShow(model.rows, c, row));
    setScrollTo((s) => ({ row, seq: (s?.seq ?? 0) + 1 }));
  };
  const select = useCallback((i: number) => onSelectSpan(model.rows[i]?.span.spanID ?? null), [model, onSelectSpan]);

  const logs = logsLinkParams(model.rootService, trace.traceID, model.startUs, model.durationUs);
  const logsHref = `/explore/logs?${logs.toString()}`;
  const started = new Date(model.startUs / 1000);
  const selectedRow = selected >= 0 ? model.rows[selected] : undefined;

  return (
    <>
      <div className="view-header trace-header">
        {back}
        <h1 className="trace-title" data-testid="trace-title">
          <span className="svc-chip" style={{ background: colors.get(model.rootService) }} />
          {model.rootService}: {model.rootOperation}
        </h1>
        <code className="trace-id" title="Trace ID">
          {trace.traceID}
        </code>
      </div>
      <div className="trace-facts" data-testid="trace-facts">
        <span>
          Started <strong>{started.toLocaleString(undefined, { hour12: false })}</strong>
        </span>
        <span>
          Duration <strong>{formatDurationUs(model.durationUs)}</strong>
        </span>
        <span>
          Services <strong>{model.services.length}</strong>
        </span>
        <span>
          Depth <strong>{model.maxDepth + 1}</strong>
        </span>
        <span>
          Spans <strong>{model.rows.length}</strong>
        </span>
        {model.errorCount > 0 && <span className="error-badge">⚠ {model.errorCount} error{model.errorCount === 1 ? '' : 's'}</span>}
        <a
          className="btn small logs-link"
          href={logsHref}
          onClick={(e) => {
            if (e.button !== 0 || e.metaKey || e.ctrlKey) return;
            e.preventDefault();
            navigate('/explore/logs', logs);
          }}
          data-testid="trace-logs-link"
          title={`Logs of ${model.rootService} with this trace ID, around the trace's time`}
        >
          Logs for this trace →
        </a>
      </div>
      <div className="trace-tools">
        <div className="find-box">
          <input
            type="search"
            value={find}
            onChange={(e) => setFind(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter') jump(e.shiftKey ? -1 : 1);
              if (e.key === 'Escape') setFind('');
            }}
            placeholder="Find in trace: name, service, tag value…"
            aria-label="Find in trace"
            spellCheck={false}
            data-testid="find-input"
          />
          <span className="find-count" aria-live="polite" data-testid="find-count">
            {deferredFind.trim() === '' ? '' : matches.length === 0 ? 'no match' : `${Math.min(current + 1, matches.length)} of ${matches.length}`}
          </span>
          <button type="button" className="btn icon small-icon" aria-label="Previous match" title="Previous match (Shift+Enter)" disabled={matches.length === 0} onClick={() => jump(-1)}>
            ↑
          </button>
          <button type="button" className="btn icon small-icon" aria-label="Next match" title="Next match (Enter)" disabled={matches.length === 0} onClick={() => jump(1)}>
            ↓
          </button>
        </div>
        <div className="segmented" role="group" aria-label="Fold the tree">
          <button type="button" onClick={() => setCollapsed(new Set())} data-testid="expand-all">
            Expand all
          </button>
          <button type="button" onClick={() => setCollapsed(collapseBelow(model.rows, 1))} data-testid="collapse-all">
            Collapse
          </button>
        </div>
        <span className="legend">
          {model.services.map((s) => (
            <span key={s} className="svc-tag">
              <span className="svc-chip" style={{ background: colors.get(s) }} />
              {s}
            </span>
          ))}
        </span>
      </div>
      <div className={selectedRow === undefined ? 'trace-body' : 'trace-body with-detail'}>
        <Waterfall
          model={model}
          visible={visible}
          collapsed={collapsed}
          colors={colors}
          matches={deferredFind.trim() === '' ? null : matchSet}
          currentMatch={matches[current] ?? -1}
          selected={selected}
          scrollTo={scrollTo}
          onToggle={toggle}
          onSelect={select}
        />
        {selectedRow !== undefined && (
          <SpanDetail
            trace={trace}
            model={model}
            row={selectedRow}
            color={colors.get(selectedRow.service) ?? ''}
            onClose={() => onSelectSpan(null)}
            onSelectSpan={(id) => {
              const i = model.byId.get(id);
              if (i === undefined) return;
              setCollapsed((c) => expandToShow(model.rows, c, i));
              setScrollTo((s) => ({ row: i, seq: (s?.seq ?? 0) + 1 }));
              onSelectSpan(id);
            }}
          />
        )}
      </div>
    </>
  );
}
