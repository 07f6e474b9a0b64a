import { useEffect, useRef, useState } from 'react';
import { QUICK_RANGES, describeRange, formatAbsolute, resolveRange } from '../time-range';
import type { TimeRange } from '../time-range';

interface Props {
  readonly range: TimeRange;
  readonly onChange: (range: TimeRange) => void;
}

/** The global range: quick relative picks, or an absolute from–to typed in. */
export function TimeRangePicker({ range, onChange }: Props) {
  const [open, setOpen] = useState(false);
  const [from, setFrom] = useState(range.from);
  const [to, setTo] = useState(range.to);
  const [error, setError] = useState<string | null>(null);
  const box = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!open) return;
    setFrom(range.from);
    setTo(range.to);
    setError(null);
    const onDown = (e: MouseEvent): void => {
      if (box.current !== null && !box.current.contains(e.target as Node)) setOpen(false);
    };
    const onKey = (e: KeyboardEvent): void => {
      if (e.key === 'Escape') setOpen(false);
    };
    document.addEventListener('mousedown', onDown);
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('mousedown', onDown);
      document.removeEventListener('keydown', onKey);
    };
  }, [open, range]);

  const apply = (next: TimeRange): void => {
    const r = resolveRange(next, Date.now());
    if ('error' in r) {
      setError(r.error);
      return;
    }
    onChange(next);
    setOpen(false);
  };

  const resolved = resolveRange(range, Date.now());
  const title = 'error' in resolved ? resolved.error : `${formatAbsolute(resolved.startMs)} to ${formatAbsolute(resolved.endMs)}`;

  return (
    <div className="picker" ref={box}>
      <button type="button" className="btn" aria-haspopup="dialog" aria-expanded={open} title={title} onClick={() => setOpen(!open)} data-testid="range-button">
        <svg aria-hidden="true" width="14" height="14" viewBox="0 0 16 16" fill="none" stroke="currentColor" strokeWidth="1.6"><circle cx="8" cy="8" r="6.5" /><path d="M8 4.5V8l2.5 1.5" /></svg>
        {describeRange(range)}
      </button>
      {open && (
        <div className="picker-pop" role="dialog" aria-label="Time range">
          <form
            className="picker-abs"
            onSubmit={(e) => {
              e.preventDefault();
              apply({ from: from.trim(), to: to.trim() });
            }}
          >
            <h3>Absolute range</h3>
            <label>
              From
              <input name="from" value={from} onChange={(e) => setFrom(e.target.value)} placeholder="now-1h or 2024-05-01 10:00:00" />
            </label>
            <label>
              To
              <input name="to" value={to} onChange={(e) => setTo(e.target.value)} placeholder="now" />
            </label>
            {error !== null && <p className="field-error" role="alert">{error}</p>}
            <button type="submit" className="btn primary">Apply time range</button>
          </form>
          <ul className="picker-quick">
            {QUICK_RANGES.map((q) => (
              <li key={q.from}>
                <button type="button" className={q.from === range.from && range.to === 'now' ? 'active' : ''} onClick={() => apply({ from: q.from, to: 'now' })}>
                  {q.label}
                </button>
              </li>
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}
