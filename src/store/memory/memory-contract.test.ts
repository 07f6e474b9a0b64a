import { runStoreContractTests } from '../conformance/index.js';
import { createMemoryStore } from './index.js';

// The reference backend runs the same contract suite as every other backend. It keeps
// nothing across a restart, so it offers no `reopen` and the persistence case is skipped.
runStoreContractTests('memory', async (options) => ({
  store: createMemoryStore(options),
  cleanup: async () => undefined,
}));
