export type { OpenedStore, StoreFactory } from './fixtures.js';
export { runStoreContractTests } from './store-contract.js';
