import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BIGINT, DOUBLE, DuckDBInstance, INTEGER, UINTEGER, UTINYINT, VARCHAR } from '@duckdb/node-api';
import { ChunkAppender, ChunkBuilder, patchNumbers } from './chunk-appender.js';

const TYPES = [INTEGER, UTINYINT, UINTEGER, DOUBLE, BIGINT, VARCHAR];

/** Strings around the 12-byte inline limit, non-ASCII ones (inline only when ASCII) and JSON-ish text. */
const STRINGS = ['', 'a', '[]', 'abcdefghijkl', 'abcdefghijklm', 'é', 'ééééééé', '日本', '{"k":"v"}', 'x'.repeat(5000), 'tab\tnew\nline', '😀'];

test('chunks written column by column read back exactly, across chunk boundaries', async () => {
  const instance = await DuckDBInstance.create(':memory:');
  const conn = await instance.connect();
  await conn.run('CREATE TABLE t (i INTEGER, u8 UTINYINT, u32 UINTEGER, d DOUBLE, b BIGINT, s VARCHAR)');
  const appender = new ChunkAppender(await conn.createAppender('t'), TYPES);
  const rows = 5000; // more than two chunks of 2048
  const extremes = [0, -1, 1, 2 ** 32, -(2 ** 32), 2 ** 32 - 1, -(2 ** 32) + 1, Number.MAX_SAFE_INTEGER, Number.MIN_SAFE_INTEGER, 1_700_000_000_123];
  for (let r = 0; r < rows; r++) {
    appender.num(0, r - 2500);
    if (r % 7 === 0) appender.nul(1);
    else appender.num(1, r % 256);
    appender.num(2, 4_000_000_000 - r);
    appender.num(3, r / 3);
    if (r % 2 === 0) appender.big(4, BigInt(r) * -1_000_000_000_000n);
    else appender.bigFromNumber(4, r * -1_000_000_000_000);
    appender.str(5, `${STRINGS[r % STRINGS.length]}`);
    appender.endRow();
  }
  for (const v of extremes) {
    appender.num(0, 0);
    appender.num(1, 0);
    appender.num(2, 0);
    appender.num(3, 0);
    appender.bigFromNumber(4, v);
    appender.str(5, 'extreme');
    appender.endRow();
  }
  appender.close();
  const ext = await conn.runAndReadAll("SELECT b FROM t WHERE s = 'extreme'");
  assert.deepEqual(ext.getRows().map((r) => r[0]), extremes.map((v) => BigInt(v)));
  const result = await conn.runAndReadAll("SELECT i, u8, u32, d, b, s FROM t WHERE s <> 'extreme'");
  const got = result.getRows();
  assert.equal(got.length, rows);
  for (let r = 0; r < rows; r++) {
    const row = got[r] as unknown[];
    assert.deepEqual(row, [r - 2500, r % 7 === 0 ? null : r % 256, 4_000_000_000 - r, r / 3, BigInt(r) * -1_000_000_000_000n, STRINGS[r % STRINGS.length]], `row ${r}`);
  }
  // Inline strings compare equal to the same strings DuckDB built itself.
  const eq = await conn.runAndReadAll("SELECT count(*) FROM t WHERE s = 'abcdefghijkl' OR s = '[]' OR s = ''");
  let expected = 0;
  for (let r = 0; r < rows; r++) if ([0, 2, 3].includes(r % STRINGS.length)) expected++;
  assert.equal(Number(eq.getRows()[0]?.[0]), expected);
  conn.closeSync();
});

test('prebuilt chunks can have INTEGER columns patched before they are appended', async () => {
  const instance = await DuckDBInstance.create(':memory:');
  const conn = await instance.connect();
  await conn.run('CREATE TABLE t (i INTEGER, u8 UTINYINT, u32 UINTEGER, d DOUBLE, b BIGINT, s VARCHAR)');
  const builder = new ChunkBuilder(TYPES);
  for (let r = 0; r < 3000; r++) {
    builder.num(0, 0);
    builder.num(1, 1);
    builder.num(2, 2);
    builder.num(3, 3);
    builder.big(4, 4n);
    builder.str(5, 'same');
    builder.endRow();
  }
  const chunks = builder.finish();
  assert.equal(chunks.length, 2);
  const appender = new ChunkAppender(await conn.createAppender('t'), TYPES);
  for (const chunk of chunks) {
    patchNumbers(chunk, 0, (row) => row + 10);
    appender.appendChunk(chunk);
  }
  appender.close();
  const result = await conn.runAndReadAll('SELECT min(i), max(i), count(*), count(DISTINCT s) FROM t');
  assert.deepEqual(result.getRows()[0], [10, 2057, 3000n, 1n]);
  conn.closeSync();
});
