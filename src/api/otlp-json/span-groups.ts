import type { InstrumentationScope, SpanBatch, SpanResource } from '../../model/index.js';
import { encodeAttributes } from '../../model/index.js';

/** The spans (row indices of the batch, in batch order) that share one instrumentation scope. */
export interface ScopeGroup {
  readonly scope: InstrumentationScope;
  readonly spans: number[];
}

/** The scope groups that share one resource, in order of first appearance. */
export interface ResourceGroup {
  readonly resource: SpanResource;
  readonly scopes: ScopeGroup[];
}

/**
 * Groups the rows of a batch the way OTLP nests them: by resource, then by scope. Resources
 * (and scopes within a resource) that are equal in content are merged even when the batch
 * lists them twice (spans written in separate requests), so a trace read back from storage
 * has one ResourceSpans per distinct resource. Groups and spans keep batch order.
 */
export function groupSpansByResourceAndScope(batch: SpanBatch): ResourceGroup[] {
  const resourceKeys = batch.resources.map(resourceKey);
  const scopeKeys = batch.scopes.map(scopeKey);
  const groups: ResourceGroup[] = [];
  const byResource = new Map<string, { group: ResourceGroup; byScope: Map<string, ScopeGroup> }>();
  for (let i = 0; i < batch.length; i++) {
    const ri = batch.resourceIndex[i] ?? -1;
    const si = batch.scopeIndex[i] ?? -1;
    const resource = batch.resources[ri];
    const scope = batch.scopes[si];
    if (resource === undefined || scope === undefined) continue;
    const rKey = resourceKeys[ri] as string;
    let entry = byResource.get(rKey);
    if (entry === undefined) {
      entry = { group: { resource, scopes: [] }, byScope: new Map() };
      byResource.set(rKey, entry);
      groups.push(entry.group);
    }
    const sKey = scopeKeys[si] as string;
    let scopeGroup = entry.byScope.get(sKey);
    if (scopeGroup === undefined) {
      scopeGroup = { scope, spans: [] };
      entry.byScope.set(sKey, scopeGroup);
      entry.group.scopes.push(scopeGroup);
    }
    scopeGroup.spans.push(i);
  }
  return groups;
}

function resourceKey(r: SpanResource): string {
  return `${r.schemaUrl}\u0000${r.droppedAttributesCount}\u0000${encodeAttributes(r.attributes)}`;
}

function scopeKey(s: InstrumentationScope): string {
  return `${s.name}\u0000${s.version}\u0000${s.schemaUrl}\u0000${s.droppedAttributesCount}\u0000${encodeAttributes(s.attributes)}`;
}
