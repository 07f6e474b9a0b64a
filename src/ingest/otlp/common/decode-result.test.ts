import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MAX_REJECTION_MESSAGES, RejectionCollector, rejectionSummary } from './index.js';

describe('RejectionCollector', () => {
  it('counts every rejection and keeps a few distinct reasons in order', () => {
    const c = new RejectionCollector();
    c.reject('a');
    c.reject('b');
    c.reject('a');
    for (let i = 0; i < 50; i++) c.reject(`r${i}`);
    const result = c.result('batch');
    assert.equal(result.batch, 'batch');
    assert.equal(result.rejected, 53);
    assert.equal(result.rejectionMessages.length, MAX_REJECTION_MESSAGES);
    assert.deepEqual(result.rejectionMessages.slice(0, 3), ['a', 'b', 'r0']);
    assert.equal(rejectionSummary(result).startsWith('rejected 53 record(s): a; b; r0'), true);
    assert.equal(rejectionSummary(new RejectionCollector().result(null)), '');
  });
});
