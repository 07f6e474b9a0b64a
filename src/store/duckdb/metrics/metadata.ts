import type { DuckDBConnection } from '@duckdb/node-api';
import type { MetricMetadata, MetricType } from '../../../model/index.js';
import type { SqlParams } from '../db/sql-params.js';
import type { WriterSession } from '../db/write-queue.js';
import { GLOBAL_TABLES, columnTypes } from '../schema.js';

/**
 * Metric family metadata (type, help, unit) per tenant. Distinct entries are kept, so a family
 * has several entries when writers disagree. Known entries are cached to write each once.
 */
export class MetadataCache {
  private readonly known = new Set<string>();

  async load(conn: DuckDBConnection): Promise<void> {
    const r = await conn.runAndReadAll('SELECT tenant_id, family, type, help, unit FROM metric_metadata');
    for (const [t, f, ty, h, u] of r.getRows()) {
      this.known.add(key(Number(t), { metricFamilyName: String(f), type: String(ty) as MetricType, help: String(h), unit: String(u) }));
    }
  }

  /** Entries of `batch` not stored yet for any tenant id (exact check happens in `write`). */
  mayBeNew(entries: readonly MetricMetadata[], tenantId: number | undefined): MetricMetadata[] {
    if (tenantId === undefined) return [...entries];
    return entries.filter((m) => !this.known.has(key(tenantId, m)));
  }

  /** Writes the entries not stored yet inside the group's transaction. */
  async write(session: WriterSession, tenantId: number, entries: readonly MetricMetadata[]): Promise<void> {
    if (entries.length === 0) return;
    const a = await session.appender('metric_metadata', columnTypes(GLOBAL_TABLES.metric_metadata));
    const added: string[] = [];
    for (const m of entries) {
      const k = key(tenantId, m);
      if (this.known.has(k)) continue;
      this.known.add(k);
      added.push(k);
      a.num(0, tenantId);
      a.str(1, m.metricFamilyName);
      a.str(2, m.type);
      a.str(3, m.help);
      a.str(4, m.unit);
      a.endRow();
    }
    session.onRollback(() => {
      for (const k of added) this.known.delete(k);
    });
  }
}

/** SQL reading metadata of a tenant, optionally one family; ordered by family. */
export function metadataSql(tenantPh: string, family: string | undefined, p: SqlParams): string {
  const where = family === undefined ? '' : ` AND family = ${p.text(family)}`;
  return `SELECT family, type, help, unit FROM metric_metadata WHERE tenant_id = ${tenantPh}${where} ORDER BY family, type, help, unit`;
}

function key(tenantId: number, m: MetricMetadata): string {
  return JSON.stringify([tenantId, m.metricFamilyName, m.type, m.help, m.unit]);
}
