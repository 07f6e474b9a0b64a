/**
 * Reads `omniscope_ingest_records_received_total{signal,protocol}` from the Prometheus text
 * of `/metrics`, and turns two reads into per-second rates. Pure: no DOM.
 */
export interface IngestCounter {
  readonly signal: string;
  readonly protocol: string;
  readonly value: number;
}

export interface IngestRate extends IngestCounter {
  /** Records per second between the two reads; null on the first read. */
  readonly perSecond: number | null;
}

const LINE = /^omniscope_ingest_records_received_total\{([^}]*)\}\s+(\S+)/;
const LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g;

export function parseIngestCounters(text: string): IngestCounter[] {
  const out: IngestCounter[] = [];
  for (const line of text.split('\n')) {
    const m = LINE.exec(line);
    if (m === null) continue;
    const labels = new Map<string, string>();
    for (const l of (m[1] as string).matchAll(LABEL)) labels.set(l[1] as string, l[2] as string);
    out.push({ signal: labels.get('signal') ?? '', protocol: labels.get('protocol') ?? '', value: Number(m[2]) });
  }
  return out.sort((a, b) => a.signal.localeCompare(b.signal) || a.protocol.localeCompare(b.protocol));
}

export function ingestRates(previous: readonly IngestCounter[] | null, current: readonly IngestCounter[], elapsedMs: number): IngestRate[] {
  return current.map((c) => {
    if (previous === null || elapsedMs <= 0) return { ...c, perSecond: null };
    const before = previous.find((p) => p.signal === c.signal && p.protocol === c.protocol)?.value ?? 0;
    return { ...c, perSecond: Math.max(0, c.value - before) / (elapsedMs / 1000) };
  });
}
