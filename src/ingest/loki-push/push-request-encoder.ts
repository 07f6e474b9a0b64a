import { NANOS_PER_SECOND } from '../../model/index.js';
import { ProtobufWriter } from '../shared/protobuf-writer.js';
import { snappyEncode } from '../remote-write/index.js';

/** One stream to push: labels in selector syntax, as Promtail sends them. */
export interface PushStream {
  readonly labels: string;
  readonly entries: readonly PushEntry[];
}

export interface PushEntry {
  readonly timeUnixNano: bigint;
  readonly line: string;
  readonly structuredMetadata?: Readonly<Record<string, string>>;
}

/**
 * Encodes a `logproto.PushRequest` the way Promtail and Grafana Alloy do (field order of the
 * .proto, Timestamp split into seconds and non-negative nanos). For tests, fixtures and
 * benchmarks; the receiver does not depend on it.
 */
export function encodePushRequest(streams: readonly PushStream[]): Uint8Array {
  const w = new ProtobufWriter();
  for (const s of streams) {
    w.message(1, (sw) => {
      sw.string(1, s.labels);
      for (const e of s.entries) {
        sw.message(2, (ew) => {
          // Floor division, so times before 1970 still get nanos in [0, 1e9).
          let seconds = e.timeUnixNano / NANOS_PER_SECOND;
          let nanos = e.timeUnixNano % NANOS_PER_SECOND;
          if (nanos < 0n) {
            seconds -= 1n;
            nanos += NANOS_PER_SECOND;
          }
          ew.message(1, (tw) => {
            if (seconds !== 0n) tw.int64(1, seconds);
            if (nanos !== 0n) tw.int64(2, nanos);
          });
          ew.string(2, e.line);
          for (const [name, value] of Object.entries(e.structuredMetadata ?? {})) {
            ew.message(3, (mw) => mw.string(1, name).string(2, value));
          }
        });
      }
    });
  }
  return w.finish();
}

/** The body of a protobuf push: the PushRequest, snappy block-compressed. */
export function encodePushBody(streams: readonly PushStream[]): Uint8Array {
  return snappyEncode(encodePushRequest(streams));
}
