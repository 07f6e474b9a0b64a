import type { Attribute } from '../../model/index.js';
import { badInput, parseRfc3339Nanos } from '../../model/index.js';
import { parseJsonBody } from '../otlp/common/index.js';
import { readArray, readObject, shapeError } from './json-shape.js';
import { PushAssembler } from './push-assembler.js';
import type { LokiPushDecodeResult } from './push-assembler.js';
import { parseStreamLabelsText } from './stream-labels.js';

/**
 * Decodes the JSON body of Loki's legacy path `POST /api/prom/push`: the `logproto.PushRequest`
 * in Go's JSON form, which Loki still reads there (pkg/util/unmarshal/legacy):
 *
 * ```
 * {"streams": [{"labels": "{app=\"api\"}",
 *               "entries": [{"ts": "2024-05-01T10:00:00.123456789Z", "line": "...",
 *                            "structuredMetadata": [{"name": "trace_id", "value": "..."}]}]}]}
 * ```
 *
 * Same rules as the protobuf form (labels in selector syntax); `ts` is RFC 3339 with up to
 * nanosecond precision. Keys are matched case-insensitively, as Go's JSON decoder does.
 */
export function decodePushRequestJsonLegacy(body: Uint8Array | string, tenant: string): LokiPushDecodeResult {
  const out = new PushAssembler(tenant);
  const streams = readArray(field(readObject(parseJsonBody(body, 'Loki push request'), 'the request'), 'streams'), 'streams');
  for (let i = 0; i < streams.length; i++) {
    const path = `streams[${i}]`;
    const s = readObject(streams[i], path);
    const labelsText = field(s, 'labels');
    if (typeof labelsText !== 'string' && labelsText !== undefined) throw shapeError(`${path}.labels`, 'a string like {app="api"}', labelsText);
    const entries = readArray(field(s, 'entries'), `${path}.entries`);
    const stream = out.startStream(parseStreamLabelsText(labelsText ?? ''), entries.length);
    for (let j = 0; j < entries.length; j++) {
      const ep = `${path}.entries[${j}]`;
      const e = readObject(entries[j], ep);
      const ts = field(e, 'ts');
      const ns = typeof ts === 'string' ? parseRfc3339Nanos(ts) : undefined;
      if (ns === undefined) throw badInput(`invalid timestamp at ${ep}.ts: expected an RFC 3339 time like "2024-05-01T10:00:00.123456789Z", got ${JSON.stringify(ts ?? null)}`);
      const line = field(e, 'line') ?? '';
      if (typeof line !== 'string') throw shapeError(`${ep}.line`, 'a string', line);
      const metadata = readLabelPairs(field(e, 'structuredMetadata'), `${ep}.structuredMetadata`);
      if (stream >= 0) out.entry(stream, ns, line, metadata);
    }
  }
  return out.result();
}

function readLabelPairs(v: unknown, path: string): Attribute[] | null {
  const pairs = readArray(v, path);
  if (pairs.length === 0) return null;
  return pairs.map((p, k) => {
    const o = readObject(p, `${path}[${k}]`);
    const key = field(o, 'name') ?? '';
    const value = field(o, 'value') ?? '';
    if (typeof key !== 'string' || typeof value !== 'string') throw shapeError(`${path}[${k}]`, 'an object {"name": "...", "value": "..."} of strings', p);
    return { key, value };
  });
}

/** A key of `o` matched the way Go's encoding/json matches struct fields: exact first, then case-insensitively. */
function field(o: Readonly<Record<string, unknown>>, name: string): unknown {
  if (name in o) return o[name];
  const lower = name.toLowerCase();
  for (const k of Object.keys(o)) if (k.toLowerCase() === lower) return o[k];
  return undefined;
}
