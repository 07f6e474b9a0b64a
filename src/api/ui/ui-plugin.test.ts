import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import Fastify from 'fastify';
import type { FastifyInstance } from 'fastify';
import { uiPlugin } from './ui-plugin.js';

describe('uiPlugin', () => {
  let dir = '';
  let built: FastifyInstance;
  let unbuilt: FastifyInstance;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'omniscope-ui-'));
    mkdirSync(join(dir, 'ui', 'assets'), { recursive: true });
    writeFileSync(join(dir, 'ui', 'index.html'), '<div id="root"></div>');
    writeFileSync(join(dir, 'ui', 'assets', 'index-abc.js'), 'console.log(1)');
    writeFileSync(join(dir, 'secret.txt'), 'not for the web');
    built = Fastify();
    await built.register(uiPlugin, { uiDir: join(dir, 'ui') });
    unbuilt = Fastify();
    await unbuilt.register(uiPlugin, { uiDir: join(dir, 'missing') });
  });
  after(async () => {
    await built.close();
    await unbuilt.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers index.html, never cached, for every client route', async () => {
    for (const url of ['/', '/explore/metrics', '/explore/traces?trace=abc', '/explore/logs']) {
      const res = await built.inject({ url });
      assert.equal(res.statusCode, 200, url);
      assert.equal(res.body, '<div id="root"></div>');
      assert.equal(res.headers['cache-control'], 'no-cache');
    }
  });

  it('serves hashed assets for a year, and nothing outside the assets folder', async () => {
    const asset = await built.inject({ url: '/assets/index-abc.js' });
    assert.equal(asset.statusCode, 200);
    assert.match(String(asset.headers['content-type']), /^text\/javascript/);
    assert.equal(asset.headers['cache-control'], 'public, max-age=31536000, immutable');
    for (const url of ['/assets/missing.js', '/assets/../../secret.txt', '/assets/%2e%2e/%2e%2e/secret.txt', '/assets/']) {
      const res = await built.inject({ url });
      assert.equal(res.statusCode, 404, url);
      assert.ok(!res.body.includes('not for the web'), url);
    }
  });

  it('without a build, says how to build instead of failing', async () => {
    const res = await unbuilt.inject({ url: '/' });
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /npm run build/);
  });
});
