import type { Labels } from '../../model/index.js';
import { CompiledLabelFilters, entryLabelValue, labelsKey, metricSeriesLabels, structuredMetadataLabels } from '../../model/index.js';
import type { LogCountBatch, LogCountQuery } from '../contract.js';
import { compileLineFilters, keepsLine } from './line-filters.js';
import type { LogStream } from './log-stream.js';
import { ABORT_CHECK_INTERVAL } from './memory-env.js';

const EMPTY: Labels = [];

/**
 * The reference implementation of `countLogs`: every record of the given (already matched)
 * streams in the buckets' span is tested and counted, one row per (series, bucket) in the
 * returned batch.
 */
export function countStreamRecords(streams: readonly LogStream[], q: LogCountQuery, signal: AbortSignal): LogCountBatch {
  const lineFilters = compileLineFilters(q.lineFilters);
  const labelFilters = new CompiledLabelFilters(q.labelFilters ?? []);
  const firstNs = q.startUnixNano + 1n;
  const lastNs = q.startUnixNano + BigInt(q.bucketCount) * q.bucketNanos;
  const needsMetadata = !labelFilters.isEmpty || q.grouping === undefined || q.grouping.without || q.grouping.labels.length > 0;
  const counts = new CountTable();
  let visited = 0;
  for (const stream of streams) {
    for (const r of stream.inRange(firstNs, lastNs + 1n)) {
      if (++visited % ABORT_CHECK_INTERVAL === 0) signal.throwIfAborted();
      if (!keepsLine(lineFilters, r.line)) continue;
      const metadata = needsMetadata ? structuredMetadataLabels(stream.labels, r.metadata, r.traceId, r.spanId) : EMPTY;
      if (!labelFilters.isEmpty && !labelFilters.matches((name) => entryLabelValue(stream.labels, metadata, name))) continue;
      const bucket = Number((r.timeUnixNano - firstNs) / q.bucketNanos);
      counts.add(metricSeriesLabels(stream.labels, metadata, q.grouping), bucket, Buffer.byteLength(r.line, 'utf8'));
    }
  }
  return counts.batch();
}


/** Sums per (series, bucket), with series identified by label set. */
class CountTable {
  private readonly seriesIndex = new Map<string, number>();
  private readonly labels: Labels[] = [];
  private readonly rows = new Map<string, number>();
  private readonly series: number[] = [];
  private readonly buckets: number[] = [];
  private readonly lines: number[] = [];
  private readonly bytes: number[] = [];

  add(labels: Labels, bucket: number, bytes: number): void {
    const key = labelsKey(labels);
    let s = this.seriesIndex.get(key);
    if (s === undefined) {
      s = this.labels.length;
      this.labels.push(labels);
      this.seriesIndex.set(key, s);
    }
    const rowKey = `${s}:${bucket}`;
    const row = this.rows.get(rowKey);
    if (row === undefined) {
      this.rows.set(rowKey, this.series.length);
      this.series.push(s);
      this.buckets.push(bucket);
      this.lines.push(1);
      this.bytes.push(bytes);
    } else {
      this.lines[row] = (this.lines[row] as number) + 1;
      this.bytes[row] = (this.bytes[row] as number) + bytes;
    }
  }

  batch(): LogCountBatch {
    return {
      length: this.series.length,
      labels: this.labels,
      series: Int32Array.from(this.series),
      bucket: Float64Array.from(this.buckets),
      lines: Float64Array.from(this.lines),
      bytes: Float64Array.from(this.bytes),
    };
  }
}
