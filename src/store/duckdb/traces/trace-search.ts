import type { Attributes } from '../../../model/index.js';
import { anyValueToString, decodeAttributes } from '../../../model/index.js';
import type { TraceSearchQuery, TraceSummary } from '../../contract.js';
import { readAll } from '../db/read-pool.js';
import { SqlParams } from '../db/sql-params.js';
import { compareCodePoints } from '../labels/label-sets.js';
import { dayTableSql } from '../partitions.js';
import type { StoreContext } from '../store-context.js';
import { clampNsRange, dayOfNs } from '../time-units.js';

type NsQuery = { readonly tenant: string; readonly startUnixNano: bigint; readonly endUnixNano: bigint };

/**
 * Jaeger's search: traces with at least one span satisfying every condition (service, span
 * name, inclusive duration bounds, start in the closed range, and each attribute equal, as a
 * display string, to a span attribute or a resource attribute of that span). Summaries carry
 * the earliest matching span start; most recent first (ties by trace id), at most `limit`.
 * Everything but attribute equality is SQL; attributes are pre-filtered in SQL by substring
 * (a superset) and checked exactly here.
 */
export async function searchTraces(ctx: StoreContext, q: TraceSearchQuery, signal: AbortSignal): Promise<TraceSummary[]> {
  ctx.pool.ensureOpen();
  signal.throwIfAborted();
  const tenantId = ctx.tenants.lookup(q.tenant);
  const range = clampNsRange(q.startUnixNano, q.endUnixNano);
  if (tenantId === undefined || range === null || q.limit <= 0) return [];
  const attrs = q.attributes ?? [];
  const r = await ctx.pool.use(signal, (conn) =>
    readAll(
      conn,
      () => {
        const days = ctx.partitions.overlapping('traces', dayOfNs(range.startNs), dayOfNs(range.endNs));
        if (days.length === 0) return null;
        const p = new SqlParams();
        const t = p.int(tenantId);
        const where = [`tenant_id = ${t}`, `start_ns BETWEEN ${p.bigint(range.startNs)} AND ${p.bigint(range.endNs)}`];
        if (q.serviceName !== undefined) where.push(`service_name = ${p.text(q.serviceName)}`);
        if (q.spanName !== undefined) where.push(`name = ${p.text(q.spanName)}`);
        if (q.minDurationNanos !== undefined) where.push(`duration_ns >= ${p.bigint(q.minDurationNanos)}`);
        if (q.maxDurationNanos !== undefined) where.push(`duration_ns <= ${p.bigint(q.maxDurationNanos)}`);
        const cols = attrs.length === 0 ? 'trace_id, start_ns' : 'trace_id, start_ns, attributes, resource_id';
        const parts = days.map((d) => `SELECT ${cols} FROM ${dayTableSql('spans', d)} WHERE ${where.join(' AND ')}`);
        const spans = parts.join(' UNION ALL ');
        if (attrs.length === 0) {
          const sql = `SELECT trace_id, min(start_ns) AS s FROM (${spans}) GROUP BY trace_id ORDER BY s DESC, trace_id LIMIT ${p.bigint(BigInt(Math.floor(q.limit)))}`;
          return { sql, params: p };
        }
        const pre = attrs.map((a) => {
          const conds = substrings(a.key, a.value).map((s) => p.text(s));
          const on = (col: string): string => conds.map((c) => `contains(${col}, ${c})`).join(' AND ');
          return `((${on('s.attributes')}) OR (${on('r.attributes')}))`;
        });
        const sql =
          `SELECT s.trace_id, s.start_ns, s.attributes, r.attributes FROM (${spans}) s ` +
          `LEFT JOIN span_resources r ON r.resource_id = s.resource_id WHERE ${pre.join(' AND ')}`;
        return { sql, params: p };
      },
      signal,
      'searching traces',
    ),
  );
  const rows = r?.getRows() ?? [];
  if (attrs.length === 0) return rows.map(([id, s]) => ({ traceId: String(id), startUnixNano: s as bigint }));
  const earliest = new Map<string, bigint>();
  const decoded = new Map<string, Attributes>();
  const decode = (text: string): Attributes => {
    let a = decoded.get(text);
    if (a === undefined) {
      a = decodeAttributes(text);
      if (decoded.size < 10_000) decoded.set(text, a);
    }
    return a;
  };
  for (const [id, s, spanAttrs, resAttrs] of rows) {
    const span = decode(String(spanAttrs ?? '[]'));
    const res = decode(String(resAttrs ?? '[]'));
    if (!attrs.every((c) => hasAttribute(span, c.key, c.value) || hasAttribute(res, c.key, c.value))) continue;
    const traceId = String(id);
    const start = s as bigint;
    const prev = earliest.get(traceId);
    if (prev === undefined || start < prev) earliest.set(traceId, start);
  }
  return [...earliest]
    .map(([traceId, startUnixNano]) => ({ traceId, startUnixNano }))
    .sort((a, b) => (a.startUnixNano !== b.startUnixNano ? (a.startUnixNano > b.startUnixNano ? -1 : 1) : compareCodePoints(a.traceId, b.traceId)))
    .slice(0, q.limit);
}

/** Sorted distinct service names of spans starting in the closed range. */
export async function serviceNames(ctx: StoreContext, q: NsQuery, signal: AbortSignal): Promise<string[]> {
  const rows = await distinctSpanColumns(ctx, q, 'service_name', undefined, signal);
  return rows.map((r) => String(r[0])).sort(compareCodePoints);
}

/** Sorted distinct (name, kind) of one service's spans starting in the closed range. */
export async function spanNames(ctx: StoreContext, q: NsQuery & { readonly serviceName: string }, signal: AbortSignal): Promise<{ name: string; kind: number }[]> {
  const rows = await distinctSpanColumns(ctx, q, 'name, kind', q.serviceName, signal);
  return rows.map((r) => ({ name: String(r[0]), kind: Number(r[1]) })).sort((a, b) => compareCodePoints(a.name, b.name) || a.kind - b.kind);
}

async function distinctSpanColumns(ctx: StoreContext, q: NsQuery, columns: string, service: string | undefined, signal: AbortSignal): Promise<unknown[][]> {
  ctx.pool.ensureOpen();
  signal.throwIfAborted();
  const tenantId = ctx.tenants.lookup(q.tenant);
  const range = clampNsRange(q.startUnixNano, q.endUnixNano);
  if (tenantId === undefined || range === null) return [];
  const r = await ctx.pool.use(signal, (conn) =>
    readAll(
      conn,
      () => {
        const days = ctx.partitions.overlapping('traces', dayOfNs(range.startNs), dayOfNs(range.endNs));
        if (days.length === 0) return null;
        const p = new SqlParams();
        const t = p.int(tenantId);
        const s = p.bigint(range.startNs);
        const e = p.bigint(range.endNs);
        const svc = service === undefined ? '' : ` AND service_name = ${p.text(service)}`;
        const parts = days.map((d) => `SELECT ${columns} FROM ${dayTableSql('spans', d)} WHERE tenant_id = ${t} AND start_ns BETWEEN ${s} AND ${e}${svc}`);
        return { sql: `SELECT DISTINCT ${columns} FROM (${parts.join(' UNION ALL ')})`, params: p };
      },
      signal,
      `reading span ${columns}`,
    ),
  );
  return r?.getRows() ?? [];
}

/**
 * Substrings the stored attribute text (model encodeAttributes) must contain when an attribute
 * `key` has the display string `value`: the key as a JSON string, and the value as it appears
 * in JSON for scalar types (strings, numbers, booleans, base64 bytes). Array and kvlist display
 * strings have a different shape, so a value starting with `[` or `{` only requires the key.
 */
function substrings(key: string, value: string): string[] {
  const out = [JSON.stringify(key)];
  if (value !== '' && !value.startsWith('[') && !value.startsWith('{')) out.push(JSON.stringify(value).slice(1, -1));
  return out;
}

function hasAttribute(attrs: Attributes, key: string, value: string): boolean {
  for (const a of attrs) if (a.key === key && anyValueToString(a.value) === value) return true;
  return false;
}
