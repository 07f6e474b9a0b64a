/**
 * What compaction's checkpoints (metrics/chunks/sample-compaction.ts) rely on in the DuckDB
 * version we pin: a checkpoint, even a forced one, neither waits for a running query nor holds
 * back a write while that query runs. Older DuckDB versions aborted running transactions on
 * FORCE CHECKPOINT; an upgrade that changes this behaviour fails here first.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { DuckDBInstance } from '@duckdb/node-api';

describe('DuckDB checkpoints next to a long query', () => {
  it('CHECKPOINT and FORCE CHECKPOINT finish, and a write commits, while a query still runs; the query succeeds', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'omniscope-checkpoint-'));
    const instance = await DuckDBInstance.create(path.join(dir, 'c.duckdb'), { threads: '2' });
    const [query, checkpoint, writer] = [await instance.connect(), await instance.connect(), await instance.connect()];
    try {
      await writer.run('CREATE TABLE t (x BIGINT)');
      await writer.run('INSERT INTO t SELECT range FROM range(1000000)');
      await writer.run('DELETE FROM t WHERE x < 500000'); // deleted rows are what compaction's checkpoints fold away
      const order: string[] = [];
      // A cross join of 500k x 8k rows: seconds of work on this machine.
      const long = query.run('SELECT sum(a.x * b.x) FROM t a, (SELECT x FROM t LIMIT 8000) b').then(() => order.push('query'));
      await new Promise((r) => setTimeout(r, 200));
      await checkpoint.run('CHECKPOINT');
      order.push('checkpoint');
      await checkpoint.run('FORCE CHECKPOINT');
      order.push('force checkpoint');
      await writer.run('INSERT INTO t VALUES (1)');
      order.push('write');
      await long;
      assert.deepEqual(order, ['checkpoint', 'force checkpoint', 'write', 'query']);
    } finally {
      for (const c of [query, checkpoint, writer]) c.closeSync();
      instance.closeSync();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
