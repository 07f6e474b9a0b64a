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
import type { DecodeReply, DecodeRequest } from './decode-messages.js';

const port = parentPort;
if (port === null) throw new Error('decode-worker.ts runs as a worker thread');
const { maxDecodedBytes } = workerData as { maxDecodedBytes: number };
const cache = new SeriesLabelCache();
let numbers = new Map<Labels, number>();
let generation = cache.generation;
/**
 * Label sets decoded without the cache (label fields not contiguous, which no known sender
 * does) are new objects each time; past this many numbers, numbering starts over as well.
 */
const MAX_NUMBERED = 400_000;

port.on('message', (req: DecodeRequest) => {
  let reply: DecodeReply;
  const transfer: ArrayBuffer[] = [];
  try {
    const { batch, rejected, messages } = decodeRemoteWriteBody(req.body, req.tenant, maxDecodedBytes, cache);
    // The cache started over: so do the numbers, and the main thread is told to forget its own.
    const reset = cache.generation !== generation || numbers.size > MAX_NUMBERED;
    if (reset) {
      numbers = new Map();
      generation = cache.generation;
    }
    const seriesNumbers = new Int32Array(batch.series.length);
    const newSeries: [number, Labels][] = [];
    batch.series.forEach((labels, i) => {
      let n = numbers.get(labels);
      if (n === undefined) {
        n = numbers.size;
        numbers.set(labels, n);
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
