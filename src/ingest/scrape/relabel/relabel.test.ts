import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { labelsFromRecord, labelsToRecord } from '../../../model/index.js';
import type { Labels } from '../../../model/index.js';
import { parsePrometheusConfig } from '../../../config/prometheus/index.js';
import type { RelabelConfig } from '../../../config/prometheus/index.js';
import { compileRelabelRules, relabel } from './index.js';

function rule(fields: Partial<RelabelConfig>): RelabelConfig {
  return { sourceLabels: [], separator: ';', regex: '(.*)', modulus: 0, targetLabel: '', replacement: '$1', action: 'replace', nameValidation: 'utf8', ...fields };
}

/** Relabels a record with rules given as configs; null when dropped. */
function run(input: Record<string, string>, ...configs: Partial<RelabelConfig>[]): Record<string, string> | null {
  const out = relabel(labelsFromRecord(input), compileRelabelRules(configs.map(rule)));
  return out === null ? null : labelsToRecord(out);
}

/** Rules as a user writes them in prometheus.yml (validated by the config parser). */
function yamlRules(list: string): RelabelConfig[] {
  const config = parsePrometheusConfig(`scrape_configs:\n  - job_name: j\n    relabel_configs:\n${list}`, '/');
  return [...(config.scrapeConfigs[0]?.relabelConfigs ?? [])];
}

const replaceOf = (value: string, regex: string, replacement: string): string | undefined =>
  run({ src: value }, { sourceLabels: ['src'], regex, replacement, targetLabel: 'out' })?.out;

describe('relabel: replace', () => {
  // The first cases are input/output pairs from Prometheus's relabel tests.
  it('expands groups into the target', () => {
    assert.deepEqual(run({ a: 'foo', b: 'bar' }, { sourceLabels: ['a'], regex: 'f(.*)', targetLabel: 'd', replacement: 'ch${1}-ch${1}' }), { a: 'foo', b: 'bar', d: 'choo-choo' });
  });
  it('joins source labels with the separator and chains rules', () => {
    assert.deepEqual(
      run(
        { a: 'foo', b: 'bar', c: 'baz' },
        { sourceLabels: ['a', 'b'], regex: 'f(.*);(.*)r', targetLabel: 'a', replacement: 'b${1}${2}m' },
        { sourceLabels: ['c', 'a'], regex: '(b).*b(.*)ba(.*)', targetLabel: 'd', replacement: '$1$2$2$3' },
      ),
      { a: 'boobam', b: 'bar', c: 'baz', d: 'boooom' },
    );
  });
  it('a missing source label joins as ""', () => {
    assert.deepEqual(run({ a: 'x' }, { sourceLabels: ['a', 'missing', 'a'], separator: '/', regex: '(.*)', targetLabel: 't' }), { a: 'x', t: 'x//x' });
  });
  it('no match, no change; the regex is anchored', () => {
    assert.deepEqual(run({ a: 'boo' }, { sourceLabels: ['a'], regex: 'f', targetLabel: 'b', replacement: 'bar' }), { a: 'boo' });
    assert.equal(replaceOf('abc', 'b', 'x'), undefined);
    assert.equal(replaceOf('abc', '.*(b).*', '$1'), 'b');
  });
  it('an empty result deletes the target label', () => {
    assert.deepEqual(run({ a: 'foo', f: 'baz' }, { sourceLabels: ['a'], regex: '(f).*', targetLabel: '$1', replacement: '$2' }), { a: 'foo' });
    assert.deepEqual(run({ a: 'x', t: 'old' }, { sourceLabels: ['missing'], targetLabel: 't' }), { a: 'x' });
  });
  it('the target label may use groups; an invalid expanded name skips the rule', () => {
    const rx = 'some-([^-]+)-([^,]+)';
    assert.deepEqual(run({ a: 'some-name-value' }, { sourceLabels: ['a'], regex: rx, targetLabel: '${1}', replacement: '${2}' }), { a: 'some-name-value', name: 'value' });
    assert.deepEqual(run({ a: 'some-name-value' }, { sourceLabels: ['a'], regex: rx, targetLabel: '${3}', replacement: '${1}' }), { a: 'some-name-value' });
    assert.deepEqual(run({ a: 'some-name-value' }, { sourceLabels: ['a'], regex: rx, targetLabel: '${1}', replacement: '${3}' }), { a: 'some-name-value' });
    assert.deepEqual(run({ a: 'a.b' }, { sourceLabels: ['a'], regex: '(.*)', targetLabel: '$1', replacement: 'v' }), { a: 'a.b', 'a.b': 'v' }, 'UTF-8 names are valid');
    assert.deepEqual(run({ a: 'a.b' }, { sourceLabels: ['a'], regex: '(.*)', targetLabel: '$1', replacement: 'v', nameValidation: 'legacy' }), { a: 'a.b' }, 'not under legacy validation');
  });
  it('. matches newlines (Prometheus 3 anchors with (?s:...))', () => {
    assert.deepEqual(run({ a: 'line1\nline2' }, { sourceLabels: ['a'], regex: 'line1.*line2', targetLabel: 'd', replacement: 'match${1}' }), { a: 'line1\nline2', d: 'match' });
  });
  it('a static replacement with no source labels sets a constant', () => {
    assert.deepEqual(run({ a: 'x' }, { targetLabel: 'env', replacement: 'prod' }), { a: 'x', env: 'prod' });
  });
  it('parses path, job and label from a tag list (Prometheus real-life case)', () => {
    const tags = 'path:/secret,job:some-job,label:foo=bar';
    assert.deepEqual(
      run(
        { __meta_sd_tags: tags },
        { sourceLabels: ['__meta_sd_tags'], regex: '(?:.+,|^)path:(/[^,]+).*', targetLabel: '__metrics_path__', replacement: '${1}' },
        { sourceLabels: ['__meta_sd_tags'], regex: '(?:.+,|^)job:([^,]+).*', targetLabel: 'job', replacement: '${1}' },
        { sourceLabels: ['__meta_sd_tags'], regex: '(?:.+,|^)label:([^=]+)=([^,]+).*', targetLabel: '${1}', replacement: '${2}' },
      ),
      { __meta_sd_tags: tags, __metrics_path__: '/secret', job: 'some-job', foo: 'bar' },
    );
  });
});

describe("relabel: templates follow Go's Regexp.Expand", () => {
  it('$name takes the longest name: $1x is the group named "1x"', () => {
    assert.equal(replaceOf('ab', '(a)(b)', '$1x'), undefined, '$1x is empty, so the target is not set');
    assert.equal(replaceOf('ab', '(a)(b)', '${1}x'), 'ax');
    assert.equal(replaceOf('ab', '(a)(b)', '$1-$2'), 'a-b');
    assert.equal(replaceOf('ab', '(?P<1x>a)(b)', '$1x'), 'a', 'an RE2 group may be named "1x"');
    assert.equal(replaceOf('ab', '(a)(b)', '$2_'), undefined, '_ is part of a name');
    assert.equal(replaceOf('ab', '(a)(b)', '$2.'), 'b.');
  });
  it('named groups in both syntaxes', () => {
    assert.equal(replaceOf('line1\nline2', '(line1).*(?<second>line2)', 'val_${second}'), 'val_line2');
    assert.equal(replaceOf('line1\nline2', '(line1).*(?P<second>line2)', 'val_$second $1'), 'val_line2 line1');
    assert.equal(replaceOf('xy', '(?P<first>x)(y)', '$2$first$nosuch'), 'yx');
  });
  it('$$, malformed references and numbers', () => {
    assert.equal(replaceOf('ab', '(a)(b)', '$$1'), '$1');
    assert.equal(replaceOf('ab', '(a)(b)', 'cost: $'), 'cost: $');
    assert.equal(replaceOf('ab', '(a)(b)', '${1'), '${1');
    assert.equal(replaceOf('ab', '(a)(b)', '${}x'), '${}x');
    assert.equal(replaceOf('ab', '(a)(b)', '$01x$02'), undefined, 'a leading zero makes a name, not a number');
    assert.equal(replaceOf('ab', '(a)(b)', '$0'), 'ab');
    assert.equal(replaceOf('ab', '(a)(b)', '$3$99999999999|'), '|', 'missing groups are empty');
    assert.equal(replaceOf('ab', '(a)(c)?b', '[$2]'), '[]', 'a group that did not take part is empty');
    assert.equal(replaceOf('ab', '(a)(b)', '$ä$1'), 'a', 'names may use Unicode letters');
  });
  it('groups inside classes, escapes and \\Q...\\E are not counted', () => {
    assert.equal(replaceOf('(x)', '\\((x)\\)', '$1'), 'x');
    assert.equal(replaceOf('(x)y', '[(](x)[)](y)', '$1$2'), 'xy');
    assert.equal(replaceOf('(x)y', '\\Q(x)\\E(y)', '$1'), 'y');
    assert.equal(replaceOf('a]b', '[]a](\\])(b)', '$1$2'), ']b');
    assert.equal(replaceOf('ab', '(?i)(?:A)(B)', '$1'), 'b');
  });
});

describe('relabel: keep, drop, keepequal, dropequal', () => {
  it('keep and drop match the joined value against the anchored regex', () => {
    assert.equal(run({ a: 'foo' }, { sourceLabels: ['a'], regex: '.*o.*', action: 'drop' }), null);
    assert.deepEqual(run({ a: 'foo' }, { sourceLabels: ['a'], regex: 'f|o', action: 'drop' }), { a: 'foo' });
    assert.equal(run({ a: 'foo' }, { sourceLabels: ['a'], regex: 'no-match', action: 'keep' }), null);
    assert.deepEqual(run({ a: 'foo' }, { sourceLabels: ['a'], regex: 'f.*', action: 'keep' }), { a: 'foo' });
    assert.equal(run({ a: 'foo' }, { sourceLabels: ['a'], regex: '.*o.*', action: 'drop' }, { sourceLabels: ['a'], targetLabel: 'd' }), null, 'later rules do not run');
    assert.deepEqual(run({ a: 'x' }, { sourceLabels: ['missing'], regex: '', action: 'keep' }), { a: 'x' }, 'a missing label is ""');
  });
  it('keepequal and dropequal compare with the target label', () => {
    const input = { __tmp_port: '1234', __port1: '1234', __port2: '5678' };
    assert.deepEqual(run(input, { sourceLabels: ['__tmp_port'], targetLabel: '__port1', action: 'keepequal' }), input);
    assert.equal(run(input, { sourceLabels: ['__tmp_port'], targetLabel: '__port2', action: 'keepequal' }), null);
    assert.equal(run(input, { sourceLabels: ['__tmp_port'], targetLabel: '__port1', action: 'dropequal' }), null);
    assert.deepEqual(run(input, { sourceLabels: ['__tmp_port'], targetLabel: '__port2', action: 'dropequal' }), input);
    assert.equal(run({ a: 'x' }, { sourceLabels: ['missing'], targetLabel: 'absent', action: 'dropequal' }), null, 'two absent labels are equal');
  });
});

describe('relabel: lowercase, uppercase, hashmod', () => {
  it('lowercase and uppercase', () => {
    assert.deepEqual(
      run({ foo: 'bAr123Foo' }, { sourceLabels: ['foo'], action: 'uppercase', targetLabel: 'foo_uppercase' }, { sourceLabels: ['foo'], action: 'lowercase', targetLabel: 'foo_lowercase' }),
      { foo: 'bAr123Foo', foo_lowercase: 'bar123foo', foo_uppercase: 'BAR123FOO' },
    );
    assert.deepEqual(run({ a: 'X' }, { sourceLabels: ['missing'], action: 'lowercase', targetLabel: 'a' }), {}, 'an empty result deletes');
  });
  it("non-ASCII letters map one to one, like Go's simple case mapping", () => {
    const upper = (s: string): string | undefined => run({ s }, { sourceLabels: ['s'], action: 'uppercase', targetLabel: 'o' })?.o;
    const lower = (s: string): string | undefined => run({ s }, { sourceLabels: ['s'], action: 'lowercase', targetLabel: 'o' })?.o;
    assert.equal(upper('Straße'), 'STRAßE');
    assert.equal(upper('ﬁx'), 'ﬁX');
    assert.equal(upper('ᾳ'), 'ᾼ');
    assert.equal(upper('ǆ'), 'Ǆ');
    assert.equal(upper('éà'), 'ÉÀ');
    assert.equal(lower('İ'), 'i');
    assert.equal(lower('ΣΑΣ'), 'σασ', 'no final-sigma rule');
    assert.equal(lower('ÀÉ𐐀'), 'àé𐐨');
  });
  it('hashmod: known values from Prometheus', () => {
    // Prometheus's relabel tests: md5("baz") and md5("foo\nbar") modulo 1000.
    assert.deepEqual(run({ a: 'foo', b: 'bar', c: 'baz' }, { sourceLabels: ['c'], targetLabel: 'd', action: 'hashmod', modulus: 1000 }), { a: 'foo', b: 'bar', c: 'baz', d: '976' });
    assert.deepEqual(run({ a: 'foo\nbar' }, { sourceLabels: ['a'], targetLabel: 'b', action: 'hashmod', modulus: 1000 }), { a: 'foo\nbar', b: '734' });
  });
  it('hashmod: the last 8 bytes of the MD5 as a big-endian integer', () => {
    for (const value of ['', 'node-1:9100', '10.0.0.1:80;web', 'ünïcödé']) {
      const digest = createHash('md5').update(Buffer.from(value, 'utf8')).digest();
      let n = 0n;
      for (let i = 8; i < 16; i++) n = n * 256n + BigInt(digest[i] as number);
      for (const modulus of [1, 3, 1000, 2 ** 40 + 7]) {
        const out = run({ v: value, w: 'x' }, { sourceLabels: ['v'], targetLabel: 'h', action: 'hashmod', modulus });
        assert.equal(out?.h, (n % BigInt(modulus)).toString(), `${value} mod ${modulus}`);
      }
    }
  });
});

describe('relabel: labelmap, labeldrop, labelkeep', () => {
  it('labelmap copies matching labels under the replaced name', () => {
    assert.deepEqual(run({ a: 'foo', b1: 'bar', b2: 'baz' }, { regex: '(b.*)', replacement: 'bar_${1}', action: 'labelmap' }), {
      a: 'foo',
      b1: 'bar',
      b2: 'baz',
      bar_b1: 'bar',
      bar_b2: 'baz',
    });
    const meta = { a: 'foo', __meta_my_bar: 'aaa', __meta_my_baz: 'bbb', __meta_other: 'ccc' };
    assert.deepEqual(run(meta, { regex: '__meta_(my.*)', replacement: '${1}', action: 'labelmap' }), { ...meta, my_bar: 'aaa', my_baz: 'bbb' });
  });
  it('labelmap collisions resolve as in Prometheus: base labels first, then labels set by earlier rules', () => {
    assert.equal(run({ a_x: '1', b_x: '2' }, { regex: '(.)_x', replacement: 'x', action: 'labelmap' })?.x, '2');
    assert.equal(run({ a_x: '1', b_x: '2' }, { targetLabel: '0_x', replacement: '3' }, { regex: '(.)_x', replacement: 'x', action: 'labelmap' })?.x, '3');
  });
  it('labeldrop and labelkeep match label names', () => {
    assert.deepEqual(run({ a: 'foo', b1: 'bar', b2: 'baz' }, { regex: '(b.*)', action: 'labelkeep' }), { b1: 'bar', b2: 'baz' });
    assert.deepEqual(run({ a: 'foo', b1: 'bar', b2: 'baz' }, { regex: '(b.*)', action: 'labeldrop' }), { a: 'foo' });
    assert.deepEqual(run({ a: 'foo', ab: 'x' }, { regex: 'b', action: 'labeldrop' }), { a: 'foo', ab: 'x' }, 'anchored');
    assert.deepEqual(run({ a: '1' }, { targetLabel: 'tmp_x', replacement: 'x' }, { regex: 'tmp_.*', action: 'labeldrop' }), { a: '1' }, 'sees labels set by earlier rules');
    assert.deepEqual(run({ a: '1', b: '2' }, { targetLabel: 'keep_me', replacement: 'x' }, { regex: 'keep_.*|a', action: 'labelkeep' }), { a: '1', keep_me: 'x' });
  });
  it('drop, set again, keep: Prometheus issue 12283', () => {
    const port = '__meta_kubernetes_pod_container_port_name';
    const annotation = '__meta_kubernetes_pod_annotation_XXX_metrics_port';
    assert.deepEqual(
      run(
        { [port]: 'foo', [annotation]: '9091' },
        { regex: `^${port}$`, action: 'labeldrop' },
        { sourceLabels: [annotation], regex: '(.+)', replacement: 'metrics', targetLabel: port },
        { sourceLabels: [port], regex: '^metrics$', action: 'keep' },
      ),
      { [annotation]: '9091', [port]: 'metrics' },
    );
  });
});

describe('relabel: results and allocation', () => {
  it('returns the input itself when nothing changes', () => {
    const input = labelsFromRecord({ __name__: 'up', job: 'a', instance: 'h:1' });
    assert.equal(relabel(input, []), input);
    const unchanged = compileRelabelRules(
      yamlRules(`      - source_labels: [job]
        regex: a
        action: keep
      - source_labels: [job]
        target_label: job
      - regex: tmp_.*
        action: labeldrop
      - source_labels: [__name__]
        regex: go_.*
        action: drop
`),
    );
    assert.equal(relabel(input, unchanged), input);
  });
  it('returns sorted labels and never modifies the input', () => {
    const input: Labels = labelsFromRecord({ b: '2', m: 'x' });
    const snapshot = JSON.stringify(input);
    const out = relabel(input, compileRelabelRules([rule({ targetLabel: 'a', replacement: '1' }), rule({ targetLabel: 'z', replacement: '9' }), rule({ regex: 'm', action: 'labeldrop' })]));
    assert.deepEqual(out, [
      { name: 'a', value: '1' },
      { name: 'b', value: '2' },
      { name: 'z', value: '9' },
    ]);
    assert.equal(JSON.stringify(input), snapshot);
  });
  it('rules from prometheus.yml run as configured', () => {
    const rules = compileRelabelRules(
      yamlRules(`      - source_labels: [__address__]
        regex: '(.+):(\\d+)'
        target_label: __param_target
        replacement: '$1'
      - source_labels: [__param_target]
        target_label: instance
      - target_label: __address__
        replacement: blackbox:9115
`),
    );
    assert.deepEqual(labelsToRecord(relabel(labelsFromRecord({ __address__: 'example.org:443' }), rules) ?? []), {
      __address__: 'blackbox:9115',
      __param_target: 'example.org',
      instance: 'example.org',
    });
  });
});
