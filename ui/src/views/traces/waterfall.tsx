/**
 * The waterfall: one row per visible span, indented by depth, with its bar to scale on a shared
 * time axis. Only the rows in (and near) the viewport are rendered, so a 1,000-span trace
 * scrolls and filters as fast as a small one.
 */
import { memo, useEffect, useLayoutEffect, useRef, useState } from 'react';
import type { TraceModel, SpanRow } from './span-tree';
import { barFor, formatDurationUs, timeTicks } from './waterfall-layout';

export const ROW_HEIGHT = 28;
const OVERSCAN = 12;

interface Props {
  readonly model: TraceModel;
  readonly visible: readonly number[];
  readonly collapsed: ReadonlySet<number>;
  readonly colors: ReadonlyMap<string, string>;
  /** Null when no find is active. */
  readonly matches: ReadonlySet<number> | null;
  readonly currentMatch: number;
  readonly selected: number;
  readonly scrollTo: { readonly row: number; readonly seq: number } | null;
  readonly onToggle: (row: number) => void;
  readonly onSelect: (row: number) => void;
}

export function Waterfall({ model, visible, collapsed, colors, matches, currentMatch, selected, scrollTo, onToggle, onSelect }: Props) {
  const box = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [height, setHeight] = useState(600);

  useLayoutEffect(() => {
    const el = box.current;
    if (el === null) return;
    setHeight(el.clientHeight);
    const ro = new ResizeObserver(() => setHeight(el.clientHeight));
    ro.observe(el);
    return () => ro.disconnect();
  }, []);

  useEffect(() => {
    const el = box.current;
    if (el === null || scrollTo === null) return;
    const pos = visible.indexOf(scrollTo.row);
    if (pos < 0) return;
    const top = pos * ROW_HEIGHT;
    if (top < el.scrollTop || top + ROW_HEIGHT * 2 > el.scrollTop + el.clientHeight) el.scrollTop = Math.max(0, top - el.clientHeight / 3);
  }, [scrollTo]); // only when a new target is asked for, not when rows fold

  const first = Math.max(0, Math.floor(scrollTop / ROW_HEIGHT) - OVERSCAN);
  const last = Math.min(visible.length, Math.ceil((scrollTop + height) / ROW_HEIGHT) + OVERSCAN);
  const ticks = timeTicks(model.durationUs);
  const items = [];
  for (let pos = first; pos < last; pos++) {
    const i = visible[pos] as number;
    const row = model.rows[i] as SpanRow;
    items.push(
      <WaterfallRow
        key={i}
        row={row}
        top={pos * ROW_HEIGHT}
        traceDurationUs={model.durationUs}
        color={colors.get(row.service) ?? '#888'}
        collapsed={collapsed.has(i)}
        match={matches === null ? null : matches.has(i)}
        current={currentMatch === i}
        selected={selected === i}
        onToggle={onToggle}
        onSelect={onSelect}
      />,
    );
  }

  return (
    <div className="waterfall" data-testid="waterfall" role="tree" aria-label="Spans">
      <div className="wf-axis" aria-hidden="true">
        <div className="wf-name-head">Service: operation</div>
        <div className="wf-ticks">
          {ticks.map((t) => (
            <span key={t.pct} style={{ left: `${t.pct}%` }} className={t.pct === 100 ? 'last' : t.pct === 0 ? 'first' : ''}>
              {t.label}
            </span>
          ))}
        </div>
      </div>
      <div className="wf-scroll" ref={box} onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)}>
        <div className="wf-rows" style={{ height: visible.length * ROW_HEIGHT }}>
          <div className="wf-grid" aria-hidden="true">
            {ticks.map((t) => (
              <span key={t.pct} style={{ left: `${t.pct}%` }} />
            ))}
          </div>
          {items}
        </div>
      </div>
    </div>
  );
}

interface RowProps {
  readonly row: SpanRow;
  readonly top: number;
  readonly traceDurationUs: number;
  readonly color: string;
  readonly collapsed: boolean;
  readonly match: boolean | null;
  readonly current: boolean;
  readonly selected: boolean;
  readonly onToggle: (row: number) => void;
  readonly onSelect: (row: number) => void;
}

const WaterfallRow = memo(function WaterfallRow({ row, top, traceDurationUs, color, collapsed, match, current, selected, onToggle, onSelect }: RowProps) {
  const bar = barFor(row.offsetUs, row.durationUs, traceDurationUs);
  const cls = ['wf-row', selected ? 'selected' : '', match === true ? 'match' : '', match === false ? 'dim' : '', current ? 'current' : '', row.error ? 'error' : ''].join(' ');
  const hidden = row.subtreeEnd - row.index - 1;
  return (
    <div
      className={cls}
      style={{ top }}
      role="treeitem"
      aria-level={row.depth + 1}
      aria-selected={selected}
      aria-expanded={row.childCount > 0 ? !collapsed : undefined}
      tabIndex={0}
      onClick={() => onSelect(row.index)}
      onKeyDown={(e) => {
        if (e.key === 'Enter' || e.key === ' ') {
          e.preventDefault();
          onSelect(row.index);
        } else if ((e.key === 'ArrowLeft' && !collapsed) || (e.key === 'ArrowRight' && collapsed)) {
          if (row.childCount > 0) onToggle(row.index);
        }
      }}
      data-testid="span-row"
      data-span-id={row.span.spanID}
    >
      <div className="wf-name" style={{ '--depth': row.depth } as React.CSSProperties}>
        {row.childCount > 0 ? (
          <button
            type="button"
            className="wf-toggle"
            aria-label={`${collapsed ? 'Expand' : 'Collapse'} ${row.span.operationName}`}
            tabIndex={-1}
            onClick={(e) => {
              e.stopPropagation();
              onToggle(row.index);
            }}
            data-testid="span-toggle"
          >
            {collapsed ? '▸' : '▾'}
          </button>
        ) : (
          <span className="wf-toggle" />
        )}
        <span className="svc-chip" style={{ background: color }} />
        <span className="wf-label" title={`${row.service}: ${row.span.operationName}`}>
          <span className="wf-svc">{row.service}</span> <span className="wf-op">{row.span.operationName}</span>
        </span>
        {row.error && (
          <span className="wf-err" title="This span failed" aria-label="error">
            !
          </span>
        )}
        {collapsed && hidden > 0 && <span className="wf-hidden" title={`${hidden} spans folded`}>+{hidden}</span>}
      </div>
      <div className="wf-timeline">
        <span className="wf-bar" style={{ left: `${bar.left}%`, width: `${bar.width}%`, background: color }} />
        <span className={`wf-dur ${bar.label}`} style={
            bar.label === 'right' ? { left: `calc(${bar.left + bar.width}% + 4px)` } : bar.label === 'left' ? { right: `calc(${100 - bar.left}% + 4px)` } : { left: `calc(${bar.left}% + 4px)` }
          }>
          {formatDurationUs(row.durationUs)}
        </span>
      </div>
    </div>
  );
});
