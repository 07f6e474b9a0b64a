import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DuckDBInstance, INTEGER } from '@duckdb/node-api';
import type { WriteJob, WriterSession } from './write-queue.js';
import { WriteQueue } from './write-queue.js';

/** A job appending `values` to table t; `fail` makes its write throw after appending. */
function job(values: number[], opts: { fail?: boolean; undo?: () => void } = {}): WriteJob {
  return {
    signal: 'metrics',
    rows: values.length,
    prepare: async () => {},
    write: async (session: WriterSession) => {
      const a = await session.appender('t', [INTEGER]);
      for (const v of values) {
        a.num(0, v);
        a.endRow();
      }
      if (opts.undo !== undefined) session.onRollback(opts.undo);
      if (opts.fail === true) throw new Error('boom');
    },
  };
}

async function withQueue(maxPendingRows: number, fn: (q: WriteQueue, rows: () => Promise<number[]>, flushes: number[]) => Promise<void>): Promise<void> {
  const instance = await DuckDBInstance.create(':memory:');
  const writer = await instance.connect();
  const reader = await instance.connect();
  await writer.run('CREATE TABLE t (v INTEGER)');
  const flushes: number[] = [];
  const q = new WriteQueue(writer, { maxPendingRows, observer: { onFlush: (_s, rows) => flushes.push(rows) } });
  try {
    await fn(q, async () => (await reader.runAndReadAll('SELECT v FROM t ORDER BY rowid')).getRows().map((r) => Number(r[0])), flushes);
  } finally {
    await q.close();
    reader.closeSync();
    writer.closeSync();
    instance.closeSync();
  }
}

/** Holds the write loop in an exclusive task until the returned function is called. */
function hold(q: WriteQueue): () => void {
  let release = (): void => {};
  const gate = new Promise<void>((r) => (release = r));
  void q.exclusive(() => gate);
  return release;
}

describe('WriteQueue', () => {
  it('commits jobs that wait together in one transaction, in submission order', async () => {
    await withQueue(1000, async (q, rows, flushes) => {
      const release = hold(q);
      const all = Promise.all([q.submit(job([1])), q.submit(job([2, 3])), q.submit(job([4])), q.submit(job([5]))]);
      release();
      await all;
      assert.deepEqual(await rows(), [1, 2, 3, 4, 5]);
      assert.deepEqual(flushes, [5], 'one commit for the four jobs');
    });
  });

  it('rejects every job of a failed group, rolls it back and runs the undo hooks', async () => {
    await withQueue(1000, async (q, rows) => {
      await q.submit(job([1]));
      let undone = 0;
      const release = hold(q);
      const settled = Promise.allSettled([q.submit(job([2], { undo: () => undone++ })), q.submit(job([3], { fail: true }))]);
      release();
      const results = await settled;
      assert.deepEqual(
        results.map((r) => r.status),
        ['rejected', 'rejected'],
      );
      assert.equal((results[0] as PromiseRejectedResult).reason.kind, 'unavailable');
      assert.equal(undone, 1);
      assert.equal(q.pendingRows, 0);
      await q.submit(job([4]));
      assert.deepEqual(await rows(), [1, 4]);
    });
  });

  it('refuses work beyond maxPendingRows with a retryable unavailable error, and after close', async () => {
    await withQueue(3, async (q) => {
      const a = q.submit(job([1, 2]));
      await assert.rejects(q.submit(job([3, 4])), (e: { kind?: string; retryAfterSeconds?: number }) => e.kind === 'unavailable' && (e.retryAfterSeconds ?? 0) > 0);
      await a;
      await q.submit(job([5, 6, 7, 8]));
      await q.close();
      await assert.rejects(q.submit(job([9])), (e: { kind?: string }) => e.kind === 'unavailable');
    });
  });
});
