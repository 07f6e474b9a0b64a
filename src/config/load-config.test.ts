import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig, parseDurationMs, parseByteSize } from './index.js';

function withFile(text: string, fn: (file: string) => void): void {
  const dir = mkdtempSync(join(tmpdir(), 'omniscope-config-'));
  try {
    const file = join(dir, 'omniscope.yml');
    writeFileSync(file, text);
    fn(file);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function problemsOf(fn: () => unknown): string[] {
  try {
    fn();
  } catch (e) {
    assert.ok(e instanceof ConfigError, `expected ConfigError, got ${String(e)}`);
    return [...e.problems];
  }
  assert.fail('expected a ConfigError');
}

describe('loadConfig', () => {
  it('applies every default without a file', () => {
    const c = loadConfig(undefined, {});
    assert.equal(c.server.http_port, 7070);
    assert.equal(c.otlp.grpc_port, 4317);
    assert.equal(c.otlp.http_port, 4318);
    assert.equal(c.storage.backend, 'duckdb');
    assert.equal(c.storage.data_dir, './data');
    assert.equal(c.storage.retention.metrics, 15 * 86_400_000);
    assert.equal(c.storage.retention.traces, 15 * 86_400_000);
    assert.equal(c.limits.max_request_body_bytes, 32 * 1024 * 1024);
    assert.equal(c.limits.max_loki_push_body_bytes, 32 * 1024 * 1024, 'the Loki push limit follows the general one');
    assert.equal(c.limits.max_query_series, 500);
    assert.equal(c.limits.query_timeout, 60_000);
    assert.equal(c.tenancy.default_tenant, 'default');
    assert.equal(c.log.level, 'info');
  });

  it('reads a file and converts units', () => {
    withFile('storage:\n  retention:\n    logs: 7d\n    traces: 36h\nlimits:\n  max_request_body_bytes: 4MiB\n', (f) => {
      const c = loadConfig(f, {});
      assert.equal(c.storage.retention.logs, 7 * 86_400_000);
      assert.equal(c.storage.retention.traces, 36 * 3_600_000);
      assert.equal(c.storage.retention.metrics, 15 * 86_400_000);
      assert.equal(c.limits.max_request_body_bytes, 4 * 1024 * 1024);
      assert.equal(c.limits.max_loki_push_body_bytes, 4 * 1024 * 1024);
    });
    withFile('limits:\n  max_request_body_bytes: 4MiB\n  max_loki_push_body_bytes: 100MB\n', (f) => {
      const c = loadConfig(f, {});
      assert.equal(c.limits.max_request_body_bytes, 4 * 1024 * 1024);
      assert.equal(c.limits.max_loki_push_body_bytes, 100_000_000);
    });
    withFile('limits:\n  max_query_series: 2000\n  query_timeout: 90s\n', (f) => {
      const c = loadConfig(f, {});
      assert.equal(c.limits.max_query_series, 2000);
      assert.equal(c.limits.query_timeout, 90_000);
    });
  });

  it('lets environment override the file and flags override both', () => {
    withFile('server:\n  http_port: 8000\nstorage:\n  data_dir: /from/file\n', (f) => {
      const env = { OMNISCOPE_HTTP_PORT: '9000', OMNISCOPE_DATA_DIR: '/from/env' };
      const c = loadConfig(f, env, { dataDir: '/from/flag' });
      assert.equal(c.server.http_port, 9000);
      assert.equal(c.storage.data_dir, '/from/flag');
    });
  });

  it('names the key of a wrong value', () => {
    withFile('otlp:\n  grpc_port: "four"\n', (f) => {
      const [p] = problemsOf(() => loadConfig(f, {}));
      assert.match(p ?? '', /key otlp\.grpc_port/);
    });
  });

  it('names an unknown key', () => {
    withFile('storage:\n  retension: {}\n', (f) => {
      const [p] = problemsOf(() => loadConfig(f, {}));
      assert.match(p ?? '', /unknown key storage\.retension/);
    });
  });

  it('explains a bad duration', () => {
    withFile('storage:\n  retention:\n    metrics: 15 days\n', (f) => {
      const [p] = problemsOf(() => loadConfig(f, {}));
      assert.match(p ?? '', /storage\.retention\.metrics: invalid duration "15 days"/);
    });
  });

  it('reads the metrics out-of-order window, which needs the head', () => {
    assert.equal(loadConfig(undefined, {}).storage.metrics_out_of_order_window, undefined, 'unset by default: any order within retention');
    withFile('storage:\n  metrics_out_of_order_window: 30m\n', (f) => {
      assert.equal(loadConfig(f, {}).storage.metrics_out_of_order_window, 30 * 60_000);
    });
    withFile('storage:\n  metrics_out_of_order_window: 0s\n  duckdb:\n    head_window: 0s\n', (f) => {
      const [p] = problemsOf(() => loadConfig(f, {}));
      assert.match(p ?? '', /storage\.metrics_out_of_order_window: needs storage\.duckdb\.head_window above 0/);
    });
  });

  it('accepts the file of docs/configuration.md and finds its defaults there', () => {
    const doc = readFileSync(new URL('../../docs/configuration.md', import.meta.url), 'utf8');
    const yaml = /## The file, with every key at its default\n\n```yaml\n([\s\S]*?)```/.exec(doc)?.[1];
    assert.ok(yaml !== undefined, 'the documented file is there');
    // Keys whose default is computed are shown as `<what it is>`: leave them out.
    const text = yaml.split('\n').filter((line) => !/^\s*\w+: <[^>]+>/.test(line)).join('\n');
    withFile(text, (f) => assert.deepEqual(loadConfig(f, {}), loadConfig(undefined, {})));
  });

  it('reports invalid YAML with its line', () => {
    withFile('server:\n  http_port: [1,\n', (f) => {
      assert.throws(() => loadConfig(f, {}), (e: unknown) => e instanceof ConfigError && /invalid YAML/.test(e.message));
    });
  });

  it('rejects a non-integer port from the environment', () => {
    const problems = problemsOf(() => loadConfig(undefined, { OMNISCOPE_HTTP_PORT: 'abc' }));
    assert.ok(problems.some((p) => p.includes('OMNISCOPE_HTTP_PORT')));
  });
});

describe('units', () => {
  it('parses durations', () => {
    assert.equal(parseDurationMs('1h30m'), 5_400_000);
    assert.equal(parseDurationMs('500ms'), 500);
    assert.equal(parseDurationMs('2w'), 14 * 86_400_000);
    assert.throws(() => parseDurationMs('30m1h'));
    assert.throws(() => parseDurationMs('abc'));
  });
  it('parses byte sizes', () => {
    assert.equal(parseByteSize('16MiB'), 16 * 1024 * 1024);
    assert.equal(parseByteSize('1kb'), 1000);
    assert.equal(parseByteSize(42), 42);
    assert.throws(() => parseByteSize('12 parsecs'));
  });
});
