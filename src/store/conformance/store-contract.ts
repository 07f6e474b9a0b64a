import { after, before, describe } from 'node:test';
import type { Store } from '../contract.js';
import type { OpenedStore, StoreFactory } from './fixtures.js';
import { NOW_MS, RETENTION } from './fixtures.js';
import { registerLifecycleCases } from './lifecycle-cases.js';
import { registerLogsCases } from './logs-cases.js';
import { registerMetricsCases } from './metrics-cases.js';
import type { SuiteEnv } from './suite-env.js';
import { registerTracesCases } from './traces-cases.js';

/**
 * The storage contract as tests: run it from a backend's test file with a factory that opens a
 * fresh, empty store. Most tests share one store (clock fixed at 2026-11-24 12:00 UTC, 30-day
 * retention) and write to their own tenant; retention, persistence (when the factory offers
 * `reopen`) and close tests open stores of their own.
 *
 * Semantics pinned down here beyond the contract's prose: label sets are compared and ordered
 * by code point; `selectLogs` backward is the exact reverse of forward; trace search orders by
 * the earliest matching span start, newest first, ties by trace id; line filter and label
 * regexes are RE2 (label ones fully anchored, `.` matching newlines).
 */
export function runStoreContractTests(backendName: string, open: StoreFactory): void {
  describe(`store contract: ${backendName}`, () => {
    let opened: OpenedStore | undefined;
    const env: SuiteEnv = {
      store(): Store {
        if (opened === undefined) throw new Error('the shared store is not open');
        return opened.store;
      },
      open,
    };
    before(async () => {
      opened = await open({ retention: RETENTION, clock: () => NOW_MS });
    });
    after(async () => {
      if (opened === undefined) return;
      await opened.store.close();
      await opened.cleanup();
    });
    describe('metrics', () => registerMetricsCases(env));
    describe('logs', () => registerLogsCases(env));
    describe('traces', () => registerTracesCases(env));
    describe('lifecycle', () => registerLifecycleCases(env));
  });
}
