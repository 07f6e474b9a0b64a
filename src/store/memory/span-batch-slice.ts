import type { InstrumentationScope, SpanBatch, SpanInput, SpanResource } from '../../model/index.js';
import { SpanBatchBuilder } from '../../model/index.js';

/**
 * One span with its resource and scope by reference instead of by batch index, so it can
 * outlive the batch it came from and be regrouped into new batches.
 */
export type SpanRow = Omit<SpanInput, 'resourceIndex' | 'scopeIndex'> & {
  readonly resource: SpanResource;
  readonly scope: InstrumentationScope;
};

/**
 * Reads row `i` of a batch. Returns null when the row is malformed: an index outside the
 * batch, a resource or scope index outside their lists, or a missing id or time.
 */
export function readSpanRow(batch: SpanBatch, i: number): SpanRow | null {
  const resource = batch.resources[batch.resourceIndex[i] ?? -1];
  const scope = batch.scopes[batch.scopeIndex[i] ?? -1];
  const traceId = batch.traceId[i];
  const spanId = batch.spanId[i];
  const startTimeUnixNano = batch.startTimeUnixNano[i];
  const endTimeUnixNano = batch.endTimeUnixNano[i];
  if (
    i < 0 ||
    i >= batch.length ||
    resource === undefined ||
    scope === undefined ||
    traceId === undefined ||
    spanId === undefined ||
    startTimeUnixNano === undefined ||
    endTimeUnixNano === undefined
  ) {
    return null;
  }
  return {
    resource,
    scope,
    traceId,
    spanId,
    parentSpanId: batch.parentSpanId[i] ?? '',
    traceState: batch.traceState[i] ?? '',
    name: batch.name[i] ?? '',
    kind: batch.kind[i] ?? 0,
    startTimeUnixNano,
    endTimeUnixNano,
    statusCode: batch.statusCode[i] ?? 0,
    statusMessage: batch.statusMessage[i] ?? '',
    attributes: batch.attributes[i] ?? [],
    events: batch.events[i] ?? [],
    links: batch.links[i] ?? [],
    flags: batch.flags[i] ?? 0,
    droppedAttributesCount: batch.droppedAttributesCount[i] ?? 0,
    droppedEventsCount: batch.droppedEventsCount[i] ?? 0,
    droppedLinksCount: batch.droppedLinksCount[i] ?? 0,
  };
}

/**
 * Builds a new batch of the given rows, in the given order. Rows sharing a resource (or scope)
 * object share one entry of `resources` (or `scopes`). Every column is a fresh array.
 */
export function buildSpanBatch(tenant: string, rows: readonly SpanRow[]): SpanBatch {
  const builder = new SpanBatchBuilder(tenant);
  const resourceIds = new Map<SpanResource, number>();
  const scopeIds = new Map<InstrumentationScope, number>();
  for (const row of rows) {
    let resourceIndex = resourceIds.get(row.resource);
    if (resourceIndex === undefined) {
      resourceIndex = builder.resource(row.resource);
      resourceIds.set(row.resource, resourceIndex);
    }
    let scopeIndex = scopeIds.get(row.scope);
    if (scopeIndex === undefined) {
      scopeIndex = builder.scope(row.scope);
      scopeIds.set(row.scope, scopeIndex);
    }
    const { resource: _resource, scope: _scope, ...span } = row;
    builder.span({ ...span, resourceIndex, scopeIndex });
  }
  return builder.build();
}

/** The rows at `indices` of a batch as a new batch (malformed rows are skipped). */
export function sliceSpanBatch(batch: SpanBatch, indices: Iterable<number>): SpanBatch {
  const rows: SpanRow[] = [];
  for (const i of indices) {
    const row = readSpanRow(batch, i);
    if (row !== null) rows.push(row);
  }
  return buildSpanBatch(batch.tenant, rows);
}
