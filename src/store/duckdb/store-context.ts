import type { RetentionOptions } from '../contract.js';
import type { ReadPool } from './db/read-pool.js';
import type { WriteQueue } from './db/write-queue.js';
import type { RegexChecker } from './labels/regex-check.js';
import type { PartitionRegistry } from './partitions.js';
import type { TenantDictionary } from './tenants.js';

/** What every signal's reader and writer share: connections, catalogs, clock and retention. */
export interface StoreContext {
  readonly queue: WriteQueue;
  readonly pool: ReadPool;
  readonly partitions: PartitionRegistry;
  readonly tenants: TenantDictionary;
  readonly regex: RegexChecker;
  /** Milliseconds since the epoch. */
  readonly clock: () => number;
  readonly retention: RetentionOptions;
}
