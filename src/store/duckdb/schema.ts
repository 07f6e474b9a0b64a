import type { DuckDBConnection, DuckDBType } from '@duckdb/node-api';
import { BIGINT, BLOB, DOUBLE, INTEGER, UINTEGER, UTINYINT, VARCHAR } from '@duckdb/node-api';
import { quoteIdent } from './db/sql-params.js';

/**
 * Every table of the store. Column lists are the single source for both the DDL and the
 * appenders' chunk types, so they cannot drift apart.
 *
 * Conventions: every row carries `tenant_id` (see `tenants`); times are integers with their unit
 * in the name; label sets and attributes are stored as text (JSON) next to an inverted
 * `(id, name, value)` table that label matchers are pushed down to.
 */
export interface TableSpec {
  readonly columns: readonly { readonly name: string; readonly type: DuckDBType }[];
}

const spec = (...cols: [string, DuckDBType][]): TableSpec => ({ columns: cols.map(([name, type]) => ({ name, type })) });

export const SCHEMA_VERSION = '1';

/** Tables that live forever (dimensions and dictionaries). */
export const GLOBAL_TABLES = {
  omniscope_meta: spec(['key', VARCHAR], ['value', VARCHAR]),
  tenants: spec(['tenant_id', INTEGER], ['name', VARCHAR]),
  /** `labels`: the label set as JSON `[[name, value], ...]`, sorted by name. */
  series: spec(['tenant_id', INTEGER], ['series_id', INTEGER], ['labels', VARCHAR]),
  series_labels: spec(['tenant_id', INTEGER], ['series_id', INTEGER], ['name', VARCHAR], ['value', VARCHAR]),
  metric_metadata: spec(['tenant_id', INTEGER], ['family', VARCHAR], ['type', VARCHAR], ['help', VARCHAR], ['unit', VARCHAR]),
  log_streams: spec(['tenant_id', INTEGER], ['stream_id', INTEGER], ['labels', VARCHAR]),
  log_stream_labels: spec(['tenant_id', INTEGER], ['stream_id', INTEGER], ['name', VARCHAR], ['value', VARCHAR]),
  span_resources: spec(
    ['tenant_id', INTEGER],
    ['resource_id', INTEGER],
    ['service_name', VARCHAR],
    ['attributes', VARCHAR],
    ['dropped_attributes_count', UINTEGER],
    ['schema_url', VARCHAR],
  ),
  span_scopes: spec(
    ['tenant_id', INTEGER],
    ['scope_id', INTEGER],
    ['name', VARCHAR],
    ['version', VARCHAR],
    ['attributes', VARCHAR],
    ['dropped_attributes_count', UINTEGER],
    ['schema_url', VARCHAR],
  ),
} as const;

export type GlobalTable = keyof typeof GLOBAL_TABLES;

/** Tables created per signal and UTC day (`<kind>_<yyyymmdd>`), dropped whole by retention. */
export const DAY_TABLES = {
  /** `value` NULL is Prometheus' stale marker (DuckDB does not keep NaN payload bits). */
  samples: spec(['tenant_id', INTEGER], ['series_id', INTEGER], ['ts_ms', BIGINT], ['value', DOUBLE]),
  /**
   * Compacted samples: one row per series and hour holding them all (metrics/chunks/), with
   * the first and last timestamp. Rows of `samples` move here once their hour is compacted.
   */
  sample_chunks: spec(['tenant_id', INTEGER], ['series_id', INTEGER], ['min_ts', BIGINT], ['max_ts', BIGINT], ['data', BLOB]),
  /** One row per series and hour (absolute hour number) with samples in it. */
  series_presence: spec(['tenant_id', INTEGER], ['series_id', INTEGER], ['hour', INTEGER]),
  exemplars: spec(['tenant_id', INTEGER], ['series_id', INTEGER], ['ts_ms', BIGINT], ['value', DOUBLE], ['labels', VARCHAR]),
  logs: spec(
    ['tenant_id', INTEGER],
    ['stream_id', INTEGER],
    ['time_ns', BIGINT],
    ['observed_ns', BIGINT],
    ['severity_number', UTINYINT],
    ['severity_text', VARCHAR],
    ['line', VARCHAR],
    ['metadata', VARCHAR],
    ['trace_id', VARCHAR],
    ['span_id', VARCHAR],
    ['flags', UINTEGER],
  ),
  stream_presence: spec(['tenant_id', INTEGER], ['stream_id', INTEGER], ['hour', INTEGER]),
  /** Partitioned by the UTC day of the span start. `trace_key`: first 64 bits of the trace id. */
  spans: spec(
    ['tenant_id', INTEGER],
    ['trace_key', BIGINT],
    ['trace_id', VARCHAR],
    ['span_id', VARCHAR],
    ['parent_span_id', VARCHAR],
    ['trace_state', VARCHAR],
    ['name', VARCHAR],
    ['kind', UTINYINT],
    ['start_ns', BIGINT],
    ['end_ns', BIGINT],
    ['duration_ns', BIGINT],
    ['status_code', UTINYINT],
    ['status_message', VARCHAR],
    ['service_name', VARCHAR],
    ['resource_id', INTEGER],
    ['scope_id', INTEGER],
    ['attributes', VARCHAR],
    ['events', VARCHAR],
    ['links', VARCHAR],
    ['flags', UINTEGER],
    ['dropped_attributes_count', UINTEGER],
    ['dropped_events_count', UINTEGER],
    ['dropped_links_count', UINTEGER],
  ),
  /** One row per trace and day (duplicates possible): which days hold spans of a trace. */
  trace_index: spec(['tenant_id', INTEGER], ['trace_key', BIGINT]),
} as const;

export type DayTableKind = keyof typeof DAY_TABLES;

export function columnTypes(s: TableSpec): DuckDBType[] {
  return s.columns.map((c) => c.type);
}

export function createTableSql(name: string, s: TableSpec): string {
  const cols = s.columns.map((c) => `${quoteIdent(c.name)} ${c.type.toString()}`).join(', ');
  return `CREATE TABLE IF NOT EXISTS ${quoteIdent(name)} (${cols})`;
}

/** Creates the global tables and checks the schema version. */
export async function createGlobalTables(conn: DuckDBConnection): Promise<void> {
  await conn.run('BEGIN TRANSACTION');
  try {
    for (const [name, s] of Object.entries(GLOBAL_TABLES)) await conn.run(createTableSql(name, s));
    const r = await conn.runAndReadAll(`SELECT value FROM omniscope_meta WHERE key = 'schema_version'`);
    const version = r.getRows()[0]?.[0];
    if (version === undefined) {
      await conn.run(`INSERT INTO omniscope_meta VALUES ('schema_version', $1)`, [SCHEMA_VERSION]);
    } else if (version !== SCHEMA_VERSION) {
      throw new Error(`database schema version ${String(version)} is not supported (expected ${SCHEMA_VERSION})`);
    }
    await conn.run('COMMIT');
  } catch (e) {
    await conn.run('ROLLBACK');
    throw e;
  }
}
