import type { Label, LogBatch } from '../../model/index.js';
import { labelsKey, sortLabels, structuredMetadataLabels } from '../../model/index.js';

/** One stream of Loki's `streams` result. */
export interface LokiStream {
  readonly stream: Record<string, string>;
  readonly values: LokiEntry[];
}

/** `[ns, line]`, or with categorized labels `[ns, line, { structuredMetadata? }]`. */
export type LokiEntry = [string, string] | [string, string, { structuredMetadata?: Record<string, string> }];

/**
 * Groups log records into Loki's `streams` result, keeping the order records arrive in (the
 * caller asks the store for the wanted direction).
 *
 * Structured metadata (model's `structuredMetadataLabels`: the record's attributes, plus
 * `trace_id`/`span_id` when set and not already present; the same labels LogQL label filters
 * test) is shown as Loki 3 does:
 * - with `categorizeLabels` (request header `X-Loki-Response-Encoding-Flags:
 *   categorize-labels`), streams are the stream labels and each entry carries a third element,
 *   `{}` or `{"structuredMetadata": {...}}`;
 * - otherwise the metadata is merged into the stream labels, so records of one stream with
 *   different metadata land in different result streams.
 */
export class StreamEntries {
  private readonly streams = new Map<string, { labels: readonly Label[]; values: LokiEntry[] }>();
  /** Records added. */
  entries = 0;
  /** Bytes of lines added (UTF-8). */
  bytes = 0;
  /** Bytes of structured metadata names and values added (UTF-8). */
  metadataBytes = 0;

  constructor(private readonly categorizeLabels: boolean) {}

  add(batch: LogBatch): void {
    for (let i = 0; i < batch.length; i++) {
      const streamLabels = batch.streams[batch.streamIndex[i] as number] ?? [];
      const line = batch.line[i] ?? '';
      const ts = (batch.timeUnixNano[i] ?? 0n).toString();
      const metadata = structuredMetadataLabels(streamLabels, batch.metadata[i] ?? [], batch.traceId[i] ?? '', batch.spanId[i] ?? '');
      this.entries++;
      this.bytes += Buffer.byteLength(line);
      for (const m of metadata) this.metadataBytes += Buffer.byteLength(m.name) + Buffer.byteLength(m.value);

      let labels: readonly Label[];
      let entry: LokiEntry;
      if (this.categorizeLabels) {
        labels = streamLabels;
        entry = metadata.length === 0 ? [ts, line, {}] : [ts, line, { structuredMetadata: toRecord(metadata) }];
      } else {
        // A metadata label only shares a stream label's name when it shadows `<x>_extracted`; it wins, as in Loki.
        labels = metadata.length === 0 ? streamLabels : sortLabels([...streamLabels.filter((l) => !metadata.some((m) => m.name === l.name)), ...metadata]);
        entry = [ts, line];
      }
      const key = labelsKey(labels);
      let stream = this.streams.get(key);
      if (stream === undefined) {
        stream = { labels, values: [] };
        this.streams.set(key, stream);
      }
      stream.values.push(entry);
    }
  }

  /** The streams ordered by their label string (`{a="1", b="2"}`), as Loki sorts them. */
  result(): LokiStream[] {
    return [...this.streams.values()]
      .map((s) => ({ sortKey: labelString(s.labels), stream: toRecord(s.labels), values: s.values }))
      .sort((a, b) => (a.sortKey < b.sortKey ? -1 : a.sortKey > b.sortKey ? 1 : 0))
      .map(({ stream, values }) => ({ stream, values }));
  }
}

function toRecord(labels: readonly Label[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const l of labels) out[l.name] = l.value;
  return out;
}

/** Prometheus's rendering of a label set, `{a="1", b="2"}`, which Loki sorts streams by. */
export function labelString(labels: readonly Label[]): string {
  return `{${labels.map((l) => `${l.name}=${JSON.stringify(l.value)}`).join(', ')}}`;
}
