import { useEffect } from 'react';

/**
 * Marks the first render of a view's content (`omniscope:rendered:<view>`), once per page
 * load, so tests and curious users can read the time to first render from the Performance API.
 */
export function useMarkRendered(view: string, ready: boolean): void {
  useEffect(() => {
    const name = `omniscope:rendered:${view}`;
    if (ready && performance.getEntriesByName(name).length === 0) performance.mark(name);
  }, [view, ready]);
}
