import type { Store } from '../../../store/contract.js';
import { createMemoryStore } from '../../../store/memory/index.js';
import { T0_MS, checkoutFrontendBatch, paymentsWorkerHealthBatch } from './sample-traces.js';

const DAY_MS = 86_400_000;

/** The clock of the sample store: one hour after the sample traces started. */
export const SAMPLE_NOW_MS = T0_MS + 3_600_000;

/**
 * A memory store holding the sample traces (written through its TracesWriter in two batches),
 * with its clock at `SAMPLE_NOW_MS`. Throws when the store did not accept every span.
 */
export async function createSampleStore(): Promise<Store> {
  const store = createMemoryStore({
    retention: { metricsMs: 7 * DAY_MS, logsMs: 7 * DAY_MS, tracesMs: 7 * DAY_MS },
    clock: () => SAMPLE_NOW_MS,
  });
  for (const batch of [checkoutFrontendBatch(), paymentsWorkerHealthBatch()]) {
    const result = await store.traces.appendSpans(batch);
    if (result.accepted !== batch.length) throw new Error(`sample store rejected spans: ${JSON.stringify(result.rejected)}`);
  }
  return store;
}
