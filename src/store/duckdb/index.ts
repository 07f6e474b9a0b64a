export type { DuckDBStoreOptions } from './duckdb-store.js';
export { openDuckDBStore } from './duckdb-store.js';
