/** The selected span: status, timing, attributes, resource (process), events with relative times, and links. */
import type { JaegerKeyValue, JaegerTrace } from './jaeger-types';
import { valueText } from './jaeger-types';
import type { SpanRow, TraceModel } from './span-tree';
import { formatDurationUs } from './waterfall-layout';
import { navigate } from '../../shell/router';

interface Props {
  readonly trace: JaegerTrace;
  readonly model: TraceModel;
  readonly row: SpanRow;
  readonly color: string;
  readonly onClose: () => void;
  readonly onSelectSpan: (spanId: string) => void;
}

/** Tags the detail shows in its own places rather than among the attributes. */
const SPECIAL = new Set(['otel.status_code', 'otel.status_description', 'error', 'span.kind', 'otel.scope.name', 'otel.scope.version']);

function KeyValues({ items, testId }: { readonly items: readonly JaegerKeyValue[]; readonly testId: string }) {
  if (items.length === 0) return <p className="hint">None.</p>;
  return (
    <table className="kv-table" data-testid={testId}>
      <tbody>
        {items.map((t, i) => (
          <tr key={`${t.key}-${i}`}>
            <th scope="row">{t.key}</th>
            <td className={`kv-${t.type}`}>{valueText(t.value)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function SpanDetail({ trace, model, row, color, onClose, onSelectSpan }: Props) {
  const span = row.span;
  const tag = (key: string): string | undefined => {
    const t = span.tags.find((x) => x.key === key);
    return t === undefined ? undefined : valueText(t.value);
  };
  const status = tag('otel.status_code') ?? (row.error ? 'ERROR' : 'UNSET');
  const statusMessage = tag('otel.status_description');
  const scope = tag('otel.scope.name');
  const scopeVersion = tag('otel.scope.version');
  const attributes = span.tags.filter((t) => !SPECIAL.has(t.key));
  const process = trace.processes[span.processID];
  const resource: JaegerKeyValue[] = [{ key: 'service.name', type: 'string', value: row.service }, ...(process?.tags ?? [])];
  const parent = row.parent >= 0 ? model.rows[row.parent] : undefined;
  const links = span.references.filter((r) => r.spanID !== parent?.span.spanID || r.traceID !== span.traceID);

  return (
    <aside className="card span-detail" aria-label="Span detail" data-testid="span-detail">
      <div className="detail-head">
        <span className="svc-chip" style={{ background: color }} />
        <h2 data-testid="span-detail-name">
          {row.service}: {span.operationName}
        </h2>
        <button type="button" className="btn icon small-icon" aria-label="Close span detail" onClick={onClose}>
          ✕
        </button>
      </div>
      <dl className="detail-facts">
        <dt>Status</dt>
        <dd>
          <span className={status === 'ERROR' ? 'error-badge' : status === 'OK' ? 'ok-badge' : ''} data-testid="span-status">
            {status}
          </span>
          {statusMessage !== undefined && <> — {statusMessage}</>}
        </dd>
        <dt>Duration</dt>
        <dd>
          {formatDurationUs(span.duration)} <span className="hint-inline">at +{formatDurationUs(row.offsetUs)}</span>
        </dd>
        {tag('span.kind') !== undefined && (
          <>
            <dt>Kind</dt>
            <dd>{tag('span.kind')}</dd>
          </>
        )}
        <dt>Span ID</dt>
        <dd>
          <code>{span.spanID}</code>
        </dd>
        {parent !== undefined && (
          <>
            <dt>Parent</dt>
            <dd>
              <button type="button" className="linkish" onClick={() => onSelectSpan(parent.span.spanID)}>
                {parent.span.operationName}
              </button>
            </dd>
          </>
        )}
        {scope !== undefined && (
          <>
            <dt>Scope</dt>
            <dd>
              {scope}
              {scopeVersion !== undefined && ` ${scopeVersion}`}
            </dd>
          </>
        )}
      </dl>
      <details open>
        <summary>Attributes ({attributes.length})</summary>
        <KeyValues items={attributes} testId="span-attributes" />
      </details>
      <details open={span.logs.length > 0}>
        <summary>Events ({span.logs.length})</summary>
        {span.logs.length === 0 ? (
          <p className="hint">None.</p>
        ) : (
          <ol className="events" data-testid="span-events">
            {span.logs.map((l, i) => {
              const name = l.fields.find((f) => f.key === 'event');
              return (
                <li key={i}>
                  <div>
                    <span className="event-time">+{formatDurationUs(l.timestamp - span.startTime)}</span> <strong>{name === undefined ? 'event' : valueText(name.value)}</strong>
                  </div>
                  <KeyValues items={l.fields.filter((f) => f !== name)} testId="event-fields" />
                </li>
              );
            })}
          </ol>
        )}
      </details>
      <details open={links.length > 0}>
        <summary>Links ({links.length})</summary>
        {links.length === 0 ? (
          <p className="hint">None.</p>
        ) : (
          <ul className="links" data-testid="span-links">
            {links.map((r, i) => {
              const local = r.traceID === span.traceID && model.byId.has(r.spanID);
              const label = local ? model.rows[model.byId.get(r.spanID) as number]?.span.operationName : `${r.traceID.slice(0, 12)}… / ${r.spanID}`;
              return (
                <li key={i}>
                  <span className="ref-type">{r.refType === 'FOLLOWS_FROM' ? 'follows from' : 'child of'}</span>{' '}
                  <button
                    type="button"
                    className="linkish"
                    onClick={() => (local ? onSelectSpan(r.spanID) : navigate('/explore/traces', new URLSearchParams({ trace: r.traceID, span: r.spanID })))}
                  >
                    {label}
                  </button>
                </li>
              );
            })}
          </ul>
        )}
      </details>
      <details open>
        <summary>Resource ({resource.length})</summary>
        <KeyValues items={resource} testId="span-resource" />
      </details>
      {span.warnings !== undefined && span.warnings !== null && span.warnings.length > 0 && (
        <div className="empty-result">
          {span.warnings.map((w) => (
            <div key={w}>{w}</div>
          ))}
        </div>
      )}
    </aside>
  );
}
