/**
 * The label browser: pick stream label names, then their values (from the Loki label APIs over
 * the current range), and it builds the stream selector `{name="value", ...}`.
 */
import { useEffect, useMemo, useState } from 'react';
import { isAbort } from '../../api-client';
import type { ResolvedRange } from '../../time-range';
import { fetchLabelNames, fetchLabelValues } from './loki-api';
import { buildSelector } from './selector';

interface Props {
  readonly range: ResolvedRange | null;
  readonly onUse: (selector: string, run: boolean) => void;
}

type Load<T> = { readonly state: 'loading' } | { readonly state: 'error'; readonly message: string } | { readonly state: 'done'; readonly data: T };

export function LabelBrowser({ range, onUse }: Props) {
  const [names, setNames] = useState<Load<string[]>>({ state: 'loading' });
  const [picked, setPicked] = useState<readonly string[]>([]);
  const [chosen, setChosen] = useState<ReadonlyMap<string, readonly string[]>>(new Map());
  const startMs = range?.startMs;
  const endMs = range?.endMs;

  useEffect(() => {
    if (startMs === undefined || endMs === undefined) return;
    const abort = new AbortController();
    setNames({ state: 'loading' });
    fetchLabelNames({ startMs, endMs }, abort.signal).then(
      (data) => setNames({ state: 'done', data }),
      (e: unknown) => {
        if (!isAbort(e)) setNames({ state: 'error', message: (e as Error).message });
      },
    );
    return () => abort.abort();
  }, [startMs, endMs]);

  const selector = useMemo(() => buildSelector(new Map(picked.map((n) => [n, chosen.get(n) ?? []]))), [picked, chosen]);

  const toggleName = (name: string): void => setPicked((p) => (p.includes(name) ? p.filter((n) => n !== name) : [...p, name]));
  const toggleValue = (name: string, value: string): void =>
    setChosen((m) => {
      const old = m.get(name) ?? [];
      return new Map(m).set(name, old.includes(value) ? old.filter((v) => v !== value) : [...old, value]);
    });

  return (
    <section className="card label-browser" aria-label="Label browser" data-testid="label-browser">
      <h3>1. Pick labels</h3>
      {range === null && <p className="hint">Fix the time range to list labels.</p>}
      {names.state === 'loading' && range !== null && <p className="hint">Loading labels…</p>}
      {names.state === 'error' && (
        <div className="query-error" role="alert">
          <strong>Could not list labels:</strong> {names.message}
        </div>
      )}
      {names.state === 'done' && names.data.length === 0 && (
        <p className="empty-result">
          <strong>No stream labels in this time range.</strong> Widen the range, or check on Home whether logs are arriving.
        </p>
      )}
      {names.state === 'done' && names.data.length > 0 && (
        <div className="chips" data-testid="label-names">
          {names.data.map((n) => (
            <button key={n} type="button" className="chip" aria-pressed={picked.includes(n)} onClick={() => toggleName(n)}>
              {n}
            </button>
          ))}
        </div>
      )}
      {picked.length > 0 && (
        <>
          <h3>2. Pick values</h3>
          <div className="label-values">
            {picked.map((name) => (
              <LabelValues key={name} name={name} startMs={startMs} endMs={endMs} chosen={chosen.get(name) ?? []} onToggle={(value) => toggleValue(name, value)} />
            ))}
          </div>
        </>
      )}
      <h3>3. Resulting selector</h3>
      <div className="label-browser-result">
        <code data-testid="built-selector">{selector === '' ? 'Pick a label and at least one value.' : selector}</code>
        <span className="label-browser-actions">
          <button type="button" className="btn small" disabled={selector === ''} onClick={() => onUse(selector, false)} data-testid="use-selector">
            Use as query
          </button>
          <button type="button" className="btn small primary" disabled={selector === ''} onClick={() => onUse(selector, true)} data-testid="run-selector">
            Show logs
          </button>
        </span>
      </div>
    </section>
  );
}

interface ValuesProps {
  readonly name: string;
  readonly startMs: number | undefined;
  readonly endMs: number | undefined;
  readonly chosen: readonly string[];
  readonly onToggle: (value: string) => void;
}

/** One picked label's values, loaded when it is picked. */
function LabelValues({ name, startMs, endMs, chosen, onToggle }: ValuesProps) {
  const [values, setValues] = useState<Load<string[]>>({ state: 'loading' });
  useEffect(() => {
    if (startMs === undefined || endMs === undefined) return;
    const abort = new AbortController();
    setValues({ state: 'loading' });
    fetchLabelValues(name, { startMs, endMs }, abort.signal).then(
      (data) => setValues({ state: 'done', data }),
      (e: unknown) => {
        if (!isAbort(e)) setValues({ state: 'error', message: (e as Error).message });
      },
    );
    return () => abort.abort();
  }, [name, startMs, endMs]);

  return (
    <div className="label-values-col" data-testid={`label-values-${name}`}>
      <div className="label-values-name">{name}</div>
      {values.state === 'loading' && <p className="hint">Loading…</p>}
      {values.state === 'error' && <p className="field-error">{values.message}</p>}
      {values.state === 'done' && values.data.length === 0 && <p className="hint">No values in this range.</p>}
      {values.state === 'done' && values.data.length > 0 && (
        <div className="chips scroll">
          {values.data.map((value) => (
            <button key={value} type="button" className="chip" aria-pressed={chosen.includes(value)} onClick={() => onToggle(value)}>
              {value}
            </button>
          ))}
        </div>
      )}
    </div>
  );
}
