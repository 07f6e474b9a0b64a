import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { LabelFilterExpr, LabelMatcher } from './index.js';
import { CompiledLabelFilters, formatLabelFilter, structuredMetadataLabels } from './index.js';

const m = (name: string, type: LabelMatcher['type'], value: string): LabelFilterExpr => ({ op: 'match', matcher: { name, type, value } });
const and = (left: LabelFilterExpr, right: LabelFilterExpr): LabelFilterExpr => ({ op: 'and', left, right });
const or = (left: LabelFilterExpr, right: LabelFilterExpr): LabelFilterExpr => ({ op: 'or', left, right });

describe('CompiledLabelFilters', () => {
  const labels: Record<string, string> = { app: 'api', level: 'error' };
  const valueOf = (name: string): string => labels[name] ?? '';
  const cases: Array<[LabelFilterExpr[], boolean]> = [
    [[m('app', '=', 'api')], true],
    [[m('app', '=~', 'ap')], false],
    [[m('app', '=~', 'a.+')], true],
    [[m('missing', '=', '')], true],
    [[m('missing', '!~', '.+')], true],
    [[or(m('app', '=', 'web'), m('level', '!=', 'info'))], true],
    [[and(m('app', '=', 'web'), m('level', '!=', 'info'))], false],
    [[m('app', '=', 'api'), m('level', '=', 'warn')], false],
    [[], true],
  ];
  for (const [exprs, expected] of cases) {
    it(exprs.map(formatLabelFilter).join(' | ') || '(none)', () => assert.equal(new CompiledLabelFilters(exprs).matches(valueOf), expected));
  }
  it('rejects an invalid regex as bad_input', () => assert.throws(() => new CompiledLabelFilters([m('a', '=~', '(')]), { kind: 'bad_input' }));
});

describe('CompiledLabelFilters.fold', () => {
  const known = (name: string): string | undefined => (name === 'app' ? 'api' : undefined);
  const cases: Array<[LabelFilterExpr[], string]> = [
    [[m('app', '=', 'api')], 'true'],
    [[m('app', '!=', 'api')], 'false'],
    [[m('user', '=', '42')], 'user="42"'],
    [[and(m('app', '=', 'api'), m('user', '=', '42'))], 'user="42"'],
    [[or(m('app', '=', 'api'), m('user', '=', '42'))], 'true'],
    [[or(m('app', '=', 'web'), m('user', '=', '42'))], 'user="42"'],
    [[and(m('app', '=', 'web'), m('user', '=', '42'))], 'false'],
    [[or(and(m('app', '=~', 'a.*'), m('x', '=', '1')), m('y', '=', '2'))], 'x="1" or y="2"'],
    [[m('x', '=', '1'), m('app', '=', 'api'), m('y', '=', '2')], 'x="1" and y="2"'],
  ];
  for (const [exprs, expected] of cases) {
    it(exprs.map(formatLabelFilter).join(' | '), () => {
      const folded = new CompiledLabelFilters(exprs).fold(known);
      assert.equal(typeof folded === 'boolean' ? String(folded) : formatLabelFilter(folded), expected);
    });
  }
});

describe('structuredMetadataLabels', () => {
  it('sanitizes names, renders values, adds the record ids, renames clashes with stream labels', () => {
    const stream = [{ name: 'app', value: 'api' }];
    const attrs = [
      { key: 'http.status', value: 200n },
      { key: 'app', value: 'shadow' },
      { key: 'empty', value: '' },
      { key: '', value: 'no name' },
      { key: 'span_id', value: 'from-attrs' },
    ];
    assert.deepEqual(structuredMetadataLabels(stream, attrs, 'abc', 'def'), [
      { name: 'app_extracted', value: 'shadow' },
      { name: 'http_status', value: '200' },
      { name: 'span_id', value: 'from-attrs' },
      { name: 'trace_id', value: 'abc' },
    ]);
    assert.deepEqual(structuredMetadataLabels(stream, [], '', ''), []);
  });
});
