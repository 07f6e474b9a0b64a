import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { MetricBatchBuilder, STALE_NAN, isStaleNaN, labelsFromRecord } from '../../../model/index.js';
import type { SampleBatch, Store } from '../../contract.js';
import { openDuckDBStore } from '../index.js';
import { HeadSamples } from './head-samples.js';

const HOUR = 3_600_000;
const NOW = Date.UTC(2025, 5, 1, 12);

describe('HeadSamples', () => {
  it('keeps samples ordered, replaces rewrites, inserts late samples, and truncates', () => {
    const h = new HeadSamples(HOUR, NOW);
    for (const t of [10, 20, 40]) h.append(1, 7, NOW - 1000 + t, t);
    h.append(1, 7, NOW - 1000 + 30, 30); // late
    h.append(1, 7, NOW - 1000 + 20, 21); // rewrite
    h.append(1, 7, NOW - 2 * HOUR, 1); // before coverage: ignored
    const r = h.range(1, 7, NOW - 1000, NOW);
    assert.deepEqual(Array.from(r?.ts ?? []), [10, 20, 30, 40].map((t) => NOW - 1000 + t));
    assert.deepEqual(Array.from(r?.values ?? []), [10, 21, 30, 40]);
    assert.equal(h.samples, 4);
    assert.equal(h.range(1, 7, NOW - 1000 + 31, NOW - 1000 + 39), null);
    assert.equal(h.range(2, 7, 0, NOW), null);
    h.truncate(NOW + HOUR - 1000 + 25);
    assert.equal(h.coverageStartMs, NOW - 1000 + 25);
    assert.deepEqual(Array.from(h.range(1, 7, 0, NOW + HOUR)?.values ?? []), [30, 40]);
    assert.equal(h.samples, 2);
  });
});

describe('HeadSamples against a sorted map', () => {
  it('answers like the map through appends, late samples, rewrites and truncation', () => {
    let seed = 7;
    const next = (): number => {
      seed = (Math.imul(seed, 1_103_515_245) + 12_345) >>> 0;
      return seed / 4_294_967_296;
    };
    const h = new HeadSamples(HOUR, NOW);
    const model = new Map<number, number>();
    let t = NOW - HOUR + 1000;
    for (let op = 0; op < 4000; op++) {
      const r = next();
      // Mostly in order; some rewrites and late samples, a few between two existing ones.
      const at = r < 0.8 ? (t += 1000) : t - Math.floor(next() * 300) * 1000 + (r < 0.9 ? 0 : 7);
      const v = Math.round(next() * 1000);
      h.append(1, 3, at, v);
      if (at >= h.coverageStartMs) model.set(at, v);
    }
    const check = (from: number, to: number): void => {
      const want = [...model.keys()].filter((k) => k >= from && k <= to).sort((a, b) => a - b);
      const got = h.range(1, 3, from, to);
      assert.deepEqual(Array.from(got?.ts ?? []), want, `timestamps in [${from}, ${to}]`);
      assert.deepEqual(Array.from(got?.values ?? []), want.map((k) => model.get(k)), `values in [${from}, ${to}]`);
    };
    for (let q = 0; q < 50; q++) {
      const from = t - Math.floor(next() * 3000) * 1000 + Math.floor(next() * 3);
      check(from, from + Math.floor(next() * 2000) * 1000);
    }
    assert.equal(h.samples, model.size);
    assert.equal(h.newest(1, 3), Math.max(...model.keys()));
    // Truncation drops exactly what is older than the new coverage.
    h.truncate(t - 500_000 + HOUR);
    for (const k of [...model.keys()]) if (k < t - 500_000) model.delete(k);
    check(0, Infinity);
    assert.equal(h.samples, model.size);
  });
});

async function all(store: Store, startMs: number, endMs: number): Promise<Map<string, [number[], number[]]>> {
  const out = new Map<string, [number[], number[]]>();
  const batches: SampleBatch[] = [];
  for await (const b of store.metrics.selectSamples({ tenant: 't', matchers: [{ name: '__name__', type: '=~', value: 'm.*' }], startMs, endMs }, undefined, AbortSignal.timeout(10_000))) batches.push(b);
  for (const b of batches) {
    b.series.forEach((labels, s) => {
      const from = b.offsets[s] as number;
      const to = b.offsets[s + 1] as number;
      const values = Array.from(b.values.subarray(from, to), (v) => (isStaleNaN(v) ? -999 : v));
      out.set(JSON.stringify(labels), [Array.from(b.timestampsMs.subarray(from, to)), values]);
    });
  }
  return out;
}

describe('DuckDB store with a head', () => {
  it('answers exactly as without it, across the head boundary, after rewrites and after reopening', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'omniscope-head-'));
    const retention = { metricsMs: 10 * 24 * HOUR, logsMs: HOUR, tracesMs: HOUR };
    const clock = () => NOW;
    const open = (name: string, headWindowMs: number) => openDuckDBStore({ path: path.join(dir, name), retention, clock, threads: 2, headWindowMs });
    let withHead = await open('head.duckdb', HOUR);
    const without = await open('plain.duckdb', 0);
    try {
      const b = new MetricBatchBuilder('t');
      for (let s = 0; s < 20; s++) {
        const series = b.series(labelsFromRecord({ __name__: `m${s % 3}`, i: String(s) }));
        // Three hours of data: the first two are older than the head's window.
        for (let t = NOW - 3 * HOUR; t <= NOW; t += 60_000) b.sample(series, t, s * 1000 + (t - NOW) / 60_000);
        b.sample(series, NOW - 30 * 60_000, 42); // rewrite inside the head
        b.sample(series, NOW - 150 * 60_000, 43); // rewrite before it
        if (s === 3) b.sample(series, NOW - 10 * 60_000 + 1, STALE_NAN);
      }
      const batch = b.build();
      await withHead.metrics.appendMetrics(batch);
      await without.metrics.appendMetrics(batch);
      // A late sample arriving after the others.
      const late = new MetricBatchBuilder('t');
      late.sample(late.series(labelsFromRecord({ __name__: 'm0', i: '0' })), NOW - 5 * 60_000 + 7, 7);
      await withHead.metrics.appendMetrics(late.build());
      await without.metrics.appendMetrics(late.build());
      for (const [start, end] of [
        [NOW - 3 * HOUR, NOW],
        [NOW - 90 * 60_000, NOW - 20 * 60_000],
        [NOW - 20 * 60_000, NOW],
        [NOW - 3 * HOUR, NOW - 2 * HOUR],
      ] as const) {
        assert.deepEqual(await all(withHead, start, end), await all(without, start, end), `range ${start - NOW}..${end - NOW}`);
      }
      await withHead.close();
      withHead = await open('head.duckdb', HOUR);
      assert.deepEqual(await all(withHead, NOW - 3 * HOUR, NOW), await all(without, NOW - 3 * HOUR, NOW), 'after reopening');
      const full = await all(withHead, NOW - 3 * HOUR, NOW);
      assert.equal(full.size, 20);
    } finally {
      await withHead.close();
      await without.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('sorting closed days of samples', () => {
  it('keeps every sample and last-write-wins, and is done once', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'omniscope-sort-'));
    const retention = { metricsMs: 10 * 24 * HOUR, logsMs: HOUR, tracesMs: HOUR };
    const store = await openDuckDBStore({ path: path.join(dir, 'db.duckdb'), retention, clock: () => NOW, threads: 2, headWindowMs: 0 });
    try {
      const dayStart = NOW - 3 * 24 * HOUR;
      for (const round of [0, 1]) {
        const b = new MetricBatchBuilder('t');
        for (let s = 0; s < 30; s++) {
          const series = b.series(labelsFromRecord({ __name__: `m${s % 4}`, i: String(s) }));
          for (let t = dayStart; t < dayStart + 6 * HOUR; t += 300_000) b.sample(series, t, round === 0 ? s + t / 1e9 : -s);
        }
        // The second round rewrites only part of the timestamps: those must read as -s.
        if (round === 1) {
          const partial = new MetricBatchBuilder('t');
          partial.sample(partial.series(labelsFromRecord({ __name__: 'm1', i: '1' })), dayStart + 600_000, 99);
          await store.metrics.appendMetrics(partial.build());
        } else {
          await store.metrics.appendMetrics(b.build());
        }
      }
      const before = await all(store, dayStart - HOUR, NOW);
      assert.equal(before.size, 30);
      assert.equal(before.get(JSON.stringify(labelsFromRecord({ __name__: 'm1', i: '1' })))?.[1][2], 99);
      await store.enforceRetention();
      assert.deepEqual(await all(store, dayStart - HOUR, NOW), before);
      await store.enforceRetention();
      assert.deepEqual(await all(store, dayStart - HOUR, NOW), before);
    } finally {
      await store.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('regex matchers on the DuckDB store', () => {
  it('are evaluated with RE2: a pattern that backtracks exponentially in JavaScript answers at once', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'omniscope-redos-'));
    const retention = { metricsMs: 10 * 24 * HOUR, logsMs: HOUR, tracesMs: HOUR };
    const store = await openDuckDBStore({ path: path.join(dir, 'db.duckdb'), retention, clock: () => NOW, threads: 2 });
    try {
      const b = new MetricBatchBuilder('t');
      b.sample(b.series(labelsFromRecord({ __name__: 'm', v: `${'a'.repeat(40)}b` })), NOW - 1000, 1);
      b.sample(b.series(labelsFromRecord({ __name__: 'm', v: 'aac' })), NOW - 1000, 2);
      await store.metrics.appendMetrics(b.build());
      const started = performance.now();
      const names: string[] = [];
      for await (const batch of store.metrics.selectSamples({ tenant: 't', matchers: [{ name: 'v', type: '=~', value: '(a+)+c' }], startMs: NOW - HOUR, endMs: NOW }, undefined, AbortSignal.timeout(10_000))) {
        for (const s of batch.series) names.push(s.find((l) => l.name === 'v')?.value ?? '');
      }
      assert.deepEqual(names, ['aac']);
      assert.ok(performance.now() - started < 2000, 'answered without backtracking');
    } finally {
      await store.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
