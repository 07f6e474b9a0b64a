/**
 * Child process of durability.test.ts: opens the store at argv[2] and writes batches (metrics,
 * logs and spans, several in flight at once) until killed. Right after the writes of batch n
 * resolved it prints `ACK <n>`: from that moment the batch must survive `kill -9`.
 * `FLUSH_INTERVAL_MS` (env) keeps acknowledged metrics in the ingest journal only, for that long.
 */
import { openDuckDBStore } from '../index.js';
import { DAY_MS, SAMPLES_PER_BATCH, writeBatch } from './durability-batch.js';

async function main(): Promise<void> {
  const path = process.argv[2];
  if (path === undefined) throw new Error('usage: durability-child.ts <database file>');
  const store = await openDuckDBStore({ path, retention: { metricsMs: DAY_MS, logsMs: DAY_MS, tracesMs: DAY_MS }, threads: 1, ...flushOptions() });
  const baseMs = Date.now() - 60_000;
  const inFlight = new Set<Promise<void>>();
  for (let n = 1; ; n++) {
    const p = writeBatch(store, n, baseMs + n * SAMPLES_PER_BATCH).finally(() => inFlight.delete(p));
    inFlight.add(p);
    if (inFlight.size >= 4) await Promise.race(inFlight);
  }
}

function flushOptions(): { flushIntervalMs?: number; flushRows?: number; fsyncMetricsJournal?: boolean } {
  const ms = process.env.FLUSH_INTERVAL_MS;
  return {
    ...(ms === undefined ? {} : { flushIntervalMs: Number(ms), flushRows: 1e9 }),
    ...(process.env.FSYNC_JOURNAL === '1' ? { fsyncMetricsJournal: true } : {}),
  };
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
