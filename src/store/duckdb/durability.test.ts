import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { openDuckDBStore } from './index.js';
import { DAY_MS, SAMPLES_PER_BATCH, batchTraceId } from './testdata/durability-batch.js';

const CHILD = fileURLToPath(new URL('./testdata/durability-child.ts', import.meta.url));
const KILL_AFTER_ACKS = 5;

/** Runs the child until it acknowledged KILL_AFTER_ACKS batches, kills it with SIGKILL, returns every ack seen. */
function runAndKill(dbPath: string, env: NodeJS.ProcessEnv = {}): Promise<number[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, dbPath], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
    const acks: number[] = [];
    let stderr = '';
    let buffered = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`no ${KILL_AFTER_ACKS} acks within 60 s; stderr: ${stderr}`));
    }, 60_000);
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdout.on('data', (d: Buffer) => {
      buffered += d.toString();
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) {
        const m = /^ACK (\d+)$/.exec(line);
        if (m !== null) acks.push(Number(m[1]));
      }
      if (acks.length >= KILL_AFTER_ACKS) child.kill('SIGKILL');
    });
    child.on('exit', (code, sig) => {
      clearTimeout(timer);
      if (sig !== 'SIGKILL') reject(new Error(`child exited with ${code}; stderr: ${stderr}`));
      else resolve(acks);
    });
  });
}

describe('duckdb durability', () => {
  it('every write acknowledged before kill -9 is there after reopening', async () => {
    await checkAcknowledgedSurvive({});
  });

  // Default: acknowledged once written to the journal file; with fsync: once also fdatasynced.
  for (const fsync of [false, true]) {
    it(`metrics acknowledged from the ingest journal alone (never flushed to DuckDB) are replayed after kill -9 (fsync ${fsync ? 'on' : 'off'})`, async () => {
      await checkAcknowledgedSurvive({ FLUSH_INTERVAL_MS: '600000', FSYNC_JOURNAL: fsync ? '1' : '0' }, (dbPath) => {
        const journal = `${dbPath}.metrics-journal`;
        const bytes = fs.readdirSync(journal).reduce((n, f) => n + fs.statSync(path.join(journal, f)).size, 0);
        assert.ok(bytes >= KILL_AFTER_ACKS * SAMPLES_PER_BATCH * 20, `the journal holds the acknowledged samples (${bytes} bytes)`);
      });
    });
  }
});

async function checkAcknowledgedSurvive(env: NodeJS.ProcessEnv, afterKill?: (dbPath: string) => void): Promise<void> {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'omniscope-durability-'));
    try {
      const dbPath = path.join(dir, 'omniscope.duckdb');
      const acks = await runAndKill(dbPath, env);
      assert.ok(acks.length >= KILL_AFTER_ACKS);
      afterKill?.(dbPath);
      const store = await openDuckDBStore({ path: dbPath, retention: { metricsMs: DAY_MS, logsMs: DAY_MS, tracesMs: DAY_MS }, threads: 1 });
      try {
        const signal = new AbortController().signal;
        const now = Date.now();
        const perBatch = new Map<string, number>();
        const q = { tenant: 'durable', matchers: [{ name: '__name__', type: '=' as const, value: 'durable' }], startMs: now - DAY_MS / 2, endMs: now + DAY_MS / 2 };
        for await (const b of store.metrics.selectSamples(q, undefined, signal)) {
          b.series.forEach((labels, s) => {
            const batch = labels.find((l) => l.name === 'batch')?.value ?? '';
            perBatch.set(batch, (b.offsets[s + 1] as number) - (b.offsets[s] as number));
          });
        }
        const lines = new Set<string>();
        const lq = { tenant: 'durable', matchers: [{ name: 'app', type: '=' as const, value: 'durable' }], direction: 'forward' as const, limit: 100_000 };
        for await (const b of store.logs.selectLogs({ ...lq, startUnixNano: BigInt(now - DAY_MS / 2) * 1_000_000n, endUnixNano: BigInt(now + DAY_MS / 2) * 1_000_000n }, signal)) {
          for (const line of b.line) lines.add(line);
        }
        for (const n of acks) {
          assert.equal(perBatch.get(String(n)), SAMPLES_PER_BATCH, `samples of acknowledged batch ${n}`);
          assert.ok(lines.has(`batch ${n}`), `log line of acknowledged batch ${n}`);
          const trace = await store.traces.getTrace('durable', batchTraceId(n), undefined, signal);
          assert.equal(trace?.name[0], `batch ${n}`, `span of acknowledged batch ${n}`);
        }
      } finally {
        await store.close();
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
}
