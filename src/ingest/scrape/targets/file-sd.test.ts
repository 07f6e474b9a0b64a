import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { labelsToRecord } from '../../../model/index.js';
import { PrometheusConfigError, parsePrometheusConfig } from '../../../config/prometheus/index.js';
import type { ScrapeConfig } from '../../../config/prometheus/index.js';
import { parseFileSd, resolveFileSdGlobs, targetsFromGroup } from './index.js';
import type { TargetGroup } from './index.js';

const summary = (groups: TargetGroup[]): unknown[] =>
  groups.map((g) => ({ source: g.source, targets: g.targets.map((t) => labelsToRecord(t).__address__), labels: labelsToRecord(g.labels) }));

function rejects(text: string, file: string, path: string, problem: RegExp): void {
  assert.throws(
    () => parseFileSd(text, file),
    (e: unknown) => {
      assert.ok(e instanceof PrometheusConfigError, String(e));
      assert.equal(e.file, file);
      assert.equal(e.path, path, e.message);
      assert.match(e.problem, problem);
      assert.ok(e.message.startsWith(`${file}: `));
      return true;
    },
  );
}

describe('parseFileSd', () => {
  it('reads JSON target groups', () => {
    const text = JSON.stringify([
      { targets: ['a:9100', 'b:9100'], labels: { env: 'prod', empty: '' } },
      { targets: ['c:9100'] },
      { Targets: ['d:1'], LABELS: { x: 'y' } },
    ]);
    assert.deepEqual(summary(parseFileSd(text, '/sd/nodes.json')), [
      { source: '/sd/nodes.json:0', targets: ['a:9100', 'b:9100'], labels: { __meta_filepath: '/sd/nodes.json', env: 'prod' } },
      { source: '/sd/nodes.json:1', targets: ['c:9100'], labels: { __meta_filepath: '/sd/nodes.json' } },
      { source: '/sd/nodes.json:2', targets: ['d:1'], labels: { __meta_filepath: '/sd/nodes.json', x: 'y' } },
    ]);
  });
  it('reads YAML target groups, values as written', () => {
    const text = `
- targets: [a:9100]
  labels:
    version: 1.10
    __meta_filepath: overridden
- targets:
    - b:9100
`;
    assert.deepEqual(summary(parseFileSd(text, 'dir/nodes.YML')), [
      { source: 'dir/nodes.YML:0', targets: ['a:9100'], labels: { __meta_filepath: 'dir/nodes.YML', version: '1.10' } },
      { source: 'dir/nodes.YML:1', targets: ['b:9100'], labels: { __meta_filepath: 'dir/nodes.YML' } },
    ]);
  });
  it('empty files have no groups', () => {
    assert.deepEqual(parseFileSd('', 'a.yaml'), []);
    assert.deepEqual(parseFileSd('[]', 'a.json'), []);
    assert.deepEqual(parseFileSd('null', 'a.json'), []);
  });
  it('errors name the file and the position', () => {
    rejects('[{"targets": ["a"], "label": {}}]', 'x.json', '[0].label', /unknown field/);
    rejects('[{"targets": "a"}]', 'x.json', '[0].targets', /expected a list of strings/);
    rejects('[{"targets": [1]}]', 'x.json', '[0].targets[0]', /expected a string/);
    rejects('[{"targets": ["a"], "labels": {"a": 1}}]', 'x.json', '[0].labels.a', /expected a string value/);
    rejects('[{"targets": ["a"], "labels": {"": "x"}}]', 'x.json', '[0].labels.', /not a valid label name/);
    rejects('[null]', 'x.json', '[0]', /empty or null target group/);
    rejects('{"targets": []}', 'x.json', '', /expected a list of target groups/);
    rejects('[{"targets": [}', 'x.json', '', /invalid JSON/);
    rejects('- targets: [a]\n  Labels: {}\n', 'x.yml', '[0].Labels', /unknown key in a file_sd target group/);
    rejects('- targets: a\n', 'x.yaml', '[0].targets', /expected a list of strings/);
    rejects('- ~\n', 'x.yaml', '[0]', /empty or null target group/);
    rejects('targets: [a]\n', 'x.yaml', '', /expected a list, got a mapping/);
    rejects('- targets: [a\n', 'x.yaml', '', /invalid YAML at line/);
    rejects('[]', 'x.txt', '', /unsupported file_sd file extension ".txt"/);
  });
  it('feeds targetsFromGroup', () => {
    const job = parsePrometheusConfig('scrape_configs: [{job_name: files, relabel_configs: [{source_labels: [__meta_filepath], regex: ".*/(.*)\\\\.json", target_label: source_file}]}]', '/').scrapeConfigs[0] as ScrapeConfig;
    const [group] = parseFileSd('[{"targets": ["h:1"], "labels": {"team": "a"}}]', '/sd/web.json');
    const [target] = targetsFromGroup(group as TargetGroup, job).active;
    assert.deepEqual(labelsToRecord(target?.labels ?? []), { instance: 'h:1', job: 'files', source_file: 'web', team: 'a' });
  });
});

describe('resolveFileSdGlobs', () => {
  it('expands * and ? in the last path element, sorted, each file once', () => {
    const dir = mkdtempSync(join(tmpdir(), 'omniscope-filesd-'));
    for (const name of ['b.json', 'a.json', 'ab.json', 'c.yml', '.hidden.json', 'notes.txt']) writeFileSync(join(dir, name), '[]');
    mkdirSync(join(dir, 'sub.json'));
    assert.deepEqual(resolveFileSdGlobs([join(dir, '*.json')]), ['.hidden.json', 'a.json', 'ab.json', 'b.json'].map((f) => join(dir, f)));
    assert.deepEqual(resolveFileSdGlobs([join(dir, '?.json'), join(dir, 'a*.json'), join(dir, 'c.yml')]), ['a.json', 'b.json', 'ab.json', 'c.yml'].map((f) => join(dir, f)));
    assert.deepEqual(resolveFileSdGlobs([join(dir, 'missing.json'), join(dir, 'nodir', '*.json'), join(dir, 'sub.json')]), [], 'missing files, directories and missing directories are skipped');
    writeFileSync(join(dir, '[x].json'), '[]');
    assert.deepEqual(resolveFileSdGlobs([join(dir, '[x]*.json')]), [join(dir, '[x].json')], '[ is literal');
  });
});
