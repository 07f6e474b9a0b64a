import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runStoreContractTests } from '../conformance/index.js';
import { openDuckDBStore } from './index.js';

runStoreContractTests('duckdb', async ({ retention, clock }) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'omniscope-duckdb-'));
  const file = path.join(dir, 'omniscope.duckdb');
  const open = () => openDuckDBStore({ path: file, retention, clock, threads: 2 });
  return {
    store: await open(),
    reopen: open,
    cleanup: async () => fs.rmSync(dir, { recursive: true, force: true }),
  };
});
