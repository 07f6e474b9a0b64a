export { SnappyDecodeError, snappyDecode, snappyDecodedLength, snappyEncode, snappyMaxEncodedLength } from './snappy.js';
export type { RemoteWriteDecodeResult, RemoteWriteRejectReason } from './write-request-decoder.js';
export { decodeWriteRequest } from './write-request-decoder.js';
export type { RemoteWriteSeries } from './write-request-encoder.js';
export { encodeRemoteWriteBody, encodeWriteRequest } from './write-request-encoder.js';
export type { RemoteWriteDeps, RemoteWriteOutcome } from './write-handler.js';
export { REMOTE_WRITE_PROTOCOL, handleRemoteWrite } from './write-handler.js';
export type { RemoteWriteHttpOptions } from './http-receiver.js';
export { REMOTE_WRITE_PATH, checkRemoteWriteHeaders, remoteWriteErrorStatus, remoteWritePlugin } from './http-receiver.js';
