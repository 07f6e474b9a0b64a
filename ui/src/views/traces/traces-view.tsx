/** Traces Explore: search by service, operation, tags and duration; open a trace as a waterfall. All state in the URL. */
import { useCallback } from 'react';
import { navigate } from '../../shell/router';
import { SearchForm } from './search-form';
import { SearchResults } from './search-results';
import { TracePage } from './trace-page';
import { readTraceSearch, writeOpenTrace, writeTraceSearch } from './traces-state';
import type { TraceSearch } from './traces-state';
import type { ViewProps } from '../../shell/app';
import './traces.css';

const PATH = '/explore/traces';

export function TracesView({ range, refreshTick, params }: ViewProps) {
  const search = readTraceSearch(params);
  const traceId = params.get('trace');
  const onSearch = useCallback((s: TraceSearch) => navigate(PATH, writeTraceSearch(params, s)), [params]);
  const openTrace = useCallback((id: string) => navigate(PATH, writeOpenTrace(params, id)), [params]);
  const closeTrace = useCallback(() => navigate(PATH, writeOpenTrace(params, null)), [params]);
  const selectSpan = useCallback((spanId: string | null) => navigate(PATH, writeOpenTrace(params, params.get('trace'), spanId), true), [params]);

  if (traceId !== null && traceId !== '') {
    return (
      <div className="traces-view">
        <TracePage key={traceId} traceId={traceId} spanId={params.get('span')} refreshTick={refreshTick} hasSearch={search.service !== ''} onBack={closeTrace} onSelectSpan={selectSpan} />
      </div>
    );
  }
  return (
    <div className="traces-view">
      <div className="view-header">
        <h1>Traces</h1>
      </div>
      <SearchForm search={search} onSearch={onSearch} />
      <SearchResults search={search} range={range} refreshTick={refreshTick} onOpen={openTrace} traceHref={(id) => `${PATH}?${writeOpenTrace(params, id).toString()}`} onSort={(sort) => onSearch({ ...search, sort })} />
    </div>
  );
}
