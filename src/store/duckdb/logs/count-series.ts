import type { LabelFilterExpr, Labels } from '../../../model/index.js';
import { DUPLICATE_SUFFIX } from '../../../model/index.js';
import type { LogCountGrouping } from '../../contract.js';
import { decidedByStream } from './label-filter-plan.js';

/** Label names a record's trace and span ids can appear under. */
const ID_NAMES: ReadonlySet<string> = new Set(['trace_id', 'span_id', `trace_id${DUPLICATE_SUFFIX}`, `span_id${DUPLICATE_SUFFIX}`]);


/**
 * What a stream's records must be grouped by in SQL beyond (stream, bucket): `metadata` when the
 * series labels or the label filter left for the stream (`residual`) can depend on structured
 * metadata, `ids` when they can depend on the record's trace or span id. Grouping by less keeps
 * the rows DuckDB returns few: `sum by (level)` over streams that carry `level` is one row per
 * stream and bucket.
 */
export function groupingNeeds(stream: Labels, grouping: LogCountGrouping | undefined, residual: LabelFilterExpr | null): { metadata: boolean; ids: boolean } {
  const residualNames = residual === null ? [] : filterNames(residual);
  if (grouping === undefined || grouping.without) return { metadata: true, ids: true };
  const open = grouping.labels.filter((name) => decidedByStream(stream, name) === undefined);
  const metadata = open.length > 0 || residual !== null;
  const ids = open.some((n) => ID_NAMES.has(n)) || residualNames.some((n) => ID_NAMES.has(n));
  return { metadata, ids };
}

function filterNames(e: LabelFilterExpr): string[] {
  return e.op === 'match' ? [e.matcher.name] : [...filterNames(e.left), ...filterNames(e.right)];
}
