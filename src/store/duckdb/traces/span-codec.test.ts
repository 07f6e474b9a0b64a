import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isSpanId, isTraceId, traceKey } from './span-codec.js';

test('traceKey is the first 64 bits of the trace id as a signed integer', () => {
  const ids = ['00000000000000000000000000000001', '0123456789abcdef0123456789abcdef', 'ffffffffffffffff0000000000000000', '8000000000000000ffffffffffffffff', '7fffffff80000000aaaaaaaaaaaaaaaa'];
  for (const id of ids) assert.equal(traceKey(id), BigInt.asIntN(64, BigInt(`0x${id.slice(0, 16)}`)), id);
  assert.equal(traceKey('ffffffffffffffff0000000000000000'), -1n);
});

test('trace and span ids are lower-case hex of the exact length', () => {
  assert.equal(isTraceId('0123456789abcdef0123456789abcdef'), true);
  assert.equal(isTraceId('0123456789ABCDEF0123456789abcdef'), false);
  assert.equal(isTraceId('0123456789abcdef0123456789abcde'), false);
  assert.equal(isTraceId('0123456789abcdef0123456789abcdeg'), false);
  assert.equal(isTraceId(''), false);
  assert.equal(isSpanId('0123456789abcdef'), true);
  assert.equal(isSpanId('0123456789abcdef0'), false);
  assert.equal(isSpanId('0123456789abcde/'), false);
  assert.equal(isSpanId('0123456789abcde:'), false);
  assert.equal(isSpanId('0123456789abcde`'), false);
});
