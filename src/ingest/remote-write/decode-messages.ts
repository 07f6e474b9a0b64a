import type { ErrorKind, Exemplar, Labels, MetricMetadata } from '../../model/index.js';
import type { RemoteWriteRejectReason } from './write-request-decoder.js';

/** What a decode worker is started with. */
export interface DecodeWorkerData {
  readonly maxDecodedBytes: number;
  /** Label sets its cache holds; default SeriesLabelCache's. */
  readonly labelCacheEntries: number | undefined;
}

/** Main thread -> decode worker: one request body as received. */
export interface DecodeRequest {
  readonly id: number;
  readonly tenant: string;
  readonly body: Uint8Array;
}

/** Decode worker -> main thread: the batch with its series as the worker's numbers. */
export interface DecodedBatch {
  /** The worker's numbering started over: forget every number received before. */
  readonly reset: boolean;
  /** Label sets numbered for the first time (since the last reset). */
  readonly newSeries: readonly (readonly [number, Labels])[];
  /** The batch's series, by number. */
  readonly seriesNumbers: Int32Array;
  readonly seriesIndex: Int32Array;
  readonly timestampsMs: Float64Array;
  readonly values: Float64Array;
  readonly metadata: readonly MetricMetadata[];
  readonly exemplars: readonly Exemplar[];
  readonly rejected: Partial<Record<RemoteWriteRejectReason, number>>;
  readonly messages: readonly string[];
}

export type DecodeReply =
  | { readonly id: number; readonly ok: DecodedBatch; readonly error?: undefined }
  | { readonly id: number; readonly error: { readonly kind: ErrorKind; readonly message: string }; readonly ok?: undefined };
