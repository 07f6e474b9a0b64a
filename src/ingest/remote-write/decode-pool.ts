import { Worker } from 'node:worker_threads';
import type { Labels, MetricBatch } from '../../model/index.js';
import { OmniscopeError, StringInterner, unavailable } from '../../model/index.js';
import type { RemoteWriteDecodeResult } from './write-request-decoder.js';
import type { DecodeReply, DecodeRequest, DecodeWorkerData, DecodedBatch } from './decode-messages.js';

/** Source or compiled: the worker file sits next to this one with the same extension. */
const FROM_SOURCE = import.meta.url.endsWith('.ts');
const WORKER_URL = new URL(`./decode-worker${FROM_SOURCE ? '.ts' : '.js'}`, import.meta.url);

/**
 * A small young generation: with its label cache warm a worker allocates little that dies young,
 * and the process's 64 MiB semi-spaces would otherwise apply to each worker too. Measured with
 * `npm run bench:remote-write -- --datasets 100k --servers omniscope`: peak RSS 1,443 → 1,396 MiB, rate unchanged.
 */
const WORKER_LIMITS = { maxYoungGenerationSizeMb: 24 };

/**
 * Starts a worker on the decoder module. Run from TypeScript (tests, `npm run dev`), Node 20
 * does not apply the process's `--import tsx` to a worker's own module, so a small script
 * registers tsx in the worker first. None of the process's flags are passed: workers refuse V8
 * flags such as --max-semi-space-size.
 */
function startDecodeWorker(workerData: unknown): Worker {
  if (!FROM_SOURCE) return new Worker(WORKER_URL, { workerData, execArgv: [], resourceLimits: WORKER_LIMITS });
  const tsx = import.meta.resolve('tsx/esm/api');
  const boot = `import(${JSON.stringify(tsx)}).then((m) => { m.register(); return import(${JSON.stringify(WORKER_URL.href)}); });`;
  return new Worker(boot, { eval: true, workerData, execArgv: [], resourceLimits: WORKER_LIMITS });
}

interface Pending {
  readonly tenant: string;
  resolve(r: RemoteWriteDecodeResult): void;
  reject(e: unknown): void;
}

/**
 * Decodes remote-write bodies (snappy + protobuf: about 0.2 + 0.5 µs per sample of the
 * benchmark's data) in worker threads, so the main thread only stores: measured with
 * `npm run bench:remote-write`, see docs/remote-write.md. Each request goes to the worker with the fewest requests pending.
 *
 * Label sets cross threads once: a worker numbers them, and each worker's numbers map here to
 * one label-set object that every later batch reuses (so `reusesSeriesObjects` holds). Replies
 * of one worker arrive in order, so a reply that resets its numbering is applied before any
 * later one is read.
 *
 * A worker that dies fails its pending requests with `unavailable` (the sender retries) and is
 * replaced.
 */
export class RemoteWriteDecodePool {
  private readonly workers: PoolWorker[] = [];
  private closed = false;

  constructor(
    threads: number,
    private readonly maxDecodedBytes: number,
    /** Label sets each worker's cache holds (default 200,000; tests use small ones). */
    private readonly labelCacheEntries?: number,
  ) {
    for (let i = 0; i < threads; i++) this.workers.push(this.spawn());
  }

  decode(compressed: Uint8Array, tenant: string): Promise<RemoteWriteDecodeResult> {
    if (this.closed) return Promise.reject(unavailable('the remote write decoder is shutting down'));
    let w = this.workers[0] as PoolWorker;
    for (const x of this.workers) if (x.pending.size < w.pending.size) w = x;
    return w.send(compressed, tenant);
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.workers.map((w) => w.terminate()));
  }

  private spawn(): PoolWorker {
    const w = new PoolWorker({ maxDecodedBytes: this.maxDecodedBytes, labelCacheEntries: this.labelCacheEntries }, () => {
      const i = this.workers.indexOf(w);
      if (i >= 0 && !this.closed) this.workers[i] = this.spawn();
    });
    return w;
  }
}

class PoolWorker {
  readonly pending = new Map<number, Pending>();
  private readonly worker: Worker;
  private nextId = 0;
  /** Label-set objects by this worker's numbers. */
  private known: Labels[] = [];
  /** Label names and values shared by all series (they come as separate copies per series). */
  private readonly strings = new StringInterner();
  private dead = false;

  constructor(workerData: DecodeWorkerData, onDeath: () => void) {
    this.worker = startDecodeWorker(workerData);
    // An idle pool must not keep the process alive; pending requests are awaited by handlers.
    this.worker.unref();
    this.worker.on('message', (reply: DecodeReply) => this.onReply(reply));
    const die = (why: string): void => {
      if (this.dead) return;
      this.dead = true;
      for (const p of this.pending.values()) p.reject(unavailable(`the remote write decoder stopped (${why}); retry`));
      this.pending.clear();
      onDeath();
    };
    this.worker.on('error', (e) => die(e.message));
    this.worker.on('exit', (code) => die(`exit code ${code}`));
  }

  send(body: Uint8Array, tenant: string): Promise<RemoteWriteDecodeResult> {
    if (this.dead) return Promise.reject(unavailable('the remote write decoder stopped; retry'));
    const id = this.nextId++;
    const req: DecodeRequest = { id, tenant, body };
    return new Promise((resolve, reject) => {
      this.pending.set(id, { tenant, resolve, reject });
      this.worker.postMessage(req);
    });
  }

  async terminate(): Promise<void> {
    this.dead = true;
    await this.worker.terminate();
  }

  private onReply(reply: DecodeReply): void {
    const p = this.pending.get(reply.id);
    this.pending.delete(reply.id);
    if (reply.ok !== undefined) {
      // Applied even when nobody waits any more: later replies rely on these numbers.
      const result = this.toResult(reply.ok, p?.tenant ?? '');
      p?.resolve(result);
    } else {
      p?.reject(new OmniscopeError(reply.error.kind, reply.error.message));
    }
  }

  /** The label set with its strings replaced by shared copies (the cloned objects are this thread's own). */
  private share(labels: Labels): Labels {
    for (const label of labels as { name: string; value: string }[]) {
      label.name = this.strings.intern(label.name);
      label.value = this.strings.intern(label.value);
    }
    return labels;
  }

  private toResult(d: DecodedBatch, tenant: string): RemoteWriteDecodeResult {
    if (d.reset) this.known = [];
    for (const [n, labels] of d.newSeries) this.known[n] = this.share(labels);
    const series: Labels[] = new Array<Labels>(d.seriesNumbers.length);
    for (let i = 0; i < series.length; i++) series[i] = this.known[d.seriesNumbers[i] as number] as Labels;
    const batch: MetricBatch = {
      tenant,
      series,
      seriesIndex: d.seriesIndex,
      timestampsMs: d.timestampsMs,
      values: d.values,
      metadata: d.metadata,
      exemplars: d.exemplars,
      reusesSeriesObjects: true,
    };
    return { batch, rejected: d.rejected, messages: d.messages };
  }
}
