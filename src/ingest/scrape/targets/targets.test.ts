import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { formatPrometheusDuration, labelsFromRecord, labelsToRecord } from '../../../model/index.js';
import { parsePrometheusConfig } from '../../../config/prometheus/index.js';
import type { PrometheusConfig, ScrapeConfig } from '../../../config/prometheus/index.js';
import { compileRelabelRules } from '../relabel/index.js';
import { buildTargetUrl, targetsFromGroup } from './index.js';
import type { TargetGroup } from './index.js';

function config(yaml: string): { cfg: PrometheusConfig; job: ScrapeConfig } {
  const cfg = parsePrometheusConfig(yaml, '/');
  return { cfg, job: cfg.scrapeConfigs[0] as ScrapeConfig };
}

function group(targets: Record<string, string>[], labels: Record<string, string> = {}, source = 'g'): TargetGroup {
  return { source, targets: targets.map((t) => labelsFromRecord(t)), labels: labelsFromRecord(labels) };
}

describe('targetsFromGroup: labels as Prometheus populates them', () => {
  it('adds the job defaults and instance, and drops __ labels from the final set', () => {
    const { cfg, job } = config('scrape_configs: [{job_name: node, scrape_interval: 15s, scheme: https, metrics_path: /m, params: {module: [a, b]}}]');
    const { active, dropped, errors } = targetsFromGroup(group([{ __address__: 'h:9100', rack: 'r1' }], { dc: 'eu', rack: 'group-rack' }), job, cfg.global);
    assert.deepEqual([dropped, errors], [[], []]);
    assert.equal(active.length, 1);
    const t = active[0];
    assert.deepEqual(labelsToRecord(t?.discoveredLabels ?? []), {
      __address__: 'h:9100',
      __metrics_path__: '/m',
      __param_module: 'a',
      __scheme__: 'https',
      __scrape_interval__: '15s',
      __scrape_timeout__: '10s',
      dc: 'eu',
      job: 'node',
      rack: 'r1',
    });
    assert.deepEqual(labelsToRecord(t?.labels ?? []), { dc: 'eu', instance: 'h:9100', job: 'node', rack: 'r1' });
    assert.equal(t?.url, 'https://h:9100/m?module=a&module=b');
    assert.equal(t?.scrapeIntervalMs, 15_000);
    assert.equal(t?.scrapeTimeoutMs, 10_000);
  });
  it('target labels override the defaults (Prometheus PopulateLabels case)', () => {
    const { job } = config('scrape_configs: [{job_name: job, scheme: https, scrape_interval: 1s}]');
    const [t] = targetsFromGroup(
      group([{ __address__: '1.2.3.4', __scheme__: 'http', __metrics_path__: '/custom', job: 'custom-job', __scrape_interval__: '2s', __scrape_timeout__: '2s' }]),
      job,
    ).active;
    assert.deepEqual(labelsToRecord(t?.labels ?? []), { instance: '1.2.3.4', job: 'custom-job' });
    assert.equal(t?.url, 'http://1.2.3.4/custom', 'no default port is added (Prometheus 3)');
    assert.deepEqual([t?.scrapeIntervalMs, t?.scrapeTimeoutMs], [2_000, 2_000]);
  });
  it('keeps a given instance label and an IPv6 address as is', () => {
    const { job } = config('scrape_configs: [{job_name: job}]');
    const [t] = targetsFromGroup(group([{ __address__: '[::1]:9090', instance: 'custom-instance' }]), job).active;
    assert.equal(labelsToRecord(t?.labels ?? []).instance, 'custom-instance');
    assert.equal(t?.url, 'http://[::1]:9090/metrics');
  });
  it('formats interval labels like Prometheus', () => {
    const { job } = config('scrape_configs: [{job_name: j, scrape_interval: 90s, scrape_timeout: 1500ms}]');
    const discovered = labelsToRecord(targetsFromGroup(group([{ __address__: 'h:1' }]), job).active[0]?.discoveredLabels ?? []);
    assert.deepEqual([discovered.__scrape_interval__, discovered.__scrape_timeout__], ['1m30s', '1s500ms']);
  });
});

describe('targetsFromGroup: relabeling, dropped targets and errors', () => {
  it('relabel_configs run on the discovered labels; meta labels never reach the target', () => {
    const { job } = config(`
scrape_configs:
  - job_name: blackbox
    metrics_path: /probe
    params: {module: [http_2xx]}
    relabel_configs:
      - source_labels: [__address__]
        target_label: __param_target
      - source_labels: [__param_target]
        target_label: instance
      - target_label: __address__
        replacement: blackbox:9115
      - source_labels: [__meta_team]
        target_label: team
      - source_labels: [__meta_module]
        regex: (.+)
        target_label: __param_module
`);
    const { active } = targetsFromGroup(group([{ __address__: 'https://example.org' }, { __address__: 'http://b.example', __meta_module: 'icmp' }], { __meta_team: 'web' }), job);
    assert.deepEqual(
      active.map((t) => [labelsToRecord(t.labels), t.url]),
      [
        [{ instance: 'https://example.org', job: 'blackbox', team: 'web' }, 'http://blackbox:9115/probe?module=http_2xx&target=https%3A%2F%2Fexample.org'],
        [{ instance: 'http://b.example', job: 'blackbox', team: 'web' }, 'http://blackbox:9115/probe?module=icmp&target=http%3A%2F%2Fb.example'],
      ],
    );
  });
  it('a target relabeling drops is listed with its discovered labels', () => {
    const { job } = config('scrape_configs: [{job_name: j, relabel_configs: [{source_labels: [env], regex: prod, action: keep}]}]');
    const result = targetsFromGroup(group([{ __address__: 'a:1', env: 'prod' }, { __address__: 'b:1', env: 'dev' }]), job);
    assert.deepEqual(result.active.map((t) => labelsToRecord(t.labels).instance), ['a:1']);
    assert.equal(result.dropped.length, 1);
    assert.equal(labelsToRecord(result.dropped[0]?.discoveredLabels ?? []).__address__, 'b:1');
    assert.deepEqual(result.errors, []);
  });
  it('hashmod sharding keeps a stable subset', () => {
    const { job } = config(`
scrape_configs:
  - job_name: j
    relabel_configs:
      - {source_labels: [__address__], target_label: __tmp_hash, modulus: 2, action: hashmod}
      - {source_labels: [__tmp_hash], regex: '0', action: keep}
`);
    const targets = Array.from({ length: 20 }, (_, i) => ({ __address__: `host-${i}:9100` }));
    const first = targetsFromGroup(group(targets), job);
    assert.equal(first.active.length + first.dropped.length, 20);
    assert.ok(first.active.length > 0 && first.dropped.length > 0);
    assert.deepEqual(targetsFromGroup(group(targets), job, undefined, compileRelabelRules(job.relabelConfigs)).active, first.active);
    assert.ok(!first.active.some((t) => t.labels.some((l) => l.name.startsWith('__'))));
  });
  it('address, interval, timeout and scheme problems are errors naming the instance and group', () => {
    const { job } = config('scrape_configs: [{job_name: j, scrape_interval: 10s, relabel_configs: [{source_labels: [bad_scheme], regex: (.+), target_label: __scheme__}]}]');
    const result = targetsFromGroup(
      group(
        [
          { custom: 'value' },
          { __address__: 'http://h:1/metrics' },
          { __address__: 'h:1', __scrape_interval__: '2notseconds' },
          { __address__: 'h:1', __scrape_timeout__: '0s' },
          { __address__: 'h:1', __scrape_interval__: '1s', __scrape_timeout__: '2s' },
          { __address__: 'h:1', bad_scheme: 'ftp' },
          { __address__: 'ok:1' },
        ],
        {},
        'file.json:0',
      ),
      job,
    );
    assert.deepEqual(result.errors, [
      'instance 0 in group file.json:0: no address',
      'instance 1 in group file.json:0: "http://h:1/metrics" is not a valid hostname (a target address is host:port, without scheme or path)',
      'instance 2 in group file.json:0: error parsing scrape interval: not a valid duration "2notseconds"',
      'instance 3 in group file.json:0: scrape timeout cannot be 0',
      'instance 4 in group file.json:0: scrape timeout cannot be greater than scrape interval ("2s" > "1s")',
      'instance 5 in group file.json:0: invalid scheme "ftp": expected http or https',
    ]);
    assert.equal(result.active.length, 1);
    assert.deepEqual(result.dropped, []);
  });
  it('an address added by relabeling is used (Prometheus PopulateLabels case)', () => {
    const { job } = config('scrape_configs: [{job_name: job, scheme: https, relabel_configs: [{source_labels: [custom], target_label: __address__, replacement: "${1}"}]}]');
    const [t] = targetsFromGroup(group([{ custom: 'host:1234' }]), job).active;
    assert.deepEqual(labelsToRecord(t?.labels ?? []), { custom: 'host:1234', instance: 'host:1234', job: 'job' });
    assert.equal(t?.url, 'https://host:1234/metrics');
  });
  it('an empty target label value hides the group label of the same name', () => {
    const { job } = config('scrape_configs: [{job_name: j}]');
    const groupWithEmpty: TargetGroup = { source: 's', targets: [[{ name: '__address__', value: 'h:1' }, { name: 'zone', value: '' }]], labels: labelsFromRecord({ zone: 'a' }) };
    assert.equal(labelsToRecord(targetsFromGroup(groupWithEmpty, job).active[0]?.labels ?? []).zone, undefined);
  });
});

describe('scrape URLs and durations', () => {
  it('config params, with __param_ labels replacing the first value (Prometheus TestTargetURL)', () => {
    const params = new Map([
      ['abc', ['foo', 'bar', 'baz']],
      ['xyz', ['hoo']],
    ]);
    const { job } = config('scrape_configs: [{job_name: j, scheme: https, metrics_path: /metricz, params: {abc: [foo, bar, baz], xyz: [hoo]}, relabel_configs: [{target_label: __param_abc, replacement: overwrite}, {target_label: __param_cde, replacement: huu}]}]');
    assert.deepEqual([...job.params], [...params]);
    assert.equal(targetsFromGroup(group([{ __address__: 'example.com:1234' }]), job).active[0]?.url, 'https://example.com:1234/metricz?abc=overwrite&abc=bar&abc=baz&cde=huu&xyz=hoo');
  });
  it("escapes like Go's net/url", () => {
    const none = new Map<string, string[]>();
    assert.equal(buildTargetUrl('http', 'h:1', '/a b/ü?x;y=z@w', none), 'http://h:1/a%20b/%C3%BC%3Fx;y=z@w');
    assert.equal(buildTargetUrl('http', 'h:1', 'metrics', none), 'http://h:1/metrics');
    assert.equal(buildTargetUrl('http', 'h:1', '', none), 'http://h:1');
    assert.equal(buildTargetUrl('http', '[fe80::1%eth0]:80', '/m', none), 'http://[fe80::1%25eth0]:80/m');
    assert.equal(buildTargetUrl('http', 'h', '/', new Map([['q', ['a b&c=d/é']], ['B', ['1']], ['a', []]])), 'http://h/?B=1&q=a+b%26c%3Dd%2F%C3%A9');
  });
  it('formats durations like Prometheus model.Duration', () => {
    const cases: [number, string][] = [
      [0, '0s'],
      [15_000, '15s'],
      [60_000, '1m'],
      [90_000, '1m30s'],
      [1_500, '1s500ms'],
      [3_600_000, '1h'],
      [86_400_000, '1d'],
      [7 * 86_400_000, '1w'],
      [8 * 86_400_000, '8d'],
      [90 * 86_400_000, '90d'],
      [365 * 86_400_000, '1y'],
      [14 * 86_400_000 + 1, '14d1ms'],
    ];
    for (const [ms, text] of cases) assert.equal(formatPrometheusDuration(ms), text, String(ms));
  });
});
