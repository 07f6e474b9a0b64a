import type { Labels, LogBatch } from '../../model/index.js';
import { CompiledLabelFilters, LogBatchBuilder, getLabel, labelsKey } from '../../model/index.js';
import type { LogCountBatch, LogCountQuery, LogLabelQuery, LogSelection, LogsReader, LogsWriter, WriteResult } from '../contract.js';
import { compareLabels } from '../../model/index.js';
import { normalizeLabels, sortedDistinct } from './label-sets.js';
import { keepsLabels } from './label-filters.js';
import { countStreamRecords } from './log-counts.js';
import { compileLineFilters, keepsLine } from './line-filters.js';
import { compileMatcherSets, compileMatchers, matchesAll, matchesAny } from './matching.js';
import type { MemorySignalEnv } from './memory-env.js';
import { ABORT_CHECK_INTERVAL } from './memory-env.js';
import type { StoredLog } from './log-stream.js';
import { LogStream } from './log-stream.js';
import { cutoffNanos } from './retention-window.js';
import { WriteTally } from '../write-tally.js';

/** Records per yielded `LogBatch`. */
const RECORDS_PER_BATCH = 1000;

interface Candidate {
  readonly record: StoredLog;
  readonly stream: LogStream;
  /** Position of the stream in label-set order: the first tie-breaker after time. */
  readonly rank: number;
}

/**
 * Logs of every tenant in memory, one `LogStream` per distinct stream label set.
 *
 * Order of `selectLogs`: forward is (time, stream label set, write order) ascending; backward
 * is exactly the reverse of forward, so `limit` keeps the newest records and ties come out in
 * reverse stream and reverse write order.
 */
export class LogsMemory implements LogsWriter, LogsReader {
  private readonly tenants = new Map<string, Map<string, LogStream>>();
  private nextSeq = 0;

  constructor(private readonly env: MemorySignalEnv) {}

  async appendLogs(batch: LogBatch): Promise<WriteResult> {
    this.env.ensureOpen();
    const tally = new WriteTally();
    const oldestUnixNano = cutoffNanos(this.env.clock(), this.env.retentionMs);
    const streams = this.tenantStreams(batch.tenant, true);
    const resolved: (LogStream | null | undefined)[] = new Array(batch.streams.length);
    for (let i = 0; i < batch.length; i++) {
      const streamIndex = batch.streamIndex[i];
      const time = batch.timeUnixNano[i];
      const line = batch.line[i];
      if (streamIndex === undefined || streamIndex < 0 || streamIndex >= batch.streams.length || time === undefined || line === undefined) {
        tally.reject('invalid');
        continue;
      }
      if (time < oldestUnixNano) {
        tally.reject('too_old');
        continue;
      }
      let stream = resolved[streamIndex];
      if (stream === undefined) {
        stream = resolveStream(streams, batch.streams[streamIndex] as Labels);
        resolved[streamIndex] = stream;
      }
      if (stream === null) {
        tally.reject('invalid');
        continue;
      }
      stream.append({
        timeUnixNano: time,
        observedTimeUnixNano: batch.observedTimeUnixNano[i] ?? 0n,
        severityNumber: batch.severityNumber[i] ?? 0,
        severityText: batch.severityText[i] ?? '',
        line,
        metadata: batch.metadata[i] ?? [],
        traceId: batch.traceId[i] ?? '',
        spanId: batch.spanId[i] ?? '',
        flags: batch.flags[i] ?? 0,
        seq: this.nextSeq++,
      });
      tally.accept();
    }
    return tally.result();
  }

  async *selectLogs(q: LogSelection, signal: AbortSignal): AsyncIterable<LogBatch> {
    this.env.ensureOpen();
    signal.throwIfAborted();
    const matchers = compileMatchers(q.matchers);
    const filters = compileLineFilters(q.lineFilters);
    const labelFilters = new CompiledLabelFilters(q.labelFilters ?? []);
    const streams = [...(this.tenantStreams(q.tenant, false)?.values() ?? [])]
      .filter((s) => matchesAll(s.labels, matchers))
      .sort((a, b) => compareLabels(a.labels, b.labels));
    const candidates: Candidate[] = [];
    let visited = 0;
    for (let rank = 0; rank < streams.length; rank++) {
      const stream = streams[rank] as LogStream;
      for (const record of stream.inRange(q.startUnixNano, q.endUnixNano)) {
        if (++visited % ABORT_CHECK_INTERVAL === 0) signal.throwIfAborted();
        if (keepsLine(filters, record.line) && keepsLabels(labelFilters, stream.labels, record)) candidates.push({ record, stream, rank });
      }
    }
    candidates.sort(compareCandidates);
    if (q.direction === 'backward') candidates.reverse();
    const selected = candidates.slice(0, Math.max(0, q.limit));
    for (let i = 0; i < selected.length; i += RECORDS_PER_BATCH) {
      yield buildLogBatch(q.tenant, selected.slice(i, i + RECORDS_PER_BATCH));
      this.env.ensureOpen();
      signal.throwIfAborted();
    }
  }

  async *countLogs(q: LogCountQuery, signal: AbortSignal): AsyncIterable<LogCountBatch> {
    this.env.ensureOpen();
    signal.throwIfAborted();
    const matchers = compileMatchers(q.matchers);
    const streams = [...(this.tenantStreams(q.tenant, false)?.values() ?? [])].filter((s) => matchesAll(s.labels, matchers));
    const batch = countStreamRecords(streams, q, signal);
    if (batch.length > 0) yield batch;
  }

  async labelNames(q: LogLabelQuery, signal: AbortSignal): Promise<string[]> {
    return sortedDistinct(this.streamsInRange(q, signal).flatMap((s) => s.labels.map((l) => l.name)));
  }

  async labelValues(name: string, q: LogLabelQuery, signal: AbortSignal): Promise<string[]> {
    const values = this.streamsInRange(q, signal).map((s) => getLabel(s.labels, name));
    return sortedDistinct(values.filter((v) => v !== ''));
  }

  /** Sorted by label set. */
  async streams(q: LogLabelQuery, signal: AbortSignal): Promise<Labels[]> {
    return this.streamsInRange(q, signal)
      .map((s) => s.labels)
      .sort(compareLabels);
  }

  /** Removes records older than the window; adds the UTC day of each to `days`. */
  dropExpired(days: Set<number>): void {
    const oldestUnixNano = cutoffNanos(this.env.clock(), this.env.retentionMs);
    for (const [tenantId, streams] of this.tenants) {
      for (const [key, stream] of streams) {
        stream.dropBefore(oldestUnixNano, days);
        if (stream.length === 0) streams.delete(key);
      }
      if (streams.size === 0) this.tenants.delete(tenantId);
    }
  }

  private streamsInRange(q: LogLabelQuery, signal: AbortSignal): LogStream[] {
    this.env.ensureOpen();
    signal.throwIfAborted();
    const sets = compileMatcherSets(q.matcherSets);
    const out: LogStream[] = [];
    let visited = 0;
    for (const s of this.tenantStreams(q.tenant, false)?.values() ?? []) {
      if (++visited % ABORT_CHECK_INTERVAL === 0) signal.throwIfAborted();
      if (matchesAny(s.labels, sets) && s.hasRecordIn(q.startUnixNano, q.endUnixNano)) out.push(s);
    }
    return out;
  }

  private tenantStreams(id: string, create: true): Map<string, LogStream>;
  private tenantStreams(id: string, create: false): Map<string, LogStream> | undefined;
  private tenantStreams(id: string, create: boolean): Map<string, LogStream> | undefined {
    let streams = this.tenants.get(id);
    if (streams === undefined && create) {
      streams = new Map();
      this.tenants.set(id, streams);
    }
    return streams;
  }
}

function resolveStream(streams: Map<string, LogStream>, written: Labels): LogStream | null {
  const labels = normalizeLabels(written);
  if (labels === null) return null;
  const key = labelsKey(labels);
  let stream = streams.get(key);
  if (stream === undefined) {
    stream = new LogStream(labels);
    streams.set(key, stream);
  }
  return stream;
}

function compareCandidates(a: Candidate, b: Candidate): number {
  const ta = a.record.timeUnixNano;
  const tb = b.record.timeUnixNano;
  if (ta !== tb) return ta < tb ? -1 : 1;
  return a.rank - b.rank || a.record.seq - b.record.seq;
}

function buildLogBatch(tenant: string, rows: readonly Candidate[]): LogBatch {
  const builder = new LogBatchBuilder(tenant);
  for (const { record: r, stream } of rows) {
    builder.record(builder.stream(stream.labels), {
      timeUnixNano: r.timeUnixNano,
      observedTimeUnixNano: r.observedTimeUnixNano,
      severityNumber: r.severityNumber,
      severityText: r.severityText,
      line: r.line,
      metadata: r.metadata,
      traceId: r.traceId,
      spanId: r.spanId,
      flags: r.flags,
    });
  }
  return builder.build();
}
