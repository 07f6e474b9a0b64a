/**
 * `npm run bench:sample-layout`: how many bytes a sample takes in DuckDB's own column
 * compression, in write order (time-major, what the open day holds) against sorted by series
 * (what closed days are rewritten to). Loads the remote-write benchmark's 10k-series hour into a
 * fresh store, closes it, then copies the samples table both ways into fresh database files
 * and prints bytes per sample and each column's compression and block count.
 */
import fs from 'node:fs';
import { DuckDBInstance } from '@duckdb/node-api';
import { defineDataset } from '../promql/data.js';
import { encodeDataset } from './encoded-dataset.js';
import { snappyDecode } from '../../src/ingest/remote-write/snappy.js';
import { decodeWriteRequest } from '../../src/ingest/remote-write/write-request-decoder.js';
import { openDuckDBStore } from '../../src/store/duckdb/index.js';
const dir = fs.mkdtempSync('/tmp/layout-');
const path = `${dir}/o.duckdb`;
const ds = defineDataset('10k', 10000, Date.now() - 120_000, 1);
const enc = encodeDataset(ds, 4, 2000, () => {});
process.stderr.write(`loading ${enc.samples} samples into ${path} ...\n`);
const store = await openDuckDBStore({ path, retention: { metricsMs: 15 * 86400e3, logsMs: 86400e3, tracesMs: 86400e3 }, memoryLimit: '300MB' });
for (const step of enc.requests) await Promise.all(step.flat().map((r) => store.metrics.appendMetrics(decodeWriteRequest(snappyDecode(r.body, 1 << 30), 'default').batch)));
await store.close();
const size = () => fs.readdirSync(dir).reduce((n, f) => n + (fs.statSync(`${dir}/${f}`).isFile() ? fs.statSync(`${dir}/${f}`).size : 0), 0);
console.log('as written', (size() / enc.samples).toFixed(2), 'B/sample');
const inst = await DuckDBInstance.create(path); const c = await inst.connect();
const tables = (await c.runAndReadAll(`SELECT table_name, estimated_size FROM duckdb_tables() ORDER BY 1`)).getRows();
const samples = tables.map((r) => String(r[0])).filter((t) => t.startsWith('samples_'));
for (const [name, order] of [['time', 'rowid'], ['series', 'tenant_id, series_id, ts_ms']]) {
  const f = `${dir}/${name}.duckdb`;
  await c.run(`ATTACH '${f}' AS x`);
  await c.run(`CREATE TABLE x.s AS SELECT tenant_id, series_id, ts_ms, value FROM ${samples[0]} ORDER BY ${order}`);
  await c.run('DETACH x');
  const i3 = await DuckDBInstance.create(f); const c3 = await i3.connect();
  const cols = (await c3.runAndReadAll(`SELECT column_name, string_agg(DISTINCT compression, ','), count(DISTINCT block_id) FROM pragma_storage_info('s') GROUP BY ALL ORDER BY 1`)).getRows().map(String).join(' | ');
  c3.closeSync(); i3.closeSync();
  console.log(name, (fs.statSync(f).size / enc.samples).toFixed(2), 'B/sample;', cols);
}
c.closeSync(); inst.closeSync();
fs.rmSync(dir, { recursive: true });
