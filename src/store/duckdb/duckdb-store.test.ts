import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { MetricsReader, Store } from '../contract.js';
import { runStoreContractTests } from '../conformance/index.js';
import { openDuckDBStore } from './index.js';

runStoreContractTests('duckdb', async (options) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'omniscope-duckdb-'));
  const file = path.join(dir, 'omniscope.duckdb');
  const open = () => openDuckDBStore({ ...options, path: file, threads: 2 });
  return {
    store: await open(),
    reopen: open,
    cleanup: async () => fs.rmSync(dir, { recursive: true, force: true }),
  };
});

/**
 * The same contract with every sample read from compacted chunks (plus the rows written since):
 * no head, and each metrics read compacts everything first. (The out-of-order window is judged
 * against the head, so the one case that sets it gets the default head.)
 */
runStoreContractTests('duckdb, samples compacted into chunks', async (options) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'omniscope-duckdb-chunks-'));
  const file = path.join(dir, 'omniscope.duckdb');
  const open = async () => compactingBeforeReads(await openDuckDBStore({ ...options, path: file, threads: 2, ...(options.metricsOutOfOrderWindowMs === undefined ? { headWindowMs: 0 } : {}) }));
  return {
    store: await open(),
    reopen: open,
    cleanup: async () => fs.rmSync(dir, { recursive: true, force: true }),
  };
});

function compactingBeforeReads(store: Store): Store {
  const m = store.metrics;
  const metrics: Store['metrics'] = {
    appendMetrics: (b) => m.appendMetrics(b),
    async *selectSeries(q, signal) {
      await store.compact();
      yield* m.selectSeries(q, signal);
    },
    async *selectSamples(q, hints, signal) {
      await store.compact();
      yield* m.selectSamples(q, hints, signal);
    },
    labelNames: async (q, signal) => (await store.compact(), m.labelNames(q, signal)),
    labelValues: async (name, q, signal) => (await store.compact(), m.labelValues(name, q, signal)),
    metadata: ((q, signal) => m.metadata(q, signal)) as MetricsReader['metadata'],
  };
  return { ...store, metrics, health: () => store.health(), enforceRetention: () => store.enforceRetention(), compact: () => store.compact(), close: () => store.close() };
}
