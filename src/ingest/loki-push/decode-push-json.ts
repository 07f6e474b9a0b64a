import type { Attribute } from '../../model/index.js';
import { parseJsonBody } from '../otlp/common/index.js';
import { timestampFromNanosText } from './entry-timestamp.js';
import { readArray, readObject, shapeError } from './json-shape.js';
import { PushAssembler } from './push-assembler.js';
import type { LokiPushDecodeResult } from './push-assembler.js';
import { streamLabelsFromJson } from './stream-labels.js';

/**
 * Decodes the JSON body of `POST /loki/api/v1/push`, as Loki 3 reads it (pkg/loghttp/query.go,
 * LogProtoStream):
 *
 * ```
 * {"streams": [{"stream": {"app": "api"},
 *               "values": [["<unix ns as a string>", "<line>"],
 *                          ["<unix ns>", "<line>", {"trace_id": "..."}]]}]}
 * ```
 *
 * The optional third element of an entry is its structured metadata, string values only.
 * `values: null` and null entries are skipped, unknown keys ignored, as Loki does; a timestamp
 * that is not a decimal string, a line that is not a string, or any other shape makes the
 * whole request a 400 (`bad_input`), and nothing of it is kept.
 */
export function decodePushRequestJson(body: Uint8Array | string, tenant: string): LokiPushDecodeResult {
  const out = new PushAssembler(tenant);
  const streams = readArray(readObject(parseJsonBody(body, 'Loki push request'), 'the request').streams, 'streams');
  for (let i = 0; i < streams.length; i++) {
    const path = `streams[${i}]`;
    const s = readObject(streams[i], path);
    const labels = streamLabelsFromJson(s.stream === undefined || s.stream === null ? {} : readObject(s.stream, `${path}.stream`), `${path}.stream`);
    const values = readArray(s.values, `${path}.values`);
    const stream = out.startStream(labels, values.length);
    for (let j = 0; j < values.length; j++) {
      const v = values[j];
      if (v === null) continue;
      const vp = `${path}.values[${j}]`;
      if (!Array.isArray(v) || v.length < 2) throw shapeError(vp, 'an array ["<unix ns>", "<line>"] or ["<unix ns>", "<line>", {metadata}]', v);
      const ns = timestampFromNanosText(v[0], `${vp}[0]`);
      const line: unknown = v[1];
      if (typeof line !== 'string') throw shapeError(`${vp}[1]`, 'a string (the log line)', line);
      const metadata = v.length > 2 ? readMetadata(v[2], `${vp}[2]`) : null;
      if (stream >= 0) out.entry(stream, ns, line, metadata);
    }
  }
  return out.result();
}

function readMetadata(v: unknown, path: string): Attribute[] {
  const o = readObject(v, path);
  const out: Attribute[] = [];
  for (const key of Object.keys(o)) {
    const value = o[key];
    if (typeof value !== 'string') throw shapeError(`${path}.${key}`, 'a string (structured metadata values are strings)', value);
    out.push({ key, value });
  }
  return out;
}
