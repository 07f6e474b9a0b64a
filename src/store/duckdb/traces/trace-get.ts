import type { InstrumentationScope, SpanBatch, SpanResource } from '../../../model/index.js';
import { SpanBatchBuilder, decodeAttributes } from '../../../model/index.js';
import { readAll } from '../db/read-pool.js';
import { SqlParams } from '../db/sql-params.js';
import { dayTableSql } from '../partitions.js';
import type { StoreContext } from '../store-context.js';
import { clampNsRange, dayOfNs } from '../time-units.js';
import { decodeEvents, decodeLinks, isTraceId, traceKey } from './span-codec.js';

const SPAN_COLUMNS =
  's.trace_id, s.span_id, s.parent_span_id, s.trace_state, s.name, s.kind, s.start_ns, s.end_ns, s.status_code, ' +
  's.status_message, s.attributes, s.events, s.links, s.flags, s.dropped_attributes_count, s.dropped_events_count, ' +
  's.dropped_links_count, s.resource_id, r.service_name, r.attributes, r.dropped_attributes_count, r.schema_url, ' +
  's.scope_id, c.name, c.version, c.attributes, c.dropped_attributes_count, c.schema_url';

/**
 * Every stored span of a trace, sorted by start time then span id, with resources and scopes
 * de-duplicated per batch; null when none is stored. Look-up cost: the per-day trace index (one
 * 64-bit key per trace and day) of the days in `range` (every day without a hint) is scanned
 * first; only days that hold the trace are then read, filtered on the same fixed-width key.
 */
export async function getTrace(
  ctx: StoreContext,
  tenant: string,
  traceId: string,
  range: { startUnixNano: bigint; endUnixNano: bigint } | undefined,
  signal: AbortSignal,
): Promise<SpanBatch | null> {
  ctx.pool.ensureOpen();
  const tenantId = ctx.tenants.lookup(tenant);
  if (tenantId === undefined || !isTraceId(traceId)) {
    signal.throwIfAborted();
    return null;
  }
  const key = traceKey(traceId);
  const hint = range === undefined ? undefined : clampNsRange(range.startUnixNano, range.endUnixNano);
  if (hint === null) return null;
  return ctx.pool.use(signal, async (conn) => {
    const candidates = () =>
      hint === undefined ? ctx.partitions.all('traces') : ctx.partitions.overlapping('traces', dayOfNs(hint.startNs), dayOfNs(hint.endNs));
    const found = await readAll(
      conn,
      () => {
        const days = candidates();
        if (days.length === 0) return null;
        const p = new SqlParams();
        const t = p.int(tenantId);
        const k = p.bigint(key);
        const parts = days.map((d) => `(SELECT ${p.int(d)} AS day FROM ${dayTableSql('trace_index', d)} WHERE tenant_id = ${t} AND trace_key = ${k} LIMIT 1)`);
        return { sql: `SELECT day FROM (${parts.join(' UNION ALL ')})`, params: p };
      },
      signal,
      'looking up the trace index',
    );
    const days = (found?.getRows() ?? []).map((r) => Number(r[0]));
    if (days.length === 0) return null;
    const r = await readAll(
      conn,
      () => {
        const p = new SqlParams();
        const t = p.int(tenantId);
        const k = p.bigint(key);
        const id = p.text(traceId);
        const live = days.filter((d) => ctx.partitions.has('traces', d));
        if (live.length === 0) return null;
        const parts = live.map((d) => `SELECT * FROM ${dayTableSql('spans', d)} WHERE tenant_id = ${t} AND trace_key = ${k} AND trace_id = ${id}`);
        const sql =
          `SELECT ${SPAN_COLUMNS} FROM (${parts.join(' UNION ALL ')}) s ` +
          `LEFT JOIN span_resources r ON r.resource_id = s.resource_id LEFT JOIN span_scopes c ON c.scope_id = s.scope_id ` +
          `ORDER BY s.start_ns, s.span_id`;
        return { sql, params: p };
      },
      signal,
      'reading trace spans',
    );
    const rows = r?.getRows() ?? [];
    if (rows.length === 0) return null;
    const builder = new SpanBatchBuilder(tenant);
    const resources = new Map<number, number>();
    const scopes = new Map<number, number>();
    for (const row of rows) {
      const resourceId = Number(row[17]);
      let ri = resources.get(resourceId);
      if (ri === undefined) {
        const res: SpanResource = {
          serviceName: String(row[18] ?? ''),
          attributes: decodeAttributes(String(row[19] ?? '[]')),
          droppedAttributesCount: Number(row[20] ?? 0),
          schemaUrl: String(row[21] ?? ''),
        };
        ri = builder.resource(res);
        resources.set(resourceId, ri);
      }
      const scopeId = Number(row[22]);
      let si = scopes.get(scopeId);
      if (si === undefined) {
        const scope: InstrumentationScope = {
          name: String(row[23] ?? ''),
          version: String(row[24] ?? ''),
          attributes: decodeAttributes(String(row[25] ?? '[]')),
          droppedAttributesCount: Number(row[26] ?? 0),
          schemaUrl: String(row[27] ?? ''),
        };
        si = builder.scope(scope);
        scopes.set(scopeId, si);
      }
      builder.span({
        resourceIndex: ri,
        scopeIndex: si,
        traceId: String(row[0]),
        spanId: String(row[1]),
        parentSpanId: String(row[2]),
        traceState: String(row[3]),
        name: String(row[4]),
        kind: Number(row[5]),
        startTimeUnixNano: row[6] as bigint,
        endTimeUnixNano: row[7] as bigint,
        statusCode: Number(row[8]),
        statusMessage: String(row[9]),
        attributes: decodeAttributes(String(row[10])),
        events: decodeEvents(String(row[11])),
        links: decodeLinks(String(row[12])),
        flags: Number(row[13]),
        droppedAttributesCount: Number(row[14]),
        droppedEventsCount: Number(row[15]),
        droppedLinksCount: Number(row[16]),
      });
    }
    return builder.build();
  });
}
