import type { Labels, LogBatch } from '../../../model/index.js';
import type { LogCountBatch, LogCountQuery, LogLabelQuery, LogSelection, LogsReader, LogsWriter, WriteResult } from '../../contract.js';
import type { LabelDimension } from '../labels/label-dimension.js';
import type { PresenceTracker } from '../labels/presence.js';
import type { StoreContext } from '../store-context.js';
import { logLabelStrings, logStreams } from './logs-reader.js';
import { selectLogs } from './select-logs.js';
import { countLogs } from './count-logs.js';
import { appendLogBatch } from './logs-writer.js';

/** The logs half of the DuckDB store: see logs-writer.ts and logs-reader.ts. */
export class DuckDBLogs implements LogsWriter, LogsReader {
  constructor(
    private readonly ctx: StoreContext,
    private readonly streamDim: LabelDimension,
    private readonly presence: PresenceTracker,
  ) {}

  appendLogs(batch: LogBatch): Promise<WriteResult> {
    return appendLogBatch({ ctx: this.ctx, streams: this.streamDim, presence: this.presence }, batch);
  }

  selectLogs(q: LogSelection, signal: AbortSignal): AsyncIterable<LogBatch> {
    return selectLogs(this.ctx, q, signal);
  }

  countLogs(q: LogCountQuery, signal: AbortSignal): AsyncIterable<LogCountBatch> {
    return countLogs(this.ctx, q, signal);
  }

  labelNames(q: LogLabelQuery, signal: AbortSignal): Promise<string[]> {
    return logLabelStrings(this.ctx, q, null, signal);
  }

  labelValues(name: string, q: LogLabelQuery, signal: AbortSignal): Promise<string[]> {
    return logLabelStrings(this.ctx, q, name, signal);
  }

  async streams(q: LogLabelQuery, signal: AbortSignal): Promise<Labels[]> {
    return (await logStreams(this.ctx, q, signal)).map((r) => r.labels);
  }
}
