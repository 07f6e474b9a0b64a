import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { LabelMatcher } from '../../../model/index.js';
import { OmniscopeError, labelsFromRecord } from '../../../model/index.js';
import { SeriesIndex, plainIndexMatcher } from './series-index.js';

const m = (name: string, type: LabelMatcher['type'], value: string): LabelMatcher => ({ name, type, value });

describe('SeriesIndex', () => {
  const index = new SeriesIndex();
  const add = (id: number, record: Record<string, string>, tenant = 1) => index.add(tenant, id, labelsFromRecord(record));
  add(1, { __name__: 'up', job: 'web', instance: 'b' });
  add(2, { __name__: 'up', job: 'api', instance: 'a' });
  add(3, { __name__: 'up', job: 'api', instance: 'c', zone: 'eu' });
  add(4, { __name__: 'requests_total', job: 'api' });
  add(5, { __name__: 'up', job: 'other-tenant' }, 2);
  // Regexes are resolved by the store with RE2; here the model's RE2 translation stands in.
  const ids = (tenant: number, ...ms: LabelMatcher[]) => index.select(tenant, ms.map(plainIndexMatcher)).map((r) => r.id);

  it('intersects postings and returns series in label-set order', () => {
    assert.deepEqual(ids(1, m('__name__', '=', 'up')), [2, 1, 3]);
    assert.deepEqual(ids(1, m('__name__', '=', 'up'), m('job', '=', 'api')), [2, 3]);
    assert.deepEqual(ids(1, m('job', '=~', 'a.*|w.b')), [4, 2, 1, 3]);
    assert.deepEqual(ids(2, m('__name__', '=', 'up')), [5]);
    assert.deepEqual(ids(3, m('__name__', '=', 'up')), []);
  });

  it('treats an absent label as "" for negative and empty-matching matchers', () => {
    assert.deepEqual(ids(1, m('__name__', '=', 'up'), m('zone', '!=', 'eu')), [2, 1]);
    assert.deepEqual(ids(1, m('__name__', '=', 'up'), m('zone', '=', '')), [2, 1]);
    assert.deepEqual(ids(1, m('__name__', '=', 'up'), m('zone', '=~', 'eu|')), [2, 1, 3]);
    assert.deepEqual(ids(1, m('__name__', '=', 'up'), m('job', '!~', 'api')), [1]);
  });

  it('forgets removed series and rejects invalid regexes as bad input', () => {
    index.remove(1, 3);
    assert.deepEqual(ids(1, m('job', '=', 'api')), [4, 2]);
    assert.throws(() => ids(1, m('job', '=~', '(')), (e: unknown) => e instanceof OmniscopeError && e.kind === 'bad_input');
  });
});
