import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parsePrometheusConfig } from '../../../config/prometheus/index.js';
import { ScrapeManager } from './scrape-manager.js';

describe('ScrapeManager', () => {
  let server: Server;
  let address = '';
  let dir = '';
  const seen: string[] = [];

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'omniscope-scrape-manager-'));
    server = createServer((req, res) => {
      seen.push(req.headers.authorization ?? '');
      res.end('m 1\n');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    address = `127.0.0.1:${(server.address() as { port: number }).port}`;
  });
  after(() => {
    server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('re-reads secret files on apply: a rotated password is used after a reload of the same config', async () => {
    const passwordFile = join(dir, 'password');
    writeFileSync(passwordFile, 'old\n');
    const config = parsePrometheusConfig(
      `scrape_configs:\n  - job_name: a\n    scrape_interval: 1h\n    basic_auth: { username: u, password_file: ${passwordFile} }\n    static_configs: [{ targets: ['${address}'] }]\n`,
      dir,
    );
    const manager = new ScrapeManager({ tenant: 't', offsetSeed: 's', userAgent: 'test', log: () => undefined, append: async (b) => ({ accepted: b.values.length, rejected: {} }) });
    const scrapeNow = async (): Promise<string> => {
      await manager.settled();
      seen.length = 0;
      // Scrape through the loop the manager runs (the interval is an hour, so only this call scrapes).
      const loops = (manager as unknown as { pools: Map<string, { loops: Map<string, { scrapeOnce(): Promise<void> }> }> }).pools;
      for (const pool of loops.values()) for (const loop of pool.loops.values()) await loop.scrapeOnce();
      return seen.join();
    };
    try {
      await manager.apply(config);
      assert.equal(await scrapeNow(), `Basic ${Buffer.from('u:old').toString('base64')}`);
      writeFileSync(passwordFile, 'new\n');
      await manager.apply(config);
      assert.equal(await scrapeNow(), `Basic ${Buffer.from('u:new').toString('base64')}`);
    } finally {
      await manager.stop();
    }
  });

  it('reads a rotated secret file at the next scrape without a reload; an unreadable one fails that scrape only', async () => {
    const passwordFile = join(dir, 'rotating');
    writeFileSync(passwordFile, 'one\n');
    const config = parsePrometheusConfig(
      `scrape_configs:\n  - job_name: b\n    scrape_interval: 1h\n    basic_auth: { username: u, password_file: ${passwordFile} }\n    static_configs: [{ targets: ['${address}'] }]\n`,
      dir,
    );
    const manager = new ScrapeManager({ tenant: 't', offsetSeed: 's', userAgent: 'test', log: () => undefined, append: async (b) => ({ accepted: b.values.length, rejected: {} }) });
    type Loop = { scrapeOnce(): Promise<void>; status(): { health: string; lastError: string } };
    const loopsOf = (): Loop[] => {
      const pools = (manager as unknown as { pools: Map<string, { loops: Map<string, Loop> }> }).pools;
      return [...pools.values()].flatMap((p) => [...p.loops.values()]);
    };
    const scrapeNow = async (): Promise<{ auth: string; lastError: string }> => {
      await manager.settled();
      seen.length = 0;
      for (const loop of loopsOf()) await loop.scrapeOnce();
      return { auth: seen.join(), lastError: loopsOf()[0]?.status().lastError ?? '?' };
    };
    const basic = (p: string): string => `Basic ${Buffer.from(`u:${p}`).toString('base64')}`;
    try {
      await manager.apply(config);
      assert.deepEqual(await scrapeNow(), { auth: basic('one'), lastError: '' });
      writeFileSync(passwordFile, 'second\n');
      assert.deepEqual(await scrapeNow(), { auth: basic('second'), lastError: '' });
      unlinkSync(passwordFile);
      const failed = await scrapeNow();
      assert.equal(failed.auth, '', 'nothing is sent without the password');
      assert.match(failed.lastError, /^cannot read basic_auth password_file .*rotating: ENOENT/);
      writeFileSync(passwordFile, 'third\n');
      assert.deepEqual(await scrapeNow(), { auth: basic('third'), lastError: '' });
    } finally {
      await manager.stop();
    }
  });
});
