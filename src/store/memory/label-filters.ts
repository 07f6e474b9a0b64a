import type { CompiledLabelFilters, Labels } from '../../model/index.js';
import { entryLabelValue, structuredMetadataLabels } from '../../model/index.js';
import type { StoredLog } from './log-stream.js';

/**
 * True when the record passes every filter, tested on its stream labels plus its structured
 * metadata as Loki shows it (the contract's definition, see LogSelection.labelFilters).
 */
export function keepsLabels(filters: CompiledLabelFilters, stream: Labels, record: StoredLog): boolean {
  if (filters.isEmpty) return true;
  const metadata = structuredMetadataLabels(stream, record.metadata, record.traceId, record.spanId);
  return filters.matches((name) => entryLabelValue(stream, metadata, name));
}
