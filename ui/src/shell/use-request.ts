import { useEffect, useState } from 'react';
import type { DependencyList } from 'react';
import { isAbort } from '../api-client';

/** Where a view's request stands; `done` carries the view's own payload and the time it took. */
export type RequestOutcome<T extends object> =
  | { readonly state: 'idle' }
  | { readonly state: 'running' }
  | { readonly state: 'error'; readonly message: string }
  | ({ readonly state: 'done'; readonly tookMs: number } & T);

/**
 * Runs a request whenever `deps` change, aborting the previous one, so a view is never left
 * spinning and a late answer never overwrites a newer one. `plan` says what to do: null for
 * nothing to ask (idle), a message for a mistake found before asking (error), or a function that
 * asks, given the abort signal, and maps the answer to the `done` payload.
 */
export function useRequest<T extends object>(plan: () => null | string | ((signal: AbortSignal) => Promise<T>), deps: DependencyList): RequestOutcome<T> {
  const [outcome, setOutcome] = useState<RequestOutcome<T>>({ state: 'idle' });
  useEffect(() => {
    const next = plan();
    if (next === null) {
      setOutcome({ state: 'idle' });
      return;
    }
    if (typeof next === 'string') {
      setOutcome({ state: 'error', message: next });
      return;
    }
    const abort = new AbortController();
    const started = performance.now();
    setOutcome({ state: 'running' });
    next(abort.signal).then(
      (payload) => setOutcome({ state: 'done', tookMs: performance.now() - started, ...payload }),
      (e: unknown) => {
        if (!isAbort(e)) setOutcome({ state: 'error', message: (e as Error).message });
      },
    );
    return () => abort.abort();
    // The caller's deps decide when to ask again; `plan` is a new closure every render.
  }, deps);
  return outcome;
}
