import type { Label, LabelFilterExpr, Labels } from '../../../model/index.js';
import { DUPLICATE_SUFFIX, entryLabelValue, sortLabels } from '../../../model/index.js';
import type { LogCountGrouping } from '../../contract.js';
import { decidedByStream } from './label-filter-plan.js';

/** Label names a record's trace and span ids can appear under. */
const ID_NAMES: ReadonlySet<string> = new Set(['trace_id', 'span_id', `trace_id${DUPLICATE_SUFFIX}`, `span_id${DUPLICATE_SUFFIX}`]);

/** A record's labels as LogQL metric queries see them (LogCountGrouping's definition), reduced by `grouping`. */
export function seriesLabels(stream: Labels, metadata: Labels, grouping: LogCountGrouping | undefined): Labels {
  if (grouping !== undefined && !grouping.without) {
    const out: Label[] = [];
    for (const name of new Set(grouping.labels)) {
      const value = entryLabelValue(stream, metadata, name);
      if (value !== '') out.push({ name, value });
    }
    return sortLabels(out);
  }
  let labels: Labels = stream;
  if (metadata.length > 0) labels = sortLabels([...stream.filter((l) => !metadata.some((m) => m.name === l.name)), ...metadata]);
  if (grouping === undefined) return labels;
  const dropped = new Set(grouping.labels);
  return labels.filter((l) => !dropped.has(l.name));
}

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
