/**
 * The storage contract, owned by its consumers (ingest, query engines, APIs). Backends
 * (DuckDB by default, ClickHouse later, memory as the executable reference) implement it and
 * import only `model` and this file. No SQL and no backend type crosses this boundary.
 *
 * Common rules for every method here:
 * - Every read takes an AbortSignal and stops promptly (rejecting with the signal's reason)
 *   when it fires. Iterators are closed by `break`/`return` in a `for await`; a backend must
 *   release its resources then.
 * - Errors are `OmniscopeError`s (model/errors.ts): `unavailable` with retryAfterSeconds when
 *   overloaded, `bad_input` for invalid arguments (e.g. an invalid regex), `internal` otherwise.
 * - Buffers in returned batches belong to the caller: a backend never reuses them.
 * - Ranges are closed intervals unless a method says otherwise.
 */
import type {
  Labels,
  LabelFilterExpr,
  LabelMatcher,
  LogBatch,
  MetricBatch,
  MetricMetadata,
  SpanBatch,
} from '../model/index.js';

/** Why records were rejected by a write. Counted, never thrown per record. */
export type RejectReason =
  /** Older than the signal's retention window: it would be deleted at once. */
  | 'too_old'
  /** A field is invalid (e.g. a metric sample with a non-integer timestamp). */
  | 'invalid'
  /** A configured limit (series, labels, record size) was hit. */
  | 'limit'
  /**
   * A metric sample older than the newest sample of its series by more than the configured
   * out-of-order window (Prometheus's `out_of_order_time_window`; unlimited unless configured).
   */
  | 'out_of_order';

export type RejectCounts = Partial<Record<RejectReason, number>>;

/**
 * The outcome of one write call. When the promise resolves, the `accepted` records are
 * durable: they survive `kill -9` of the process immediately after (group commit is allowed,
 * acknowledging early is not). A rejected promise means nothing of the batch was stored.
 */
export interface WriteResult {
  readonly accepted: number;
  readonly rejected: RejectCounts;
}

// ─── metrics ────────────────────────────────────────────────────────────────────────────────

export interface MetricsWriter {
  /**
   * Appends a batch. Samples older than the retention window are rejected as `too_old`; with an
   * out-of-order window (`metricsOutOfOrderWindowMs` of the backend's options), a sample older
   * than its series' newest is rejected as `out_of_order` when it is also more than the window
   * behind the tenant's newest sample before the batch (Prometheus's rule, with its head's max
   * time). A timestamp written again replaces the value either way.
   */
  appendMetrics(batch: MetricBatch): Promise<WriteResult>;
}

/** One selector: all matchers must hold. A label absent from a series matches as "". */
export interface SeriesSelection {
  readonly tenant: string;
  readonly matchers: readonly LabelMatcher[];
  /** Only series with at least one sample in [startMs, endMs]. */
  readonly startMs: number;
  readonly endMs: number;
  /** Optional hint: the caller needs at most this many series (absent or <= 0: no limit). A backend may return more. */
  readonly limit?: number;
}

/**
 * Samples of whole series, columnar. Series s has its samples at
 * `[offsets[s], offsets[s+1])` of `timestampsMs`/`values`, sorted by time, one sample per
 * timestamp (when a timestamp was written twice, the last write wins). A series never spans
 * two batches. `series` are sorted by label set within a batch; batches carry no global order.
 */
export interface SampleBatch {
  readonly series: readonly Labels[];
  readonly offsets: Int32Array;
  readonly timestampsMs: Float64Array;
  readonly values: Float64Array;
}

/** Optional hints for sample selection; a backend may ignore all of them. */
export interface SampleHints {
  readonly stepMs?: number;
  readonly rangeMs?: number;
  readonly func?: string;
}

/** Label name/value look-ups, optionally restricted to series matching any of the sets. */
export interface LabelQuery {
  readonly tenant: string;
  readonly startMs: number;
  readonly endMs: number;
  /** Union of selectors; empty means every series of the tenant. */
  readonly matcherSets: readonly (readonly LabelMatcher[])[];
  readonly limit?: number;
}

export interface MetricsReader {
  /**
   * Label sets of series matching the selection that have a sample in [startMs, endMs], not
   * rounded to partitions; no samples are read beyond what is needed. A backend that stores
   * samples compressed in blocks may count a series whose block spans an end of the range
   * with no sample inside it (Prometheus itself rounds to whole blocks).
   */
  selectSeries(q: SeriesSelection, signal: AbortSignal): AsyncIterable<readonly Labels[]>;
  /** Samples in [startMs, endMs] of series matching the selection. */
  selectSamples(q: SeriesSelection, hints: SampleHints | undefined, signal: AbortSignal): AsyncIterable<SampleBatch>;
  /** Sorted, distinct label names. */
  labelNames(q: LabelQuery, signal: AbortSignal): Promise<string[]>;
  /** Sorted, distinct non-empty values of one label. */
  labelValues(name: string, q: LabelQuery, signal: AbortSignal): Promise<string[]>;
  /**
   * Metadata by metric family name. `metric` restricts to one family; `limit` caps the number
   * of families. Several entries per family when they differ.
   */
  metadata(
    q: { readonly tenant: string; readonly metric?: string; readonly limit?: number },
    signal: AbortSignal,
  ): Promise<Map<string, MetricMetadata[]>>;
}

// ─── logs ───────────────────────────────────────────────────────────────────────────────────

export interface LogsWriter {
  /** Appends a batch. Records older than the retention window are rejected as `too_old`. */
  appendLogs(batch: LogBatch): Promise<WriteResult>;
}

/** A line filter that a backend may push down: `|=`, `!=`, `|~`, `!~` of LogQL. */
export interface LineFilter {
  readonly type: '|=' | '!=' | '|~' | '!~';
  readonly value: string;
}

export interface LogSelection {
  readonly tenant: string;
  /** Stream matchers: all must hold on the stream labels. */
  readonly matchers: readonly LabelMatcher[];
  /** Loki semantics: start inclusive, end exclusive. */
  readonly startUnixNano: bigint;
  readonly endUnixNano: bigint;
  /** 'backward' = newest first (Loki's default): the exact reverse of 'forward', ties included. */
  readonly direction: 'forward' | 'backward';
  /** At most this many records in total; must be > 0 (callers validate it). */
  readonly limit: number;
  /** Optional push-down; when given, the backend must apply every filter exactly. */
  readonly lineFilters?: readonly LineFilter[];
  /**
   * Optional push-down of LogQL label filter stages (`| level="error" or trace_id=~"4bf.*"`),
   * all of which must hold. When given, the backend must apply every filter exactly, before
   * `limit` (which counts only records that pass). A filter tests the record's labels as LogQL
   * sees them: the stream labels plus the structured metadata as model's
   * `structuredMetadataLabels` names and renders it (sanitized names, display strings,
   * `trace_id`/`span_id` from the record's ids, `<name>_extracted` when a stream label has the
   * name); see `entryLabelValue`. An absent label is "". An invalid regex is `bad_input`.
   */
  readonly labelFilters?: readonly LabelFilterExpr[];
}

/** Label look-ups over streams with a record in the closed range [startUnixNano, endUnixNano]. */
export interface LogLabelQuery {
  readonly tenant: string;
  readonly startUnixNano: bigint;
  readonly endUnixNano: bigint;
  /** Union of stream selectors; empty means every stream of the tenant. */
  readonly matcherSets: readonly (readonly LabelMatcher[])[];
}

/**
 * Which labels name a series of `countLogs`. A record's labels, as LogQL metric queries see
 * them, are its stream labels plus its structured metadata labels (model's
 * `structuredMetadataLabels`; a metadata label named like a stream label is `<name>_extracted`,
 * and a metadata label sharing a stream label's name replaces it). With `without: false` a
 * series keeps only the listed names the record has (LogQL's `by`); with `without: true` it
 * keeps every label but the listed ones.
 */
export interface LogCountGrouping {
  readonly without: boolean;
  readonly labels: readonly string[];
}

/**
 * What a LogQL metric query needs from the logs: how many records, and how many line bytes,
 * each series has per time bucket. Stream matchers, line filters and label filters mean what
 * they mean in LogSelection, and label filters must be applied exactly.
 *
 * Bucket k, for 0 <= k < bucketCount, holds the records with a time in
 * (startUnixNano + k * bucketNanos, startUnixNano + (k + 1) * bucketNanos]: start exclusive,
 * end inclusive, in nanoseconds, as LogQL's range windows are. Records outside every bucket
 * are not counted.
 */
export interface LogCountQuery {
  readonly tenant: string;
  readonly matchers: readonly LabelMatcher[];
  readonly lineFilters?: readonly LineFilter[];
  readonly labelFilters?: readonly LabelFilterExpr[];
  readonly startUnixNano: bigint;
  /** Width of a bucket; > 0. */
  readonly bucketNanos: bigint;
  /** > 0 and at most Number.MAX_SAFE_INTEGER. */
  readonly bucketCount: number;
  /** Absent: a series is the record's full label set. */
  readonly grouping?: LogCountGrouping;
}

/**
 * Counts per (series, bucket), one row per index i < length: `labels[series[i]]` (sorted by
 * name, without empty values) had `lines[i]` records in bucket `bucket[i]` whose lines sum to
 * `bytes[i]` UTF-8 bytes. Only buckets with records appear. Rows come in no particular order,
 * and the counts of one (series, bucket) may be split over several rows and batches (consumers
 * add them up); two indices of `labels` may hold equal label sets. An empty result is no batch,
 * or batches of length 0.
 */
export interface LogCountBatch {
  readonly length: number;
  readonly labels: readonly Labels[];
  readonly series: Int32Array;
  readonly bucket: Float64Array;
  readonly lines: Float64Array;
  readonly bytes: Float64Array;
}

export interface LogsReader {
  /**
   * Records matching the selection in time order (ties broken by stream, then write order),
   * in the requested direction, at most `limit` in total across all yielded batches.
   */
  selectLogs(q: LogSelection, signal: AbortSignal): AsyncIterable<LogBatch>;
  /**
   * Records and line bytes per series and time bucket (see LogCountQuery and LogCountBatch),
   * computed where the data is: a backend must not hand every record to the caller. An invalid
   * regex is `bad_input`.
   */
  countLogs(q: LogCountQuery, signal: AbortSignal): AsyncIterable<LogCountBatch>;
  /** Sorted, distinct stream label names of streams with records in range. */
  labelNames(q: LogLabelQuery, signal: AbortSignal): Promise<string[]>;
  /** Sorted, distinct values of one stream label in range. */
  labelValues(name: string, q: LogLabelQuery, signal: AbortSignal): Promise<string[]>;
  /** Distinct stream label sets with records in range, matching any of the sets. */
  streams(q: LogLabelQuery, signal: AbortSignal): Promise<Labels[]>;
}

// ─── traces ─────────────────────────────────────────────────────────────────────────────────

export interface TracesWriter {
  /** Appends a batch. Spans that ended before the retention window are rejected as `too_old`. */
  appendSpans(batch: SpanBatch): Promise<WriteResult>;
}

/**
 * Find traces that contain at least one span satisfying every given condition (Jaeger's search
 * semantics). Attribute conditions compare the display string of a span attribute, or of a
 * resource attribute of the same span, for equality.
 */
export interface TraceSearchQuery {
  readonly tenant: string;
  readonly serviceName?: string;
  readonly spanName?: string;
  readonly attributes?: readonly { readonly key: string; readonly value: string }[];
  readonly minDurationNanos?: bigint;
  readonly maxDurationNanos?: bigint;
  /** Spans starting in [startUnixNano, endUnixNano]. */
  readonly startUnixNano: bigint;
  readonly endUnixNano: bigint;
  /**
   * At most this many traces (> 0), ordered by summary `startUnixNano` descending, then by
   * `traceId` ascending.
   */
  readonly limit: number;
}

export interface TraceSummary {
  readonly traceId: string;
  /** Start of the earliest matching span; a hint for fetching the whole trace. */
  readonly startUnixNano: bigint;
}

export interface TracesReader {
  /**
   * Every stored span of a trace (`traceId` lowercase hex, 32 chars), or null when none is
   * stored. `range` is an optional hint narrowing where to look. Spans are ordered by start
   * time. A span written twice (a client retrying a write whose answer it lost) may appear
   * twice; consumers that need uniqueness de-duplicate by span id.
   */
  getTrace(tenant: string, traceId: string, range: { startUnixNano: bigint; endUnixNano: bigint } | undefined, signal: AbortSignal): Promise<SpanBatch | null>;
  searchTraces(q: TraceSearchQuery, signal: AbortSignal): Promise<TraceSummary[]>;
  /** Sorted, distinct service names with spans in range. */
  serviceNames(q: { readonly tenant: string; readonly startUnixNano: bigint; readonly endUnixNano: bigint }, signal: AbortSignal): Promise<string[]>;
  /** Sorted, distinct (span name, kind) pairs of one service in range. */
  spanNames(
    q: { readonly tenant: string; readonly serviceName: string; readonly startUnixNano: bigint; readonly endUnixNano: bigint },
    signal: AbortSignal,
  ): Promise<{ name: string; kind: number }[]>;
}

// ─── the whole store ────────────────────────────────────────────────────────────────────────

export interface RetentionOptions {
  readonly metricsMs: number;
  readonly logsMs: number;
  readonly tracesMs: number;
}

/** Hooks a backend calls so the server can export self-monitoring metrics. */
export interface StoreObserver {
  /** After each durable commit: which signal, how many rows, how long the flush took. */
  onFlush(signal: 'metrics' | 'logs' | 'traces', rows: number, durationMs: number): void;
}

export interface StoreHealth {
  readonly ok: boolean;
  readonly message: string;
}

/**
 * A backend. `close()` flushes pending writes (resolving their promises) and releases every
 * resource; calls after close reject with `unavailable`.
 */
export interface Store {
  readonly metrics: MetricsWriter & MetricsReader;
  readonly logs: LogsWriter & LogsReader;
  readonly traces: TracesWriter & TracesReader;
  health(): Promise<StoreHealth>;
  /**
   * Drops every UTC-day partition that lies entirely before `now - retention` of its signal
   * (a backend may also remove finer-grained expired data). Returns the number of (signal, day)
   * partitions dropped, all tenants together. Spans are judged by their end time, as in writes.
   */
  enforceRetention(): Promise<number>;
  /**
   * Moves every acknowledged sample still held in a write-optimised form into the backend's
   * compressed long-term form now, the current hour included (a backend does this on its own
   * for closed hours; this is for operators and benchmarks that want the final size). Later
   * samples of the same hours are merged in by the next compaction. Returns how many stored
   * rows were moved; 0 for a backend without such a form.
   */
  compact(): Promise<{ readonly rows: number }>;
  close(): Promise<void>;
}
