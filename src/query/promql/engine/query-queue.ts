import { PromqlError } from '../parser/index.js';

/**
 * Bounds concurrent queries (Prometheus's --query.max-concurrency). Excess queries wait in
 * FIFO order; a query whose signal fires while waiting leaves the queue with a timeout or
 * cancellation error, as Prometheus's "query timed out in query queue".
 */
export class QueryQueue {
  private running = 0;
  private readonly waiting: { resolve: () => void; reject: (e: unknown) => void; signal: AbortSignal; onAbort: () => void }[] = [];

  constructor(private readonly maxConcurrent: number) {}

  async acquire(signal: AbortSignal): Promise<() => void> {
    if (signal.aborted) throw queueAbort(signal);
    if (this.running < this.maxConcurrent) {
      this.running++;
      return this.releaser();
    }
    await new Promise<void>((resolve, reject) => {
      const entry = {
        resolve,
        reject,
        signal,
        onAbort: () => {
          const i = this.waiting.indexOf(entry);
          if (i >= 0) this.waiting.splice(i, 1);
          reject(queueAbort(signal));
        },
      };
      signal.addEventListener('abort', entry.onAbort, { once: true });
      this.waiting.push(entry);
    });
    return this.releaser();
  }

  get queued(): number {
    return this.waiting.length;
  }

  get active(): number {
    return this.running;
  }

  private releaser(): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.waiting.shift();
      if (next === undefined) {
        this.running--;
        return;
      }
      next.signal.removeEventListener('abort', next.onAbort);
      next.resolve();
    };
  }
}

function queueAbort(signal: AbortSignal): PromqlError {
  const reason: unknown = signal.reason;
  if (reason instanceof Error && reason.name === 'TimeoutError') return new PromqlError('timeout', 'query timed out in query queue');
  return new PromqlError('canceled', 'query was canceled in query queue');
}
