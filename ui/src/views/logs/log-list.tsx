/**
 * The lines, newest first. Rows are memoized and keep their own expanded state, so opening one
 * re-renders only that row; rows are added in pages as the end of the list scrolls into view,
 * and off-screen rows skip layout and paint (`content-visibility`), so 5,000 lines stay smooth.
 */
import { memo, useEffect, useRef, useState } from 'react';
import type { MouseEvent } from 'react';
import { navigate } from '../../shell/router';
import { formatTimestamp, splitTraceIds } from './log-lines';
import type { LogRow } from './log-lines';

const FIRST_PAGE = 300;
const PAGE = 1000;

interface Props {
  readonly rows: readonly LogRow[];
  /** The global range parameters, kept on links to the Traces view. */
  readonly globalQuery: string;
}

export function LogList({ rows, globalQuery }: Props) {
  const [shown, setShown] = useState(FIRST_PAGE);
  const sentinel = useRef<HTMLDivElement>(null);
  useEffect(() => setShown(FIRST_PAGE), [rows]);

  useEffect(() => {
    const el = sentinel.current;
    if (el === null) return;
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting)) setShown((n) => Math.min(rows.length, n + PAGE));
    }, { rootMargin: '800px 0px' });
    observer.observe(el);
    return () => observer.disconnect();
  }, [rows, shown]);

  const visible = rows.length > shown ? rows.slice(0, shown) : rows;
  return (
    <div className="log-list" role="list" aria-label="Log lines, newest first" data-testid="log-lines">
      {visible.map((r) => (
        <LogRowView key={r.key} row={r} globalQuery={globalQuery} />
      ))}
      {shown < rows.length && (
        <div ref={sentinel} className="hint log-more">
          Showing {shown.toLocaleString()} of {rows.length.toLocaleString()} lines; scroll for more.
        </div>
      )}
    </div>
  );
}

function traceHref(traceId: string, globalQuery: string): string {
  return `/explore/traces?trace=${traceId}${globalQuery === '' ? '' : `&${globalQuery}`}`;
}

interface TraceLinkProps {
  readonly traceId: string;
  readonly globalQuery: string;
  readonly className?: string;
  readonly children: string;
}

/** A link to the trace in the Traces view; a plain click stays in the app, a modified one opens a tab. */
function TraceLink({ traceId, globalQuery, className = 'trace-link', children }: TraceLinkProps) {
  const href = traceHref(traceId, globalQuery);
  const open = (e: MouseEvent<HTMLAnchorElement>): void => {
    e.stopPropagation();
    if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    e.preventDefault();
    const url = new URL(href, window.location.origin);
    navigate(url.pathname, url.searchParams);
  };
  return (
    <a className={className} href={href} onClick={open} title={`Open trace ${traceId}`} data-testid="trace-link">
      {children}
    </a>
  );
}

const LogRowView = memo(function LogRowView({ row, globalQuery }: { readonly row: LogRow; readonly globalQuery: string }) {
  const [open, setOpen] = useState(false);
  const toggle = (): void => {
    // Selecting text in a line should not fold it.
    if (window.getSelection()?.toString() !== '') return;
    setOpen((o) => !o);
  };
  return (
    <div className={`log-row level-${row.level}${open ? ' open' : ''}`} role="listitem" data-level={row.level}>
      <div
        className="log-summary"
        role="button"
        tabIndex={0}
        aria-expanded={open}
        onClick={toggle}
        onKeyDown={(e) => {
          if (e.target === e.currentTarget && (e.key === 'Enter' || e.key === ' ')) {
            e.preventDefault();
            setOpen((o) => !o);
          }
        }}
      >
        <span className="log-time">{formatTimestamp(row.ms)}</span>
        <span className="log-level">{row.level === 'unknown' ? '' : row.level}</span>
        <span className="log-text">
          {row.traceId === null
            ? row.line
            : splitTraceIds(row.line).map((p, i) => ('traceId' in p ? <TraceLink key={i} traceId={p.traceId} globalQuery={globalQuery}>{p.text}</TraceLink> : p.text))}
        </span>
      </div>
      {open && <LogDetails row={row} globalQuery={globalQuery} />}
    </div>
  );
});

function LogDetails({ row, globalQuery }: { readonly row: LogRow; readonly globalQuery: string }) {
  const section = (title: string, fields: Readonly<Record<string, string>>, testId: string) => {
    const keys = Object.keys(fields).sort();
    return (
      <div className="log-fields" data-testid={testId}>
        <h3>{title}</h3>
        {keys.length === 0 ? (
          <p className="hint">None.</p>
        ) : (
          <dl>
            {keys.map((k) => {
              const v = fields[k] ?? '';
              return (
                <div key={k} className="log-field">
                  <dt>{k}</dt>
                  <dd>{row.traceId !== null && v.toLowerCase() === row.traceId ? <TraceLink traceId={row.traceId} globalQuery={globalQuery}>{v}</TraceLink> : v}</dd>
                </div>
              );
            })}
          </dl>
        )}
      </div>
    );
  };
  return (
    <div className="log-details" data-testid="log-details">
      {section('Stream labels', row.labels, 'log-labels')}
      {section('Structured metadata', row.metadata, 'log-metadata')}
      <div className="log-details-foot">
        <span className="hint">{row.ns} ns</span>
        {row.traceId !== null && (
          <TraceLink traceId={row.traceId} globalQuery={globalQuery} className="btn small">
            View trace
          </TraceLink>
        )}
      </div>
    </div>
  );
}
