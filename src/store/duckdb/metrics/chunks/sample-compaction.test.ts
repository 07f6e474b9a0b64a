import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { STALE_NAN, isStaleNaN } from '../../../../model/index.js';
import type { Store } from '../../../contract.js';
import { appendSamples, eq, fmt, live, ls, readSamples } from '../../../conformance/fixtures.js';
import { openDuckDBStore } from '../../index.js';

const HOUR = 3_600_000;
const NOW = Date.UTC(2026, 10, 24, 12, 0, 0);
const RETENTION = { metricsMs: 30 * 86_400_000, logsMs: 86_400_000, tracesMs: 86_400_000 };
const series = (i: number) => ls({ __name__: 'req_total', job: 'api', instance: `h${i}` });

async function withStore(
  fn: (open: (headWindowMs?: number) => Promise<Store>, file: string) => Promise<void>,
  compactionLimits?: { rowsPerTransaction: number; rowsPerCheckpoint: number },
): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'omniscope-chunks-'));
  try {
    const file = path.join(dir, 'o.duckdb');
    await fn(
      (headWindowMs = 0) =>
        openDuckDBStore({ path: file, retention: RETENTION, clock: () => NOW, threads: 2, headWindowMs, ...(compactionLimits ? { compactionLimits } : {}) }),
      file,
    );
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Rows still in `samples_*` and rows of `sample_chunks_*`, read from a closed store's file. */
async function tableCounts(file: string): Promise<{ rows: number; chunks: number }> {
  const inst = await DuckDBInstance.create(file);
  const c = await inst.connect();
  try {
    const tables = (await c.runAndReadAll(`SELECT table_name FROM duckdb_tables()`)).getRows().map(([t]) => String(t));
    const count = async (prefix: string): Promise<number> => {
      let n = 0;
      for (const t of tables.filter((x) => x.startsWith(prefix))) n += Number((await c.runAndReadAll(`SELECT count(*) FROM "${t}"`)).getRows()[0]?.[0]);
      return n;
    };
    return { rows: await count('samples_'), chunks: await count('sample_chunks_') };
  } finally {
    c.closeSync();
    inst.closeSync();
  }
}

describe('sample compaction (DuckDB)', () => {
  it('moves closed hours into one chunk per series and hour; reads are unchanged, before and after reopening', async () => {
    await withStore(async (open, file) => {
      const store = await open();
      const written: [ReturnType<typeof series>, number, number][] = [];
      // 3 series x 3 hours x 15 s, with a stale marker and decimals; hours 09, 10 and 11.
      for (let i = 0; i < 3; i++) {
        for (let t = NOW - 3 * HOUR + 15_000; t < NOW; t += 15_000) written.push([series(i), t, i === 2 && t === NOW - HOUR ? STALE_NAN : (t - NOW) / 1000 + i * 0.25]);
      }
      await appendSamples(store, 't1', written);
      const before = await readSamples(store, 't1', [eq('job', 'api')], NOW - 3 * HOUR, NOW);
      assert.equal((await store.compact()).rows, written.length);
      const after = await readSamples(store, 't1', [eq('job', 'api')], NOW - 3 * HOUR, NOW);
      assert.equal(after.length, 3);
      assert.deepEqual(JSON.stringify(after), JSON.stringify(before));
      const stale = after[2]?.points.find(([t]) => t === NOW - HOUR);
      assert.ok(stale !== undefined && isStaleNaN(stale[1]));
      // A range inside one chunk, bounds included.
      assert.deepEqual(await readSamples(store, 't1', [eq('instance', 'h0')], NOW - 2 * HOUR - 15_000, NOW - 2 * HOUR + 15_000), [
        { labels: fmt(series(0)), points: [[NOW - 2 * HOUR - 15_000, -7215], [NOW - 2 * HOUR, -7200], [NOW - 2 * HOUR + 15_000, -7185]] },
      ]);
      assert.equal((await store.compact()).rows, 0, 'nothing left to compact');
      await store.close();
      assert.deepEqual(await tableCounts(file), { rows: 0, chunks: 9 });

      // Reopened with a head: the head is loaded from the chunks.
      const again = await open(2 * HOUR);
      assert.deepEqual(JSON.stringify(await readSamples(again, 't1', [eq('job', 'api')], NOW - 3 * HOUR, NOW)), JSON.stringify(before));
      await again.close();
    });
  });

  it('merges later writes into a compacted hour: the newest write of a timestamp wins, before and after the next compaction', async () => {
    await withStore(async (open, file) => {
      const store = await open();
      const t0 = NOW - 2 * HOUR;
      await appendSamples(store, 't1', [0, 1, 2, 3].map((k) => [series(0), t0 + k * 60_000, k] as const));
      await store.compact();
      await appendSamples(store, 't1', [
        [series(0), t0 + 60_000, 10], // rewrites a compacted sample
        [series(0), t0 + 90_000, 11], // between compacted samples
        [series(0), t0 + 90_000, 12], // written twice as rows: the last wins
        [series(1), t0, 5], // a series without a chunk in that hour
      ]);
      const expected = [
        { labels: fmt(series(0)), points: [[t0, 0], [t0 + 60_000, 10], [t0 + 90_000, 12], [t0 + 120_000, 2], [t0 + 180_000, 3]] },
        { labels: fmt(series(1)), points: [[t0, 5]] },
      ];
      assert.deepEqual(await readSamples(store, 't1', [eq('job', 'api')], 0, NOW), expected);
      assert.equal((await store.compact()).rows, 4);
      assert.deepEqual(await readSamples(store, 't1', [eq('job', 'api')], 0, NOW), expected);
      await store.close();
      assert.deepEqual(await tableCounts(file), { rows: 0, chunks: 2 });
    });
  });

  it('keeps tenants apart and answers label queries at partial-hour edges from chunks', async () => {
    await withStore(async (open) => {
      const store = await open();
      const t0 = NOW - 2 * HOUR + 10 * 60_000;
      await appendSamples(store, 'a', [[series(0), t0, 1]]);
      await appendSamples(store, 'b', [[series(1), t0, 2]]);
      await store.compact();
      assert.deepEqual(await readSamples(store, 'a', [eq('job', 'api')], 0, NOW), [{ labels: fmt(series(0)), points: [[t0, 1]] }]);
      assert.deepEqual(await readSamples(store, 'b', [eq('job', 'api')], 0, NOW), [{ labels: fmt(series(1)), points: [[t0, 2]] }]);
      const values = (start: number, end: number) => store.metrics.labelValues('instance', { tenant: 'a', matcherSets: [], startMs: start, endMs: end }, live());
      assert.deepEqual(await values(t0 - 60_000, t0 + 60_000), ['h0']);
      assert.deepEqual(await values(t0 + 60_000, t0 + 120_000), []);
      await store.close();
    });
  });

  it('loses nothing written while compacting', async () => {
    await withStore(async (open, file) => {
      const store = await open();
      const t0 = NOW - 3 * HOUR;
      let k = 0;
      const write = async (n: number): Promise<void> => {
        for (let i = 0; i < n; i++, k++) await appendSamples(store, 't1', [[series(k % 50), t0 + Math.floor(k / 50) * 1000, k]]);
      };
      await write(2000);
      // Writes keep landing in the hours being compacted.
      const [compacted] = await Promise.all([store.compact(), write(2000)]);
      assert.ok(compacted.rows > 0);
      await store.compact();
      const got = await readSamples(store, 't1', [eq('job', 'api')], 0, NOW);
      assert.equal(got.reduce((n, s) => n + s.points.length, 0), 4000);
      await store.close();
      assert.equal((await tableCounts(file)).rows, 0);
    });
  });

  it('splits a large hour into transactions by series and checkpoints between them, with the same result', async () => {
    await withStore(
      async (open, file) => {
        const store = await open();
        const written: [ReturnType<typeof series>, number, number][] = [];
        for (let i = 0; i < 40; i++) for (let t = NOW - 2 * HOUR; t < NOW - HOUR; t += 60_000) written.push([series(i), t, i * 1000 + (t - NOW) / 60_000]);
        await appendSamples(store, 't1', written);
        const before = await readSamples(store, 't1', [eq('job', 'api')], 0, NOW);
        assert.equal((await store.compact()).rows, written.length);
        assert.deepEqual(await readSamples(store, 't1', [eq('job', 'api')], 0, NOW), before);
        await store.close();
        // 40 series x 60 rows in slices of ~100 rows: one chunk per series all the same.
        assert.deepEqual(await tableCounts(file), { rows: 0, chunks: 40 });
      },
      { rowsPerTransaction: 100, rowsPerCheckpoint: 300 },
    );
  });
});
