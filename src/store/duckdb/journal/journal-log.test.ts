import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, it } from 'node:test';
import { JournalLog } from './journal-log.js';

/** Records in these tests: 8 bytes of sequence number, then filler. */
function record(seq: number, size = 64): Uint8Array {
  const b = Buffer.alloc(size, seq % 251);
  b.writeDoubleLE(seq, 0);
  return b;
}
const seqOf = (r: Uint8Array): number => Buffer.from(r.buffer, r.byteOffset, r.byteLength).readDoubleLE(0);

const dirs: string[] = [];
function tempDir(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'omniscope-journal-'));
  dirs.push(d);
  return d;
}
describe('JournalLog', () => {
  afterEach(() => {
    for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
  });

  for (const syncEachAppend of [true, false]) {
    it(`replays every acknowledged record in order after reopening, across segments (sync each append: ${syncEachAppend})`, async () => {
      const dir = tempDir();
      const { log, records } = JournalLog.open(dir, seqOf, { segmentBytes: 1000, syncEachAppend });
      assert.equal(records.length, 0);
      // Concurrent appends share syncs; all resolve.
      await Promise.all(Array.from({ length: 50 }, (_, i) => log.append(record(i + 1, 100 + i), i + 1)));
      for (let i = 51; i <= 60; i++) await log.append(record(i, 300), i);
      assert.ok(log.segmentCount > 3, `rolled into several segments (${log.segmentCount})`);
      await log.close();
      const again = JournalLog.open(dir, seqOf, { segmentBytes: 1000 });
      assert.deepEqual(again.records.map(seqOf), Array.from({ length: 60 }, (_, i) => i + 1));
      assert.equal(again.records[3]?.length, 103, 'record sizes kept');
      await again.log.close();
    });
  }

  it('releaseThrough deletes whole segments that hold only applied records, never the current one', async () => {
    const dir = tempDir();
    const { log } = JournalLog.open(dir, seqOf, { segmentBytes: 500 });
    for (let i = 1; i <= 30; i++) await log.append(record(i, 100), i);
    const before = log.segmentCount;
    log.releaseThrough(10);
    assert.ok(log.segmentCount < before && log.segmentCount > 1);
    log.releaseThrough(30);
    assert.equal(log.segmentCount, 1, 'the current segment stays');
    await log.close();
    const { records, log: reopened } = JournalLog.open(dir, seqOf);
    assert.ok(records.every((r) => seqOf(r) > 10), 'released records are gone');
    assert.ok(records.some((r) => seqOf(r) === 30), 'the current segment is kept');
    await reopened.close();
    reopened.discard();
    assert.deepEqual(fs.readdirSync(dir), []);
  });

  it('cuts a torn tail (an unsynced, partial record) and keeps appending after it', async () => {
    const dir = tempDir();
    const { log } = JournalLog.open(dir, seqOf);
    for (let i = 1; i <= 3; i++) await log.append(record(i), i);
    await log.close();
    const file = path.join(dir, fs.readdirSync(dir)[0] as string);
    fs.appendFileSync(file, Buffer.from([64, 0, 0, 0, 1, 2, 3, 4, 9, 9])); // a frame promising 64 bytes, 2 present
    const warnings: string[] = [];
    const second = JournalLog.open(dir, seqOf, { onRepair: (m) => warnings.push(m) });
    assert.deepEqual(second.records.map(seqOf), [1, 2, 3]);
    assert.equal(warnings.length, 1);
    assert.match(warnings[0] as string, /cut 10 damaged or incomplete bytes/);
    await second.log.append(record(4), 4);
    await second.log.close();
    assert.deepEqual(JournalLog.open(dir, seqOf).records.map(seqOf), [1, 2, 3, 4]);
  });

  it('stops at a record whose checksum does not match and drops later segments', async () => {
    const dir = tempDir();
    const { log } = JournalLog.open(dir, seqOf, { segmentBytes: 200 });
    for (let i = 1; i <= 6; i++) await log.append(record(i, 100), i);
    await log.close();
    const files = fs.readdirSync(dir).sort();
    assert.ok(files.length >= 3);
    const first = path.join(dir, files[0] as string);
    const data = fs.readFileSync(first);
    data[8 + 108 + 20] = (data[8 + 108 + 20] as number) ^ 0xff; // inside the second record's payload
    fs.writeFileSync(first, data);
    const warnings: string[] = [];
    const { records } = JournalLog.open(dir, seqOf, { onRepair: (m) => warnings.push(m) });
    assert.deepEqual(records.map(seqOf), [1]);
    assert.equal(warnings.length, 1);
    assert.equal(fs.readdirSync(dir).length, 2, 'the cut segment and a fresh one');
  });

  it('refuses appends after close with unavailable', async () => {
    const { log } = JournalLog.open(tempDir(), seqOf);
    await log.close();
    await assert.rejects(log.append(record(1), 1), (e: Error & { kind?: string }) => e.kind === 'unavailable');
  });
});
