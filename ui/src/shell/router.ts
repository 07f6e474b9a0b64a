/** A tiny history-API router: the path picks the view, the query string holds its state. */
import { useSyncExternalStore } from 'react';

const CHANGE = 'omniscope:navigate';

function subscribe(onChange: () => void): () => void {
  window.addEventListener('popstate', onChange);
  window.addEventListener(CHANGE, onChange);
  return () => {
    window.removeEventListener('popstate', onChange);
    window.removeEventListener(CHANGE, onChange);
  };
}

const snapshot = (): string => window.location.pathname + window.location.search;

export interface Location {
  readonly path: string;
  readonly params: URLSearchParams;
}

export function useLocation(): Location {
  const href = useSyncExternalStore(subscribe, snapshot);
  const url = new URL(href, window.location.origin);
  return { path: url.pathname, params: url.searchParams };
}

/** Goes to `path?params`; `replace` keeps the history short for edits that are not navigation. */
export function navigate(path: string, params: URLSearchParams, replace = false): void {
  const qs = params.toString();
  const href = qs === '' ? path : `${path}?${qs}`;
  if (href === snapshot()) return;
  if (replace) window.history.replaceState(null, '', href);
  else window.history.pushState(null, '', href);
  window.dispatchEvent(new Event(CHANGE));
}
