import type { SpanBatch } from '../../model/index.js';
import type { TraceSearchQuery, TraceSummary, TracesReader, TracesWriter, WriteResult } from '../contract.js';
import { compareStrings } from '../../model/index.js';
import { sortedDistinct } from './label-sets.js';
import type { MemorySignalEnv } from './memory-env.js';
import { ABORT_CHECK_INTERVAL } from './memory-env.js';
import { cutoffNanos, utcDayOfNanos } from './retention-window.js';
import type { SpanRow } from './span-batch-slice.js';
import { buildSpanBatch, readSpanRow } from './span-batch-slice.js';
import { spanMatches } from './trace-search.js';
import { WriteTally } from '../write-tally.js';

/** A stored span; `seq` is the store-wide write order. */
interface StoredSpan extends SpanRow {
  readonly seq: number;
}

const TRACE_ID = /^[0-9a-f]{32}$/;
const SPAN_ID = /^[0-9a-f]{16}$/;

/**
 * Spans of every tenant in memory, grouped by trace. A span is `invalid` when its trace id is
 * not 32 lowercase hex digits, its span id not 16, or a resource/scope index is out of range;
 * `too_old` when it ended before the retention window. Spans written twice are kept twice.
 */
export class TracesMemory implements TracesWriter, TracesReader {
  private readonly tenants = new Map<string, Map<string, StoredSpan[]>>();
  private nextSeq = 0;

  constructor(private readonly env: MemorySignalEnv) {}

  async appendSpans(batch: SpanBatch): Promise<WriteResult> {
    this.env.ensureOpen();
    const tally = new WriteTally();
    const oldestUnixNano = cutoffNanos(this.env.clock(), this.env.retentionMs);
    let traces = this.tenants.get(batch.tenant);
    for (let i = 0; i < batch.length; i++) {
      const row = readSpanRow(batch, i);
      if (row === null || !TRACE_ID.test(row.traceId) || !SPAN_ID.test(row.spanId)) {
        tally.reject('invalid');
        continue;
      }
      if (row.endTimeUnixNano < oldestUnixNano) {
        tally.reject('too_old');
        continue;
      }
      if (traces === undefined) {
        traces = new Map();
        this.tenants.set(batch.tenant, traces);
      }
      let spans = traces.get(row.traceId);
      if (spans === undefined) {
        spans = [];
        traces.set(row.traceId, spans);
      }
      spans.push({ ...row, seq: this.nextSeq++ });
      tally.accept();
    }
    return tally.result();
  }

  /** Spans ordered by start time, then write order. The range hint is ignored. */
  async getTrace(
    tenant: string,
    traceId: string,
    _range: { startUnixNano: bigint; endUnixNano: bigint } | undefined,
    signal: AbortSignal,
  ): Promise<SpanBatch | null> {
    this.env.ensureOpen();
    signal.throwIfAborted();
    const spans = this.tenants.get(tenant)?.get(traceId.toLowerCase());
    if (spans === undefined || spans.length === 0) return null;
    const ordered = spans.slice().sort((a, b) =>
      a.startTimeUnixNano !== b.startTimeUnixNano ? (a.startTimeUnixNano < b.startTimeUnixNano ? -1 : 1) : a.seq - b.seq,
    );
    return buildSpanBatch(tenant, ordered);
  }

  /**
   * Traces with a span meeting every condition (see `spanMatches`), ordered by the summary's
   * start (the earliest matching span) newest first, then by trace id; at most `limit`.
   */
  async searchTraces(q: TraceSearchQuery, signal: AbortSignal): Promise<TraceSummary[]> {
    this.env.ensureOpen();
    signal.throwIfAborted();
    const found: TraceSummary[] = [];
    let visited = 0;
    for (const [traceId, spans] of this.tenants.get(q.tenant) ?? []) {
      let earliest: bigint | null = null;
      for (const span of spans) {
        if (++visited % ABORT_CHECK_INTERVAL === 0) signal.throwIfAborted();
        if (spanMatches(span, q) && (earliest === null || span.startTimeUnixNano < earliest)) earliest = span.startTimeUnixNano;
      }
      if (earliest !== null) found.push({ traceId, startUnixNano: earliest });
    }
    found.sort((a, b) =>
      a.startUnixNano !== b.startUnixNano ? (a.startUnixNano > b.startUnixNano ? -1 : 1) : compareStrings(a.traceId, b.traceId),
    );
    return found.slice(0, Math.max(0, q.limit));
  }

  /** Services with a span starting in the closed range. */
  async serviceNames(
    q: { readonly tenant: string; readonly startUnixNano: bigint; readonly endUnixNano: bigint },
    signal: AbortSignal,
  ): Promise<string[]> {
    const names: string[] = [];
    for (const span of this.spansStartingIn(q, signal)) names.push(span.resource.serviceName);
    return sortedDistinct(names);
  }

  /** (name, kind) pairs of one service's spans starting in the closed range, by name then kind. */
  async spanNames(
    q: { readonly tenant: string; readonly serviceName: string; readonly startUnixNano: bigint; readonly endUnixNano: bigint },
    signal: AbortSignal,
  ): Promise<{ name: string; kind: number }[]> {
    const pairs = new Map<string, { name: string; kind: number }>();
    for (const span of this.spansStartingIn(q, signal)) {
      if (span.resource.serviceName === q.serviceName) pairs.set(`${span.kind}:${span.name}`, { name: span.name, kind: span.kind });
    }
    return [...pairs.values()].sort((a, b) => compareStrings(a.name, b.name) || a.kind - b.kind);
  }

  /** Removes spans that ended before the window; adds the UTC day of each span's end to `days`. */
  dropExpired(days: Set<number>): void {
    const oldestUnixNano = cutoffNanos(this.env.clock(), this.env.retentionMs);
    for (const [tenantId, traces] of this.tenants) {
      for (const [traceId, spans] of traces) {
        const kept = spans.filter((s) => s.endTimeUnixNano >= oldestUnixNano);
        if (kept.length === spans.length) continue;
        for (const s of spans) if (s.endTimeUnixNano < oldestUnixNano) days.add(utcDayOfNanos(s.endTimeUnixNano));
        if (kept.length === 0) traces.delete(traceId);
        else traces.set(traceId, kept);
      }
      if (traces.size === 0) this.tenants.delete(tenantId);
    }
  }

  private *spansStartingIn(
    q: { readonly tenant: string; readonly startUnixNano: bigint; readonly endUnixNano: bigint },
    signal: AbortSignal,
  ): Iterable<StoredSpan> {
    this.env.ensureOpen();
    signal.throwIfAborted();
    let visited = 0;
    for (const spans of this.tenants.get(q.tenant)?.values() ?? []) {
      for (const span of spans) {
        if (++visited % ABORT_CHECK_INTERVAL === 0) signal.throwIfAborted();
        if (span.startTimeUnixNano >= q.startUnixNano && span.startTimeUnixNano <= q.endUnixNano) yield span;
      }
    }
  }
}
