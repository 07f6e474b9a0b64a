import type { Attributes, Label, LogBatch } from '../../model/index.js';
import { anyValueToString, labelsKey, sortLabels } from '../../model/index.js';

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
 * Structured metadata (the record's attributes, plus `trace_id`/`span_id` when set and not
 * already present) is shown as Loki 3 does:
 * - with `categorizeLabels` (request header `X-Loki-Response-Encoding-Flags:
 *   categorize-labels`), streams are the stream labels and each entry carries a third element,
 *   `{}` or `{"structuredMetadata": {...}}`;
 * - otherwise the metadata is merged into the stream labels, so records of one stream with
 *   different metadata land in different result streams.
 * Metadata names are sanitized like Loki's label names (`service.name` -> `service_name`) and
 * get the suffix `_extracted` when they collide with a stream label; values are rendered with
 * anyValueToString; empty values are dropped.
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
      const metadata = metadataLabels(streamLabels, batch.metadata[i] ?? [], batch.traceId[i] ?? '', batch.spanId[i] ?? '');
      this.entries++;
      this.bytes += Buffer.byteLength(line);
      for (const m of metadata) this.metadataBytes += Buffer.byteLength(m.name) + Buffer.byteLength(m.value);

      let labels: readonly Label[];
      let entry: LokiEntry;
      if (this.categorizeLabels) {
        labels = streamLabels;
        entry = metadata.length === 0 ? [ts, line, {}] : [ts, line, { structuredMetadata: toRecord(metadata) }];
      } else {
        labels = metadata.length === 0 ? streamLabels : sortLabels([...streamLabels, ...metadata]);
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

/** Loki's label-name sanitizing: characters outside [a-zA-Z0-9_] become `_`; a leading digit gets `key_`. */
export function sanitizeLabelName(name: string): string {
  const clean = name.replace(/[^a-zA-Z0-9_]/g, '_');
  return /^[0-9]/.test(clean) ? `key_${clean}` : clean;
}

function metadataLabels(stream: readonly Label[], attrs: Attributes, traceId: string, spanId: string): Label[] {
  if (attrs.length === 0 && traceId === '' && spanId === '') return [];
  const pairs: Array<[string, string]> = [];
  for (const a of attrs) if (a.key !== '') pairs.push([sanitizeLabelName(a.key), anyValueToString(a.value)]);
  if (traceId !== '' && !pairs.some(([k]) => k === 'trace_id')) pairs.push(['trace_id', traceId]);
  if (spanId !== '' && !pairs.some(([k]) => k === 'span_id')) pairs.push(['span_id', spanId]);
  const byName = new Map<string, string>();
  for (const [key, value] of pairs) {
    if (value === '') continue;
    byName.set(stream.some((l) => l.name === key) ? `${key}_extracted` : key, value);
  }
  return sortLabels([...byName].map(([name, value]) => ({ name, value })));
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
