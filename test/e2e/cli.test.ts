/** The omniscope command: help, version, check-config, and exit codes for bad usage. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const CLI = fileURLToPath(new URL('../../src/cli.ts', import.meta.url));
const VERSION = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

function run(args: string[]): { code: number | null; out: string; err: string } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', CLI, ...args], { encoding: 'utf8', timeout: 60_000, env: { ...process.env, OMNISCOPE_LISTEN_ADDRESS: '127.0.0.1' } });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

function withConfig(text: string, fn: (file: string, dir: string) => void): void {
  const dir = mkdtempSync(join(tmpdir(), 'omniscope-cli-'));
  try {
    const file = join(dir, 'omniscope.yml');
    writeFileSync(file, text);
    fn(file, dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('omniscope CLI', () => {
  it('prints help and version', () => {
    const help = run(['--help']);
    assert.equal(help.code, 0);
    assert.match(help.out, /omniscope start \[flags\]/);
    assert.match(help.out, /--otlp-grpc-port/);
    const version = run(['--version']);
    assert.equal(version.code, 0);
    assert.equal(version.out.trim(), VERSION);
  });

  it('check-config accepts a valid file and names the key of an invalid one (exit 2)', () => {
    withConfig('server:\n  http_port: 9999\nstorage:\n  retention:\n    logs: 7d\n', (file) => {
      const ok = run(['check-config', file]);
      assert.equal(ok.code, 0, ok.err);
      assert.match(ok.out, /valid/);
    });
    withConfig('storage:\n  retention:\n    metrics: 15 days\n  retension: {}\n', (file) => {
      const bad = run(['check-config', file]);
      assert.equal(bad.code, 2);
      assert.match(bad.err, /key storage\.retention\.metrics: invalid duration "15 days"/);
      assert.match(bad.err, /unknown key storage\.retension/);
    });
  });

  it('check-config checks a prometheus.yml: unsupported keys by path, errors with exit 2', () => {
    const promYml = [
      'global:',
      '  scrape_interval: 15s',
      'rule_files: [rules.yml]',
      'scrape_configs:',
      '  - job_name: node',
      '    static_configs: [{ targets: [localhost:9100] }]',
      '  - job_name: pods',
      '    kubernetes_sd_configs: [{ role: pod }]',
      '',
    ].join('\n');
    withConfig(promYml, (file) => {
      const r = run(['check-config', file]);
      assert.equal(r.code, 0, r.err);
      assert.match(r.out, /valid prometheus\.yml, 2 scrape job\(s\): node, pods/);
      assert.match(r.out, /scrape_configs\[1\]\.kubernetes_sd_configs: not supported, ignored: /);
      assert.match(r.out, /rule_files: not supported, ignored: /);
    });
    withConfig('scrape_configs:\n  - job_name: a\n    scrape_interval: 10s\n    scrape_timeout: 20s\n', (file) => {
      const r = run(['check-config', file]);
      assert.equal(r.code, 2);
      assert.match(r.err, /scrape timeout greater than scrape interval/);
    });
    withConfig('scrape_configs:\n  - job_name: a\n    scrape_intervall: 10s\n', (file) => {
      const r = run(['check-config', file]);
      assert.equal(r.code, 2);
      assert.match(r.err, /scrape_configs\[0\]\.scrape_intervall/);
    });
  });

  it('refuses to start with an invalid config, bad flags or an unknown command (exit 2)', () => {
    withConfig('otlp:\n  grpc_port: -1\n', (file, dir) => {
      const r = run(['start', '--config', file, '--data-dir', dir]);
      assert.equal(r.code, 2);
      assert.match(r.err, /otlp\.grpc_port/);
    });
    const port = run(['start', '--http-port', 'eighty']);
    assert.equal(port.code, 2);
    assert.match(port.err, /--http-port must be a port number/);
    assert.equal(run(['frobnicate']).code, 2);
    assert.equal(run(['start', '--no-such-flag']).code, 2);
  });

  it('says which port is in use and how to change it (exit 1)', async () => {
    const blocker = createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r));
    const addr = blocker.address();
    const busy = typeof addr === 'object' && addr !== null ? addr.port : 0;
    const dir = mkdtempSync(join(tmpdir(), 'omniscope-cli-'));
    try {
      const r = await new Promise<{ code: number | null; out: string }>((resolve) => {
        // spawnSync would block the event loop that serves the blocking socket, so run async.
        import('node:child_process').then(({ spawn }) => {
          const p = spawn(process.execPath, ['--import', 'tsx', CLI, 'start', '--data-dir', dir, '--http-port', String(busy), '--otlp-grpc-port', '0', '--otlp-http-port', '0'], { env: { ...process.env, OMNISCOPE_LISTEN_ADDRESS: '127.0.0.1' } });
          let out = '';
          p.stdout.on('data', (c: Buffer) => (out += c.toString()));
          p.stderr.on('data', (c: Buffer) => (out += c.toString()));
          p.on('exit', (code) => resolve({ code, out }));
        }, () => resolve({ code: -1, out: 'import failed' }));
      });
      assert.equal(r.code, 1);
      assert.match(r.out, new RegExp(`127\\.0\\.0\\.1:${busy}.*port is in use.*--http-port`));
    } finally {
      blocker.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
