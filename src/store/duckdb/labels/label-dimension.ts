import type { DuckDBConnection } from '@duckdb/node-api';
import type { Label, Labels } from '../../../model/index.js';
import type { ChunkAppender } from '../db/chunk-appender.js';
import type { SeriesIndex } from './series-index.js';
import type { WriterSession } from '../db/write-queue.js';
import type { GlobalTable } from '../schema.js';
import { GLOBAL_TABLES, columnTypes } from '../schema.js';
import { quoteIdent } from '../db/sql-params.js';
import { decodeLabelSet, encodeLabelSet, labelSetKey } from './label-sets.js';

/** Where a label dimension lives: metric series or log streams. */
export interface DimensionSpec {
  /** `(tenant_id, <id>, labels)`: one row per label set. */
  readonly main: GlobalTable & ('series' | 'log_streams');
  /** `(tenant_id, <id>, name, value)`: one row per label, what matchers are pushed down to. */
  readonly labels: GlobalTable & ('series_labels' | 'log_stream_labels');
  readonly idColumn: 'series_id' | 'stream_id';
}

export const SERIES: DimensionSpec = { main: 'series', labels: 'series_labels', idColumn: 'series_id' };
export const STREAMS: DimensionSpec = { main: 'log_streams', labels: 'log_stream_labels', idColumn: 'stream_id' };

/**
 * Label sets to store-assigned ids (unique across tenants), cached in memory and loaded at open.
 * New label sets are written in the transaction of the rows that use them; if that transaction
 * fails, the cache forgets them (their ids are never reused).
 */
export class LabelDimension {
  private readonly ids = new Map<string, number>();
  /**
   * Ids by label-set object. Ingest paths hand the same object for the same series from request
   * to request (the remote write decoder's label cache, the scrape loop's series cache), so a
   * hit skips building and hashing the key string. Weak: entries go with their objects.
   */
  private readonly byObject = new WeakMap<Labels, { tenantId: number; id: number }>();
  private nextId = 1;

  /** `index`, when given, also learns every label set (series queries use it instead of SQL). */
  constructor(
    readonly spec: DimensionSpec,
    readonly index: SeriesIndex | null = null,
  ) {}

  async load(conn: DuckDBConnection): Promise<void> {
    const r = await conn.runAndReadAll(
      `SELECT tenant_id, ${quoteIdent(this.spec.idColumn)}, labels FROM ${quoteIdent(this.spec.main)}`,
    );
    for (const [tenantId, id, labels] of r.getRows()) {
      const decoded = decodeLabelSet(String(labels));
      this.ids.set(labelSetKey(Number(tenantId), decoded), Number(id));
      this.index?.add(Number(tenantId), Number(id), decoded);
      this.nextId = Math.max(this.nextId, Number(id) + 1);
    }
  }

  /** Opens the appenders a write job needs; the returned resolver is synchronous. */
  async writer(session: WriterSession): Promise<DimensionWriter> {
    return new DimensionWriter(this, session, await this.rowWriter(session));
  }

  /** Appends the rows of label sets whose ids were assigned outside the transaction (`assign`, `restore`). */
  async rowWriter(session: WriterSession): Promise<DimensionRows> {
    const main = await session.appender(this.spec.main, columnTypes(GLOBAL_TABLES[this.spec.main]));
    const labels = await session.appender(this.spec.labels, columnTypes(GLOBAL_TABLES[this.spec.labels]));
    return new DimensionRows(main, labels);
  }

  /**
   * The id of a normalized label set, assigned in memory when new (and pushed to `added`); the
   * caller makes it durable (the ingest journal) and writes its rows later with `rowWriter`.
   * `byObject`: the producer reuses label-set objects, so remember by identity.
   */
  assign(tenantId: number, labels: Labels, byObject: boolean, added: { id: number; labels: Labels }[]): number {
    if (byObject) {
      const hit = this.lookupObject(tenantId, labels);
      if (hit !== undefined) return hit;
    }
    const key = labelSetKey(tenantId, labels);
    let id = this.ids.get(key);
    if (id === undefined) {
      id = this.add(key);
      this.index?.add(tenantId, id, labels);
      added.push({ id, labels });
    }
    if (byObject) this.rememberObject(tenantId, labels, id);
    return id;
  }

  /** Re-registers an id assigned before a restart (journal replay); true when DuckDB does not have it yet. */
  restore(tenantId: number, id: number, labels: Labels): boolean {
    const key = labelSetKey(tenantId, labels);
    if (this.ids.has(key)) return false;
    this.ids.set(key, id);
    this.index?.add(tenantId, id, labels);
    this.nextId = Math.max(this.nextId, id + 1);
    return true;
  }

  /** @internal */
  lookup(key: string): number | undefined {
    return this.ids.get(key);
  }

  /** The id remembered for this very label-set object (see `assign`'s byObject), if any. */
  lookupObject(tenantId: number, labels: Labels): number | undefined {
    const hit = this.byObject.get(labels);
    return hit !== undefined && hit.tenantId === tenantId ? hit.id : undefined;
  }

  /** @internal */
  rememberObject(tenantId: number, labels: Labels, id: number): void {
    this.byObject.set(labels, { tenantId, id });
  }

  /** @internal */
  forgetObject(labels: Labels): void {
    this.byObject.delete(labels);
  }

  /** @internal */
  add(key: string): number {
    const id = this.nextId++;
    this.ids.set(key, id);
    return id;
  }

  /** @internal */
  forget(key: string): void {
    this.ids.delete(key);
  }
}

/** Appends the `(id, labels)` row and one row per label of label sets. */
export class DimensionRows {
  constructor(
    private readonly main: ChunkAppender,
    private readonly labels: ChunkAppender,
  ) {}

  write(tenantId: number, id: number, labels: Labels): void {
    this.main.num(0, tenantId);
    this.main.num(1, id);
    this.main.str(2, encodeLabelSet(labels));
    this.main.endRow();
    for (let i = 0; i < labels.length; i++) {
      const l = labels[i] as Label;
      this.labels.num(0, tenantId);
      this.labels.num(1, id);
      this.labels.str(2, l.name);
      this.labels.str(3, l.value);
      this.labels.endRow();
    }
  }
}

/** Resolves label sets to ids inside one write group. */
export class DimensionWriter {
  private readonly added: { key: string; tenantId: number; id: number; labels: Labels }[] = [];

  constructor(
    private readonly dim: LabelDimension,
    session: WriterSession,
    private readonly rows: DimensionRows,
  ) {
    session.onRollback(() => {
      for (const a of this.added) {
        this.dim.forget(a.key);
        this.dim.forgetObject(a.labels);
        this.dim.index?.remove(a.tenantId, a.id);
      }
    });
  }

  /**
   * The id of a normalized label set, adding it to the transaction when new. `byObject`: the
   * producer reuses label-set objects (MetricBatch.reusesSeriesObjects), so remember by identity.
   */
  resolve(tenantId: number, labels: Labels, byObject = false): number {
    if (byObject) {
      const hit = this.dim.lookupObject(tenantId, labels);
      if (hit !== undefined) return hit;
    }
    const key = labelSetKey(tenantId, labels);
    const known = this.dim.lookup(key);
    if (known !== undefined) {
      if (byObject) this.dim.rememberObject(tenantId, labels, known);
      return known;
    }
    const id = this.dim.add(key);
    if (byObject) this.dim.rememberObject(tenantId, labels, id);
    this.added.push({ key, tenantId, id, labels });
    this.dim.index?.add(tenantId, id, labels);
    this.rows.write(tenantId, id, labels);
    return id;
  }
}
