import type { Store } from '../contract.js';
import type { StoreFactory } from './fixtures.js';

/** What the case files get: the shared store (clock fixed at NOW_MS) and the factory. */
export interface SuiteEnv {
  /** The store opened in `before`, shared by the tests; each test writes to its own tenant. */
  store(): Store;
  readonly open: StoreFactory;
}
