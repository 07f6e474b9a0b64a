import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PromqlError } from '../parser/index.js';
import { QueryQueue } from './query-queue.js';

describe('QueryQueue', () => {
  it('runs at most maxConcurrent at once and admits waiters in FIFO order', async () => {
    const q = new QueryQueue(2);
    const signal = new AbortController().signal;
    const r1 = await q.acquire(signal);
    const r2 = await q.acquire(signal);
    const order: number[] = [];
    const w3 = q.acquire(signal).then((r) => (order.push(3), r));
    const w4 = q.acquire(signal).then((r) => (order.push(4), r));
    assert.equal(q.active, 2);
    assert.equal(q.queued, 2);
    r1();
    const r3 = await w3;
    assert.deepEqual(order, [3]);
    r2();
    const r4 = await w4;
    assert.deepEqual(order, [3, 4]);
    r3();
    r4();
    r4(); // releasing twice is harmless
    assert.equal(q.active, 0);
  });

  it('a waiter whose deadline passes leaves the queue with Prometheus\'s timeout error', async () => {
    const q = new QueryQueue(1);
    const release = await q.acquire(new AbortController().signal);
    // AbortSignal.timeout's timer does not keep the process alive; a server's sockets do.
    const keepAlive = setTimeout(() => undefined, 5000);
    await assert.rejects(q.acquire(AbortSignal.timeout(20)), (e: unknown) => e instanceof PromqlError && e.type === 'timeout' && e.message === 'query timed out in query queue');
    assert.equal(q.queued, 0);
    const ac = new AbortController();
    const waiting = q.acquire(ac.signal);
    ac.abort();
    await assert.rejects(waiting, (e: unknown) => e instanceof PromqlError && e.type === 'canceled');
    release();
    clearTimeout(keepAlive);
    assert.equal(q.active, 0);
  });
});
