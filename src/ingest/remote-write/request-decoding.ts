import { badInput, tooLarge } from '../../model/index.js';
import type { SeriesLabelCache } from './label-cache.js';
import { SnappyDecodeError, snappyDecode } from './snappy.js';
import { decodeWriteRequest } from './write-request-decoder.js';
import type { RemoteWriteDecodeResult } from './write-request-decoder.js';

/**
 * Turns a request body as received (snappy-compressed protobuf) into a batch. Throws
 * `too_large` when the declared decoded size is over the limit and `bad_input` for corrupt
 * snappy or protobuf. Implemented on the calling thread (`decodeOnThisThread`) or by a pool of
 * worker threads (decode-pool.ts).
 */
export type DecodeRemoteWrite = (compressed: Uint8Array, tenant: string) => Promise<RemoteWriteDecodeResult>;

/** Decoding on the calling thread, with a label cache shared by its requests. */
export function decodeOnThisThread(maxDecodedBytes: number, labelCache?: SeriesLabelCache): DecodeRemoteWrite {
  return async (compressed, tenant) => decodeRemoteWriteBody(compressed, tenant, maxDecodedBytes, labelCache);
}

export function decodeRemoteWriteBody(compressed: Uint8Array, tenant: string, maxDecodedBytes: number, labelCache?: SeriesLabelCache): RemoteWriteDecodeResult {
  return decodeWriteRequest(decompress(compressed, maxDecodedBytes), tenant, labelCache);
}

function decompress(compressed: Uint8Array, maxDecodedBytes: number): Uint8Array {
  try {
    return snappyDecode(compressed, maxDecodedBytes);
  } catch (e) {
    if (!(e instanceof SnappyDecodeError)) throw e;
    if (e.tooLarge) throw tooLarge(`${e.message} (limits.max_request_body_bytes)`);
    throw badInput(`cannot decode the snappy-compressed body (${compressed.length} bytes): ${e.message}`, e);
  }
}
