import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PrometheusConfigError, loadPrometheusConfig, parsePrometheusConfig } from './index.js';
import type { PrometheusConfig, ScrapeConfig } from './index.js';

const BASE = '/etc/prometheus';

function parse(yaml: string): PrometheusConfig {
  return parsePrometheusConfig(yaml, BASE);
}

/** The only scrape config of `yaml`, written as one flow-style entry for brevity. */
function job(fields: string, global = ''): ScrapeConfig {
  const config = parse(`${global === '' ? '' : `global: {${global}}\n`}scrape_configs: [{job_name: j, ${fields}}]`);
  assert.equal(config.scrapeConfigs.length, 1);
  return config.scrapeConfigs[0] as ScrapeConfig;
}

/** Asserts the parse fails with exactly `path` and a problem matching `problem`. */
function rejects(yaml: string, path: string, problem: RegExp): void {
  assert.throws(
    () => parse(yaml),
    (e: unknown) => {
      assert.ok(e instanceof PrometheusConfigError, `expected PrometheusConfigError, got ${String(e)}`);
      assert.equal(e.path, path, e.message);
      assert.match(e.problem, problem);
      assert.equal(e.kind, 'bad_input');
      assert.equal(e.message, path === '' ? e.problem : `${path}: ${e.problem}`);
      return true;
    },
  );
}

const rejectsJob = (fields: string, key: string, problem: RegExp): void => rejects(`scrape_configs: [{job_name: j, ${fields}}]`, `scrape_configs[0].${key}`, problem);

describe('prometheus.yml defaults', () => {
  it('an empty file is all defaults', () => {
    for (const text of ['', '# nothing\n', 'global:\nscrape_configs:\n']) {
      const config = parse(text);
      assert.deepEqual(config.scrapeConfigs, []);
      assert.deepEqual(config.unsupported, []);
      assert.deepEqual(config.global, {
        scrapeIntervalMs: 60_000,
        scrapeTimeoutMs: 10_000,
        evaluationIntervalMs: 60_000,
        ruleQueryOffsetMs: 0,
        externalLabels: [],
        bodySizeLimitBytes: 0,
        sampleLimit: 0,
        targetLimit: 0,
        labelLimit: 0,
        labelNameLengthLimit: 0,
        labelValueLengthLimit: 0,
        keepDroppedTargets: 0,
        scrapeProtocols: undefined,
        nameValidation: 'utf8',
      });
    }
  });
  it('a scrape config gets Prometheus defaults', () => {
    const j = job('static_configs: [{targets: [a:1]}]');
    assert.equal(j.jobName, 'j');
    assert.equal(j.scrapeIntervalMs, 60_000);
    assert.equal(j.scrapeTimeoutMs, 10_000);
    assert.equal(j.metricsPath, '/metrics');
    assert.equal(j.scheme, 'http');
    assert.equal(j.honorLabels, false);
    assert.equal(j.honorTimestamps, true);
    assert.equal(j.enableCompression, true);
    assert.equal(j.followRedirects, true);
    assert.deepEqual(j.scrapeProtocols, ['OpenMetricsText1.0.0', 'OpenMetricsText0.0.1', 'PrometheusText1.0.0', 'PrometheusText0.0.4']);
    assert.equal(j.basicAuth, undefined);
    assert.equal(j.authorization, undefined);
    assert.equal(j.tlsConfig.insecureSkipVerify, false);
    assert.deepEqual(j.staticConfigs, [{ source: '0', targets: [[{ name: '__address__', value: 'a:1' }]], labels: [] }]);
  });
  it('intervals, timeouts and limits fall back to global', () => {
    const j = job('', 'scrape_interval: 15s, scrape_timeout: 5s, sample_limit: 100, label_limit: 7, body_size_limit: 1KB, target_limit: 3, label_name_length_limit: 9, label_value_length_limit: 11, keep_dropped_targets: 2');
    assert.deepEqual(
      [j.scrapeIntervalMs, j.scrapeTimeoutMs, j.sampleLimit, j.labelLimit, j.bodySizeLimitBytes, j.targetLimit, j.labelNameLengthLimit, j.labelValueLengthLimit, j.keepDroppedTargets],
      [15_000, 5_000, 100, 7, 1024, 3, 9, 11, 2],
    );
    const own = job('scrape_interval: 2m, sample_limit: 5, body_size_limit: 0', 'scrape_interval: 15s, sample_limit: 100, body_size_limit: 2MB');
    assert.deepEqual([own.scrapeIntervalMs, own.sampleLimit, own.bodySizeLimitBytes], [120_000, 5, 2 * 1024 * 1024]);
  });
  it('the default timeout is capped by the interval (global and per job)', () => {
    assert.equal(parse('global: {scrape_interval: 5s}').global.scrapeTimeoutMs, 5_000);
    assert.equal(job('scrape_interval: 3s').scrapeTimeoutMs, 3_000);
    assert.equal(job('scrape_interval: 3s', 'scrape_timeout: 2s').scrapeTimeoutMs, 2_000);
    assert.equal(job('scrape_interval: 0s', 'scrape_interval: 20s').scrapeIntervalMs, 20_000);
  });
  it('global evaluation settings and external labels', () => {
    const g = parse('global: {evaluation_interval: 30s, rule_query_offset: 1m, external_labels: {b: "2", a: "1", empty: ""}}').global;
    assert.equal(g.evaluationIntervalMs, 30_000);
    assert.equal(g.ruleQueryOffsetMs, 60_000);
    assert.deepEqual(g.externalLabels, [
      { name: 'a', value: '1' },
      { name: 'b', value: '2' },
    ]);
  });
  it('scheme, metrics_path, params and booleans', () => {
    const j = job('scheme: https, metrics_path: /probe, params: {module: [http_2xx, x], target: [t]}, honor_labels: true, honor_timestamps: false, enable_compression: false, follow_redirects: false');
    assert.equal(j.scheme, 'https');
    assert.equal(j.metricsPath, '/probe');
    assert.deepEqual([...j.params], [
      ['module', ['http_2xx', 'x']],
      ['target', ['t']],
    ]);
    assert.deepEqual([j.honorLabels, j.honorTimestamps, j.enableCompression, j.followRedirects], [true, false, false, false]);
  });
  it('scrape protocols: explicit, from global, fallback', () => {
    assert.deepEqual(job('scrape_protocols: [PrometheusText0.0.4]').scrapeProtocols, ['PrometheusText0.0.4']);
    assert.deepEqual(job('', 'scrape_protocols: [PrometheusProto, OpenMetricsText1.0.0]').scrapeProtocols, ['PrometheusProto', 'OpenMetricsText1.0.0']);
    assert.equal(job('fallback_scrape_protocol: PrometheusText0.0.4').fallbackScrapeProtocol, 'PrometheusText0.0.4');
  });
});

describe('YAML as Prometheus (yaml.v2) reads it', () => {
  it('string fields keep the scalar as written; YAML 1.1 booleans work in bool fields', () => {
    const j = job('static_configs: [{targets: [h], labels: {version: 1.10, octal: 0777, flag: yes}}], honor_labels: yes, honor_timestamps: off');
    assert.deepEqual(j.staticConfigs[0]?.labels, [
      { name: 'flag', value: 'yes' },
      { name: 'octal', value: '0777' },
      { name: 'version', value: '1.10' },
    ]);
    assert.equal(j.honorLabels, true);
    assert.equal(j.honorTimestamps, false);
    assert.equal(parse('scrape_configs: [{job_name: 123}]').scrapeConfigs[0]?.jobName, '123');
  });
  it('anchors, aliases and merge keys', () => {
    const config = parse(`
scrape_configs:
  - &base
    job_name: a
    scrape_interval: 5s
    metrics_path: /m
    tls_config: &tls {insecure_skip_verify: true}
  - <<: *base
    job_name: b
    metrics_path: /own
  - job_name: c
    tls_config: *tls
`);
    const [a, b, c] = config.scrapeConfigs;
    assert.deepEqual([a?.jobName, a?.scrapeIntervalMs, a?.metricsPath], ['a', 5_000, '/m']);
    assert.deepEqual([b?.jobName, b?.scrapeIntervalMs, b?.metricsPath, b?.tlsConfig.insecureSkipVerify], ['b', 5_000, '/own', true]);
    assert.equal(c?.tlsConfig.insecureSkipVerify, true);
  });
  it('YAML errors name the line', () => {
    rejects('scrape_configs:\n  - job_name: a\n    job_name: b\n', '', /^invalid YAML at line 3: Map keys must be unique/);
    rejects('scrape_configs: [\n', '', /^invalid YAML at line \d+/);
    rejects('- a\n- b\n', '', /expected a mapping, got a list/);
  });
});

describe('prometheus.yml errors name the key path', () => {
  it('durations', () => {
    rejectsJob('scrape_interval: 15x', 'scrape_interval', /^invalid duration "15x"/);
    rejectsJob('scrape_interval: 30', 'scrape_interval', /^invalid duration "30"/);
    rejectsJob('scrape_timeout: 2m', 'scrape_timeout', /^scrape timeout greater than scrape interval for scrape config with job name "j"$/);
    rejects('global: {scrape_interval: 5s, scrape_timeout: 6s}', 'global.scrape_timeout', /global scrape timeout greater than scrape interval/);
    rejects('global: {evaluation_interval: 1h1d}', 'global.evaluation_interval', /invalid duration/);
  });
  it('job names', () => {
    rejects('scrape_configs: [{scrape_interval: 1m}]', 'scrape_configs[0].job_name', /job_name is required/);
    rejects('scrape_configs: [{job_name: ""}]', 'scrape_configs[0].job_name', /job_name is required/);
    rejects('scrape_configs: [{job_name: a}, {job_name: b}, {job_name: a}]', 'scrape_configs[2].job_name', /found multiple scrape configs with job name "a" \(the first is scrape_configs\[0\]\)/);
    rejects('scrape_configs: [~]', 'scrape_configs[0]', /empty or null scrape config/);
  });
  it('types', () => {
    rejectsJob('sample_limit: -1', 'sample_limit', /expected a non-negative integer, got "-1"/);
    rejectsJob('sample_limit: "5"', 'sample_limit', /expected a non-negative integer/);
    rejectsJob('honor_labels: "true"', 'honor_labels', /expected true or false, got "true"/);
    rejectsJob('params: {module: a}', 'params.module', /expected a list of strings/);
    rejectsJob('static_configs: [{targets: h}]', 'static_configs[0].targets', /expected a list of strings/);
    rejectsJob('static_configs: {targets: [h]}', 'static_configs', /expected a list, got a mapping/);
    rejectsJob('metrics_path: [a]', 'metrics_path', /expected a string, got a list/);
    rejectsJob('scheme: ftp', 'scheme', /must be "http" or "https", got "ftp"/);
    assert.equal(job('sample_limit: 1.5').sampleLimit, 1, 'yaml.v2 truncates a float into an integer field');
  });
  it('body_size_limit uses Prometheus base-2 units', () => {
    const size = (text: string): number => job(`body_size_limit: ${text}`).bodySizeLimitBytes;
    assert.equal(size('10MB'), 10 * 1024 * 1024);
    assert.equal(size('10MiB'), 10 * 1024 * 1024);
    assert.equal(size('1.5KB'), 1536);
    assert.equal(size('1MB512KB'), 1024 * 1024 + 512 * 1024);
    assert.equal(size('2GiB'), 2 * 1024 ** 3);
    assert.equal(size('100B'), 100);
    assert.equal(size('0'), 0);
    rejectsJob('body_size_limit: 1000', 'body_size_limit', /invalid size "1000"/);
    rejectsJob('body_size_limit: 10kB', 'body_size_limit', /invalid size "10kB"/);
    rejectsJob('body_size_limit: 1MiB1KB', 'body_size_limit', /invalid size/);
  });
  it('label names', () => {
    rejects('global: {external_labels: {"": x}}', 'global.external_labels.', /"" is not a valid label name/);
    rejects('global: {metric_name_validation_scheme: legacy, external_labels: {"a.b": x}}', 'global.external_labels.a.b', /"a.b" is not a valid label name/);
    assert.deepEqual(parse('global: {external_labels: {"a.b": x}}').global.externalLabels, [{ name: 'a.b', value: 'x' }], 'UTF-8 names are valid by default (Prometheus 3)');
    rejectsJob('static_configs: [{targets: [h], labels: {"": x}}]', 'static_configs[0].labels.', /not a valid label name/);
    rejects('global: {metric_name_validation_scheme: ascii}', 'global.metric_name_validation_scheme', /must be "utf8" or "legacy"/);
  });
  it('static targets must be host:port unless relabeling can rewrite them', () => {
    rejectsJob('static_configs: [{targets: [ok:1, "http://x:1"]}]', 'static_configs[0].targets[1]', /"http:\/\/x:1" is not a valid hostname/);
    assert.equal(job('static_configs: [{targets: ["http://x:1"]}], relabel_configs: [{target_label: a, replacement: b}]').staticConfigs.length, 1);
    rejectsJob('static_configs: [~]', 'static_configs[0]', /empty or null static config/);
  });
  it('scrape protocols', () => {
    rejectsJob('scrape_protocols: []', 'scrape_protocols', /cannot be empty/);
    rejectsJob('scrape_protocols: [foo]', 'scrape_protocols[0]', /unknown scrape protocol "foo"/);
    rejectsJob('scrape_protocols: [PrometheusProto, PrometheusProto]', 'scrape_protocols[1]', /listed twice/);
    rejectsJob('fallback_scrape_protocol: text', 'fallback_scrape_protocol', /unknown scrape protocol/);
  });
});

describe('unknown and unsupported keys', () => {
  it('typos are errors, with a suggestion', () => {
    rejectsJob('scrape_intervall: 5s', 'scrape_intervall', /unknown key in a scrape config; did you mean "scrape_interval"\?/);
    rejects('global: {foo: 1}', 'global.foo', /unknown key in the global section$/);
    rejects('scrape_config: []', 'scrape_config', /unknown key in the Prometheus configuration; did you mean "scrape_configs"\?/);
    rejectsJob('relabel_configs: [{target_label: x, regexp: a}]', 'relabel_configs[0].regexp', /unknown key in a relabel config; did you mean "regex"\?/);
    rejectsJob('tls_config: {ca_fil: x}', 'tls_config.ca_fil', /unknown key in tls_config; did you mean "ca_file"\?/);
    rejectsJob('file_sd_configs: [{files: [a.json], refresh: 1m}]', 'file_sd_configs[0].refresh', /unknown key in a file_sd config/);
  });
  it('recognised Prometheus keys Omniscope ignores are listed with a reason', () => {
    const config = parse(`
global:
  scrape_interval: 10s
  query_log_file: q.log
rule_files: [rules/*.yml]
alerting: {alertmanagers: [{static_configs: [{targets: [am:9093]}]}]}
remote_write: [{url: http://x/api/v1/write}]
remote_read: [{url: http://x/api/v1/read}]
storage: {tsdb: {out_of_order_time_window: 1h}}
tracing: {endpoint: x:4317}
scrape_configs:
  - job_name: k8s
    kubernetes_sd_configs: [{role: pod}]
    consul_sd_configs: [{server: c:8500}]
    proxy_url: http://proxy:3128
    oauth2: {client_id: a, token_url: http://t}
    native_histogram_bucket_limit: 10
    basic_auth: {username: u, password_ref: secret}
`);
    assert.deepEqual(
      config.unsupported.map((u) => u.path),
      [
        'rule_files',
        'alerting',
        'remote_write',
        'remote_read',
        'storage',
        'tracing',
        'global.query_log_file',
        'scrape_configs[0].kubernetes_sd_configs',
        'scrape_configs[0].consul_sd_configs',
        'scrape_configs[0].proxy_url',
        'scrape_configs[0].oauth2',
        'scrape_configs[0].native_histogram_bucket_limit',
        'scrape_configs[0].basic_auth.password_ref',
      ],
    );
    const reason = (path: string): string | undefined => config.unsupported.find((u) => u.path === path)?.reason;
    assert.match(reason('rule_files') ?? '', /^not supported yet/);
    assert.match(reason('alerting') ?? '', /^not supported yet/);
    assert.equal(reason('scrape_configs[0].kubernetes_sd_configs'), 'service discovery kind not supported by Omniscope; use static_configs or file_sd_configs');
    assert.match(reason('scrape_configs[0].native_histogram_bucket_limit') ?? '', /native histograms/);
    assert.equal(config.global.scrapeIntervalMs, 10_000, 'the rest of the file still applies');
  });
});

describe('authentication and TLS', () => {
  it('basic_auth and authorization, with relative files resolved', () => {
    const basic = job('basic_auth: {username: u, password_file: secrets/pw}');
    assert.deepEqual(basic.basicAuth, { username: 'u', usernameFile: undefined, password: '', passwordFile: '/etc/prometheus/secrets/pw' });
    const auth = job('authorization: {credentials_file: /abs/token}');
    assert.deepEqual(auth.authorization, { type: 'Bearer', credentials: '', credentialsFile: '/abs/token' });
    assert.deepEqual(job('authorization: {type: Token, credentials: abc}').authorization, { type: 'Token', credentials: 'abc', credentialsFile: undefined });
  });
  it('bearer_token and bearer_token_file become an authorization header', () => {
    assert.deepEqual(job('bearer_token: abc').authorization, { type: 'Bearer', credentials: 'abc', credentialsFile: undefined });
    assert.deepEqual(job('bearer_token_file: tok').authorization, { type: 'Bearer', credentials: '', credentialsFile: '/etc/prometheus/tok' });
  });
  it('conflicting settings are rejected as Prometheus does', () => {
    rejectsJob('basic_auth: {username: u, password: p, password_file: f}', 'basic_auth.password_file', /at most one of password and password_file/);
    rejectsJob('basic_auth: {username: u}, bearer_token: x', 'bearer_token', /cannot be combined with basic_auth/);
    rejectsJob('authorization: {credentials: a}, bearer_token_file: x', 'bearer_token_file', /cannot be combined with authorization/);
    rejectsJob('bearer_token: a, bearer_token_file: b', 'bearer_token_file', /at most one of bearer_token and bearer_token_file/);
    rejectsJob('authorization: {credentials: a, credentials_file: b}', 'authorization.credentials_file', /at most one of credentials and credentials_file/);
    rejectsJob('authorization: {credentials: a}, basic_auth: {username: u}', 'authorization', /at most one of basic_auth and authorization/);
    rejectsJob('authorization: {type: basic}', 'authorization.type', /cannot be "basic"/);
  });
  it('tls_config', () => {
    const tls = job('tls_config: {ca_file: ca.pem, cert_file: c.pem, key_file: k.pem, server_name: s, insecure_skip_verify: true, min_version: TLS12}').tlsConfig;
    assert.deepEqual(tls, {
      ca: undefined,
      caFile: '/etc/prometheus/ca.pem',
      cert: undefined,
      certFile: '/etc/prometheus/c.pem',
      key: undefined,
      keyFile: '/etc/prometheus/k.pem',
      serverName: 's',
      insecureSkipVerify: true,
      minVersion: 'TLS12',
      maxVersion: undefined,
    });
    rejectsJob('tls_config: {cert_file: a}', 'tls_config', /needs its key/);
    rejectsJob('tls_config: {key: a}', 'tls_config', /needs its certificate/);
    rejectsJob('tls_config: {ca: x, ca_file: y}', 'tls_config.ca_file', /at most one of ca and ca_file/);
    rejectsJob('tls_config: {min_version: TLS14}', 'tls_config.min_version', /unknown TLS version "TLS14"/);
  });
});

describe('file_sd_configs', () => {
  it('files are resolved against the config directory; refresh defaults to 5m', () => {
    const j = job('file_sd_configs: [{files: [targets/*.json, /abs/x.yml]}, {files: [b.YAML], refresh_interval: 30s}]');
    assert.deepEqual(j.fileSdConfigs, [
      { files: ['/etc/prometheus/targets/*.json', '/abs/x.yml'], refreshIntervalMs: 300_000 },
      { files: ['/etc/prometheus/b.YAML'], refreshIntervalMs: 30_000 },
    ]);
  });
  it('file names are validated', () => {
    rejectsJob('file_sd_configs: [{files: []}]', 'file_sd_configs[0].files', /at least one file name/);
    rejectsJob('file_sd_configs: [{}]', 'file_sd_configs[0].files', /at least one file name/);
    rejectsJob('file_sd_configs: [{files: [a.txt]}]', 'file_sd_configs[0].files[0]', /"a.txt" is not a valid file_sd path/);
    rejectsJob('file_sd_configs: [{files: [ok.json, "dir*/a.json"]}]', 'file_sd_configs[0].files[1]', /not a valid file_sd path/);
  });
});

describe('loadPrometheusConfig', () => {
  it('reads the file and resolves paths against its directory', () => {
    const dir = mkdtempSync(join(tmpdir(), 'omniscope-promcfg-'));
    const file = join(dir, 'prometheus.yml');
    writeFileSync(file, 'scrape_configs: [{job_name: a, file_sd_configs: [{files: [sd.json]}]}]\n');
    assert.deepEqual(loadPrometheusConfig(file).scrapeConfigs[0]?.fileSdConfigs[0]?.files, [join(dir, 'sd.json')]);
  });
  it('errors name the file, then the path', () => {
    const dir = mkdtempSync(join(tmpdir(), 'omniscope-promcfg-'));
    const file = join(dir, 'prometheus.yml');
    writeFileSync(file, 'scrape_configs: [{job_name: a, scrape_interval: 15x}]\n');
    assert.throws(() => loadPrometheusConfig(file), (e: unknown) => e instanceof PrometheusConfigError && e.file === file && e.message.startsWith(`${file}: scrape_configs[0].scrape_interval: invalid duration "15x"`));
    assert.throws(() => loadPrometheusConfig(join(dir, 'missing.yml')), (e: unknown) => e instanceof PrometheusConfigError && /cannot read/.test(e.message));
  });
});
