import type { DuckDBConnection } from '@duckdb/node-api';
import type { WriteQueue, WriterSession } from './db/write-queue.js';
import { GLOBAL_TABLES, columnTypes } from './schema.js';

/**
 * Tenant names to the small integer ids every row carries (an integer column costs a fraction
 * of a text column to write and filter). Loaded at open; new tenants are added by the write loop
 * inside the transaction of the data that needs them.
 */
export class TenantDictionary {
  private readonly ids = new Map<string, number>();
  private nextId = 1;

  async load(conn: DuckDBConnection): Promise<void> {
    const r = await conn.runAndReadAll('SELECT tenant_id, name FROM tenants');
    for (const [id, name] of r.getRows()) {
      this.ids.set(String(name), Number(id));
      this.nextId = Math.max(this.nextId, Number(id) + 1);
    }
  }

  /** The id of a tenant that has written something, for reads; undefined means no data. */
  lookup(name: string): number | undefined {
    return this.ids.get(name);
  }

  /** The id of a tenant, registering it in the current write transaction when new. */
  async resolve(session: WriterSession, name: string): Promise<number> {
    const known = this.ids.get(name);
    if (known !== undefined) return known;
    const id = this.nextId++;
    const a = await session.appender('tenants', columnTypes(GLOBAL_TABLES.tenants));
    a.num(0, id);
    a.str(1, name);
    a.endRow();
    this.ids.set(name, id);
    session.onRollback(() => this.ids.delete(name));
    return id;
  }

  /** The id of a tenant, committed on its own first when new: for writers whose rows are written later (the ingest journal). */
  async ensure(queue: WriteQueue, name: string): Promise<number> {
    const known = this.ids.get(name);
    if (known !== undefined) return known;
    let id = -1;
    await queue.submit({
      signal: 'metrics',
      rows: 1,
      prepare: () => Promise.resolve(),
      write: async (session) => {
        id = await this.resolve(session, name);
      },
    });
    return id;
  }
}
