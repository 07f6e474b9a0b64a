import type { DuckDBConnection } from '@duckdb/node-api';
import type { InstrumentationScope, SpanResource } from '../../../model/index.js';
import { encodeAttributes } from '../../../model/index.js';
import type { WriterSession } from '../db/write-queue.js';
import { GLOBAL_TABLES, columnTypes } from '../schema.js';

/**
 * Resources and instrumentation scopes stored once each (per tenant and distinct content) and
 * referenced by id from span rows, so spans do not repeat them. Loaded at open; new entries are
 * written in the transaction of the spans that use them.
 */
export class SpanDimensions {
  private readonly resources = new Map<string, number>();
  private readonly scopes = new Map<string, number>();
  private nextResource = 1;
  private nextScope = 1;

  async load(conn: DuckDBConnection): Promise<void> {
    let r = await conn.runAndReadAll(
      'SELECT tenant_id, resource_id, service_name, attributes, dropped_attributes_count, schema_url FROM span_resources',
    );
    for (const [t, id, svc, attrs, dropped, url] of r.getRows()) {
      this.resources.set(JSON.stringify([Number(t), svc, attrs, Number(dropped), url]), Number(id));
      this.nextResource = Math.max(this.nextResource, Number(id) + 1);
    }
    r = await conn.runAndReadAll('SELECT tenant_id, scope_id, name, version, attributes, dropped_attributes_count, schema_url FROM span_scopes');
    for (const [t, id, name, version, attrs, dropped, url] of r.getRows()) {
      this.scopes.set(JSON.stringify([Number(t), name, version, attrs, Number(dropped), url]), Number(id));
      this.nextScope = Math.max(this.nextScope, Number(id) + 1);
    }
  }

  async writer(session: WriterSession): Promise<SpanDimensionWriter> {
    const res = await session.appender('span_resources', columnTypes(GLOBAL_TABLES.span_resources));
    const scp = await session.appender('span_scopes', columnTypes(GLOBAL_TABLES.span_scopes));
    const added: [Map<string, number>, string][] = [];
    session.onRollback(() => {
      for (const [map, key] of added) map.delete(key);
    });
    return {
      resource: (tenantId: number, r: SpanResource): number => {
        const attrs = encodeAttributes(r.attributes);
        const key = JSON.stringify([tenantId, r.serviceName, attrs, r.droppedAttributesCount, r.schemaUrl]);
        let id = this.resources.get(key);
        if (id === undefined) {
          id = this.nextResource++;
          this.resources.set(key, id);
          added.push([this.resources, key]);
          res.num(0, tenantId);
          res.num(1, id);
          res.str(2, r.serviceName);
          res.str(3, attrs);
          res.num(4, r.droppedAttributesCount);
          res.str(5, r.schemaUrl);
          res.endRow();
        }
        return id;
      },
      scope: (tenantId: number, s: InstrumentationScope): number => {
        const attrs = encodeAttributes(s.attributes);
        const key = JSON.stringify([tenantId, s.name, s.version, attrs, s.droppedAttributesCount, s.schemaUrl]);
        let id = this.scopes.get(key);
        if (id === undefined) {
          id = this.nextScope++;
          this.scopes.set(key, id);
          added.push([this.scopes, key]);
          scp.num(0, tenantId);
          scp.num(1, id);
          scp.str(2, s.name);
          scp.str(3, s.version);
          scp.str(4, attrs);
          scp.num(5, s.droppedAttributesCount);
          scp.str(6, s.schemaUrl);
          scp.endRow();
        }
        return id;
      },
    };
  }
}

export interface SpanDimensionWriter {
  resource(tenantId: number, r: SpanResource): number;
  scope(tenantId: number, s: InstrumentationScope): number;
}
