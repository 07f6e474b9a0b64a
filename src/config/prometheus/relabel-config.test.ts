import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { PrometheusConfigError, parsePrometheusConfig } from './index.js';
import type { RelabelConfig } from './index.js';

/** The relabel_configs of one job (second job: metric_relabel_configs) written in flow style. */
function rules(list: string, scheme = ''): readonly RelabelConfig[] {
  const schemeField = scheme === '' ? '' : `, metric_name_validation_scheme: ${scheme}`;
  const config = parsePrometheusConfig(`scrape_configs: [{job_name: j, relabel_configs: [${list}]${schemeField}}]`, '/');
  return config.scrapeConfigs[0]?.relabelConfigs ?? [];
}

function rejects(list: string, key: string, problem: RegExp, scheme = ''): void {
  assert.throws(
    () => rules(list, scheme),
    (e: unknown) => {
      assert.ok(e instanceof PrometheusConfigError, String(e));
      assert.equal(e.path, `scrape_configs[0].relabel_configs[0]${key === '' ? '' : `.${key}`}`, e.message);
      assert.match(e.problem, problem);
      return true;
    },
  );
}

const accepts = (list: string, scheme = ''): void => assert.equal(rules(list, scheme).length, list.split('}, {').length);

describe('relabel config defaults', () => {
  it('applies Prometheus defaults', () => {
    assert.deepEqual(rules('{target_label: t}'), [
      { sourceLabels: [], separator: ';', regex: '(.*)', modulus: 0, targetLabel: 't', replacement: '$1', action: 'replace', nameValidation: 'utf8' },
    ]);
  });
  it('action is case-insensitive; explicit empty values are kept; a null regex is the empty pattern', () => {
    const [r] = rules('{action: Replace, target_label: t, separator: "", replacement: "", regex: }');
    assert.deepEqual([r?.action, r?.separator, r?.replacement, r?.regex], ['replace', '', '', '']);
  });
  it('metric_relabel_configs and the scheme come from the scrape config', () => {
    const config = parsePrometheusConfig(
      'global: {metric_name_validation_scheme: legacy}\nscrape_configs: [{job_name: j, metric_relabel_configs: [{action: labeldrop, regex: tmp_.*}]}]',
      '/',
    );
    assert.deepEqual(config.scrapeConfigs[0]?.metricRelabelConfigs.map((r) => [r.action, r.regex, r.nameValidation]), [['labeldrop', 'tmp_.*', 'legacy']]);
  });
});

describe('relabel config validation (as Prometheus relabel.Config.Validate)', () => {
  it('actions', () => {
    rejects('{action: foo}', 'action', /unknown relabel action "foo"/);
    rejects('{action: ""}', 'action', /cannot be empty/);
    rejects('~', '', /empty or null relabel config/);
  });
  it('target_label is required by replace, hashmod, lowercase, uppercase, keepequal and dropequal', () => {
    for (const action of ['replace', 'lowercase', 'uppercase', 'keepequal', 'dropequal']) rejects(`{action: ${action}}`, 'target_label', new RegExp(`the ${action} action requires target_label`));
    rejects('{action: hashmod, modulus: 2}', 'target_label', /the hashmod action requires target_label/);
    accepts('{action: keep, regex: a}, {action: drop, source_labels: [a]}, {action: labelmap, regex: "__meta_(.+)"}');
  });
  it('hashmod needs a modulus', () => {
    rejects('{action: hashmod, target_label: t}', 'modulus', /non-zero modulus/);
    rejects('{action: hashmod, target_label: t, modulus: 0}', 'modulus', /non-zero modulus/);
    rejects('{action: hashmod, target_label: t, modulus: -1}', 'modulus', /non-negative integer/);
    assert.equal(rules('{action: hashmod, target_label: t, modulus: 8}')[0]?.modulus, 8);
  });
  it('keepequal and dropequal take only source_labels and target_label', () => {
    rejects('{action: keepequal, target_label: t, regex: "(.*)"}', 'regex', /takes only source_labels and target_label/);
    rejects('{action: dropequal, target_label: t, separator: ","}', 'separator', /takes only/);
    rejects('{action: keepequal, target_label: t, modulus: 3}', 'modulus', /takes only/);
    rejects('{action: keepequal, target_label: t, replacement: x}', 'replacement', /replacement cannot be set for the keepequal action/);
    // Explicit defaults are fine, as in Prometheus.
    accepts('{action: keepequal, target_label: t, separator: ";", replacement: "$1", modulus: 0}');
  });
  it('labeldrop and labelkeep take only regex', () => {
    rejects('{action: labeldrop, regex: x, source_labels: []}', 'source_labels', /takes only regex/);
    rejects('{action: labelkeep, regex: x, target_label: y}', 'target_label', /takes only regex/);
    rejects('{action: labeldrop, regex: x, replacement: y}', 'replacement', /takes only regex/);
    accepts('{action: labeldrop, regex: x, target_label: "", separator: ";"}, {action: labelkeep}');
  });
  it('lowercase and uppercase take no replacement', () => {
    rejects('{action: lowercase, target_label: t, replacement: y}', 'replacement', /replacement cannot be set for the lowercase action/);
    accepts('{action: uppercase, target_label: t}');
  });
  it('target and labelmap names under UTF-8 validation (the Prometheus 3 default)', () => {
    accepts('{target_label: "x.y"}, {target_label: "x${1}-"}, {target_label: "${3}"}, {action: lowercase, target_label: "a.b"}, {action: labelmap, replacement: "a-b"}');
    rejects('{action: labelmap, replacement: ""}', 'replacement', /"" is not a valid replacement for the labelmap action/);
  });
  it('target and labelmap names under legacy validation', () => {
    rejects('{target_label: "x.y"}', 'target_label', /"x.y" is not a valid target_label for the replace action/, 'legacy');
    rejects('{target_label: "x${1}-"}', 'target_label', /not a valid target_label/, 'legacy');
    rejects('{action: lowercase, target_label: "${3}"}', 'target_label', /not a valid target_label for the lowercase action/, 'legacy');
    rejects('{action: hashmod, target_label: "a-b", modulus: 2}', 'target_label', /not a valid target_label for the hashmod action/, 'legacy');
    rejects('{action: labelmap, replacement: "a-b"}', 'replacement', /not a valid replacement/, 'legacy');
    accepts('{action: labelmap, regex: "__meta_(.+)", replacement: "${1}"}, {target_label: "$1"}', 'legacy');
  });
  it("legacy target templates: Prometheus's own validity table", () => {
    // From Prometheus's TestTargetLabelLegacyValidity.
    const table: [string, boolean][] = [
      ['-label', false], ['label', true], ['label${1}', true], ['${1}label', true], ['${1}', true], ['${', false], ['$', false],
      ['${}', false], ['foo${', false], ['$1', true], ['asd$2asd', true], ['-foo${1}bar-', false], ['bar.foo${1}bar', false],
      ['_${1}_', true], ['foo${bar}foo', true],
    ];
    for (const [target, valid] of table) {
      const attempt = (): unknown => rules(`{target_label: ${JSON.stringify(target)}}`, 'legacy');
      if (valid) assert.doesNotThrow(attempt, target);
      else assert.throws(attempt, PrometheusConfigError, target);
    }
  });
  it('source label names and regex syntax', () => {
    rejects('{source_labels: [""], target_label: t}', 'source_labels[0]', /"" is not a valid label name/);
    rejects('{source_labels: a, target_label: t}', 'source_labels', /expected a list of strings/);
    rejects('{regex: "(", target_label: t}', 'regex', /invalid regular expression "\("/);
    rejects('{regex: "a(?=b)", target_label: t}', 'regex', /invalid regular expression/);
    accepts('{source_labels: ["a.b"], target_label: t}, {regex: "(?P<name>x)|(?<other>y)", target_label: t}');
  });
});
