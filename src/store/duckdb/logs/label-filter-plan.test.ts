import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { LabelFilterExpr, LabelMatcher } from '../../../model/index.js';
import { CompiledLabelFilters, formatLabelFilter } from '../../../model/index.js';
import { SqlParams } from '../db/sql-params.js';
import { planLabelFilters, prefilterSql } from './label-filter-plan.js';

const m = (name: string, type: LabelMatcher['type'], value: string): LabelFilterExpr => ({ op: 'match', matcher: { name, type, value } });
const or = (left: LabelFilterExpr, right: LabelFilterExpr): LabelFilterExpr => ({ op: 'or', left, right });
const and = (left: LabelFilterExpr, right: LabelFilterExpr): LabelFilterExpr => ({ op: 'and', left, right });

describe('planLabelFilters', () => {
  it('settles stream labels per stream and groups streams by what is left', () => {
    const streams = [
      [{ name: 'app', value: 'api' }],
      [{ name: 'app', value: 'web' }],
      [{ name: 'app', value: 'db' }],
      [{ name: 'app', value: 'api' }, { name: 'app_extracted', value: 'x' }],
    ];
    const filters = new CompiledLabelFilters([or(m('app', '=', 'web'), m('trace_id', '=', 'abc')), m('app_extracted', '!=', 'y')]);
    const plan = planLabelFilters(filters, streams);
    assert.deepEqual(plan.group, [1, 2, 1, 1]);
    assert.deepEqual(plan.residuals.map(formatLabelFilter), ['trace_id="abc" and app_extracted!="y"', 'app_extracted!="y"']);
    assert.deepEqual(planLabelFilters(new CompiledLabelFilters([m('app', '=', 'web')]), streams), { group: [-1, 0, -1, -1], residuals: [] });
  });
});

describe('prefilterSql', () => {
  const cases: Array<[LabelFilterExpr, string | null, string[]]> = [
    [m('trace_id', '=', 'abc'), '(contains(l.metadata, $1) OR l.trace_id = $2)', ['abc', 'abc']],
    [m('user', '=', 'say "hi"'), '(contains(l.metadata, $1))', ['say \\"hi\\"']],
    [m('user', '!=', 'x'), null, []],
    [m('user', '=~', 'x.*'), null, []],
    [m('user', '=', ''), null, []],
    [m('list', '=', '["a"]'), null, []],
    [m('app_extracted', '=', 'x'), null, []],
    [and(m('a', '=', '1'), m('b', '!=', '2')), '(contains(l.metadata, $1))', ['1']],
    [or(m('a', '=', '1'), m('b', '!=', '2')), null, ['1']],
    [or(m('a', '=', '1'), m('span_id', '=', '2')), '((contains(l.metadata, $1)) OR (contains(l.metadata, $2) OR l.span_id = $3))', ['1', '2', '2']],
  ];
  for (const [expr, sql, values] of cases) {
    it(formatLabelFilter(expr), () => {
      const p = new SqlParams();
      assert.equal(prefilterSql(expr, p), sql);
      assert.deepEqual(p.values, values);
    });
  }
});
