/**
 * A remote-write decoding thread (see decode-pool.ts). It keeps its own label cache and numbers
 * the label sets it hands out, so the main thread receives each label set once and afterwards
 * only its number: per request, a few typed arrays move (transferred, not copied).
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { Labels } from '../../model/index.js';
import { toOmniscopeError } from '../../model/index.js';
import { SeriesLabelCache } from './label-cache.js';
import { decodeRemoteWriteBody } from './request-decoding.js';
import type { DecodeReply, DecodeRequest, DecodeWorkerData } from './decode-messages.js';

const port = parentPort;
if (port === null) throw new Error('decode-worker.ts runs as a worker thread');
const { maxDecodedBytes, labelCacheEntries } = workerData as DecodeWorkerData;
const cache = new SeriesLabelCache(labelCacheEntries);
/**
 * A series' number is its label cache entry, so numbering costs no lookup; `sent` marks the
 * entries the main thread has received. A series decoded while the cache was full gets a
 * number above the cache's (a new label-set object each time, sent each time).
 */
const sent = new Uint8Array(cache.capacity);
let generation = cache.generation;
let nextUncached = 0;
/** Past this many uncached numbers, numbering starts over (the main thread forgets its map). */
const MAX_UNCACHED = 400_000;

port.on('message', (req: DecodeRequest) => {
  let reply: DecodeReply;
  const transfer: ArrayBuffer[] = [];
  try {
    const { batch, seriesRefs, rejected, messages } = decodeRemoteWriteBody(req.body, req.tenant, maxDecodedBytes, cache);
    // The cache started over: so do the numbers, and the main thread is told to forget its own.
    const reset = cache.generation !== generation || nextUncached + batch.series.length > MAX_UNCACHED;
    if (reset) {
      sent.fill(0);
      generation = cache.generation;
      nextUncached = 0;
    }
    const seriesNumbers = new Int32Array(batch.series.length);
    const newSeries: [number, Labels][] = [];
    batch.series.forEach((labels, i) => {
      const ref = seriesRefs?.[i] ?? -1;
      const n = ref >= 0 ? ref : cache.capacity + nextUncached++;
      if (ref < 0 || sent[ref] === 0) {
        if (ref >= 0) sent[ref] = 1;
        newSeries.push([n, labels]);
      }
      seriesNumbers[i] = n;
    });
    const seriesIndex = batch.seriesIndex.slice();
    const timestampsMs = batch.timestampsMs.slice();
    const values = batch.values.slice();
    transfer.push(seriesNumbers.buffer, seriesIndex.buffer, timestampsMs.buffer, values.buffer);
    reply = {
      id: req.id,
      ok: {
        reset,
        newSeries,
        seriesNumbers,
        seriesIndex,
        timestampsMs,
        values,
        metadata: batch.metadata,
        exemplars: batch.exemplars,
        rejected,
        messages,
      },
    };
  } catch (e) {
    const err = toOmniscopeError(e);
    reply = { id: req.id, error: { kind: err.kind, message: err.message } };
  }
  port.postMessage(reply, transfer);
});
