import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { LabelFilterExpr } from '../../../model/index.js';
import { metricSeriesLabels } from '../../../model/index.js';
import { groupingNeeds } from './count-series.js';

const stream = [
  { name: 'app', value: 'web' },
  { name: 'level', value: 'info' },
];
const by = (...labels: string[]) => ({ without: false, labels });
const match = (name: string, value: string): LabelFilterExpr => ({ op: 'match', matcher: { name, type: '=', value } });

describe('groupingNeeds: what SQL must group a stream by', () => {
  const cases: Array<[string, Parameters<typeof groupingNeeds>[1], LabelFilterExpr | null, { metadata: boolean; ids: boolean }]> = [
    ['full label sets need everything', undefined, null, { metadata: true, ids: true }],
    ['without needs everything', { without: true, labels: ['app'] }, null, { metadata: true, ids: true }],
    ['by labels the stream has: stream and bucket only', by('level', 'app'), null, { metadata: false, ids: false }],
    ['by () : stream and bucket only', by(), null, { metadata: false, ids: false }],
    ['by a label the stream lacks: metadata', by('user_id'), null, { metadata: true, ids: false }],
    ['by trace_id: metadata and ids', by('trace_id'), null, { metadata: true, ids: true }],
    ['by an _extracted name: metadata (it can shadow the stream label)', by('level_extracted'), null, { metadata: true, ids: false }],
    ['a remaining label filter: metadata', by('app'), match('user_id', '1'), { metadata: true, ids: false }],
    ['a remaining filter on span_id: ids too', by('app'), match('span_id', 'x'), { metadata: true, ids: true }],
  ];
  for (const [what, grouping, residual, expected] of cases) it(what, () => assert.deepEqual(groupingNeeds(stream, grouping, residual), expected));
});

describe('metricSeriesLabels', () => {
  const metadata = [
    { name: 'level_extracted', value: 'debug' },
    { name: 'user_id', value: '7' },
  ];
  it('merges metadata into the stream labels, or keeps only the grouping', () => {
    assert.deepEqual(metricSeriesLabels(stream, metadata, undefined), [...stream, ...metadata]);
    assert.deepEqual(metricSeriesLabels(stream, metadata, by('user_id', 'level', 'missing')), [
      { name: 'level', value: 'info' },
      { name: 'user_id', value: '7' },
    ]);
    assert.deepEqual(metricSeriesLabels(stream, metadata, { without: true, labels: ['user_id', 'app'] }), [stream[1], metadata[0]]);
  });
});
