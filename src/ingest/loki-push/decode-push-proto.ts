import type { Attribute } from '../../model/index.js';
import { badInput } from '../../model/index.js';
import { ProtobufDecodeError, ProtobufReader, WireType } from '../shared/protobuf-reader.js';
import { expectWire } from '../otlp/common/index.js';
import { timestampFromProto } from './entry-timestamp.js';
import { PushAssembler } from './push-assembler.js';
import type { LokiPushDecodeResult } from './push-assembler.js';
import { parseStreamLabelsText } from './stream-labels.js';

/**
 * Decodes a `logproto.PushRequest` (pkg/push/push.proto, after snappy decoding):
 *
 * ```
 * PushRequest      { repeated StreamAdapter streams = 1; string format = 2; }
 * StreamAdapter    { string labels = 1; repeated EntryAdapter entries = 2; uint64 hash = 3; }
 * EntryAdapter     { Timestamp timestamp = 1; string line = 2;
 *                    repeated LabelPairAdapter structuredMetadata = 3; repeated ... parsed = 4; }
 * LabelPairAdapter { string name = 1; string value = 2; }
 * ```
 *
 * `format`, `hash` and `parsed` are ignored (Loki ignores them on push too). Fields may come
 * in any order, so each stream is read twice: labels and entry count first, then entries.
 * Throws `bad_input` for malformed protobuf, unparsable labels or an invalid timestamp; in
 * that case nothing of the request is kept. The batch does not reference `body`.
 */
export function decodePushRequestProto(body: Uint8Array, tenant: string): LokiPushDecodeResult {
  const r = new ProtobufReader(body);
  const out = new PushAssembler(tenant);
  try {
    while (r.pos < r.length) {
      const tag = r.tag();
      if (tag >>> 3 === 1) {
        expectWire(tag, WireType.LEN, 'PushRequest.streams');
        decodeStream(r, r.messageEnd(), out);
      } else r.skip(tag & 7);
    }
  } catch (e) {
    if (e instanceof ProtobufDecodeError || e instanceof RangeError) {
      throw badInput(`malformed logproto.PushRequest protobuf (${body.length} bytes after snappy decoding): ${e.message}`, e);
    }
    throw e;
  }
  return out.result();
}

function decodeStream(r: ProtobufReader, end: number, out: PushAssembler): void {
  const start = r.pos;
  let labelsText = '';
  let entries = 0;
  while (r.pos < end) {
    const tag = r.tag();
    const field = tag >>> 3;
    if (field === 1) {
      expectWire(tag, WireType.LEN, 'StreamAdapter.labels');
      labelsText = r.string();
    } else {
      if (field === 2) {
        expectWire(tag, WireType.LEN, 'StreamAdapter.entries');
        entries++;
      }
      r.skip(tag & 7);
    }
  }
  r.expectEnd(end);
  const stream = out.startStream(parseStreamLabelsText(labelsText), entries);
  if (stream < 0) return;
  r.pos = start;
  while (r.pos < end) {
    const tag = r.tag();
    if (tag >>> 3 === 2) decodeEntry(r, r.messageEnd(), out, stream, labelsText);
    else r.skip(tag & 7);
  }
}

function decodeEntry(r: ProtobufReader, end: number, out: PushAssembler, stream: number, labelsText: string): void {
  let timeUnixNano = 0n;
  let line = '';
  let metadata: Attribute[] | null = null;
  while (r.pos < end) {
    const tag = r.tag();
    switch (tag >>> 3) {
      case 1:
        expectWire(tag, WireType.LEN, 'EntryAdapter.timestamp');
        timeUnixNano = decodeTimestamp(r, r.messageEnd(), labelsText);
        break;
      case 2:
        expectWire(tag, WireType.LEN, 'EntryAdapter.line');
        line = r.string();
        break;
      case 3:
        expectWire(tag, WireType.LEN, 'EntryAdapter.structuredMetadata');
        (metadata ??= []).push(decodeLabelPair(r, r.messageEnd()));
        break;
      default:
        r.skip(tag & 7);
    }
  }
  r.expectEnd(end);
  out.entry(stream, timeUnixNano, line, metadata);
}

/** google.protobuf.Timestamp { int64 seconds = 1; int32 nanos = 2; } */
function decodeTimestamp(r: ProtobufReader, end: number, labelsText: string): bigint {
  let seconds = 0n;
  let nanos = 0;
  while (r.pos < end) {
    const tag = r.tag();
    const field = tag >>> 3;
    if (field === 1) {
      expectWire(tag, WireType.VARINT, 'Timestamp.seconds');
      seconds = r.int64();
    } else if (field === 2) {
      expectWire(tag, WireType.VARINT, 'Timestamp.nanos');
      nanos = r.int32();
    } else r.skip(tag & 7);
  }
  r.expectEnd(end);
  return timestampFromProto(seconds, nanos, () => `an entry of stream ${JSON.stringify(labelsText)}`);
}

function decodeLabelPair(r: ProtobufReader, end: number): Attribute {
  let key = '';
  let value = '';
  while (r.pos < end) {
    const tag = r.tag();
    const field = tag >>> 3;
    if (field === 1) {
      expectWire(tag, WireType.LEN, 'LabelPairAdapter.name');
      key = r.string();
    } else if (field === 2) {
      expectWire(tag, WireType.LEN, 'LabelPairAdapter.value');
      value = r.string();
    } else r.skip(tag & 7);
  }
  r.expectEnd(end);
  return { key, value };
}
