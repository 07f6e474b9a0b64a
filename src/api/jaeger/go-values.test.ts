import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { goParseDurationNanos, goParseInt32, goParseInt64 } from './go-values.js';
import { formatJaegerTraceId, parseJaegerTraceId } from './jaeger-trace-id.js';

describe('goParseDurationNanos (time.ParseDuration)', () => {
  const ok: [string, bigint][] = [
    ['0', 0n],
    ['-0', 0n],
    ['1.2ms', 1_200_000n],
    ['500us', 500_000n],
    ['500µs', 500_000n],
    ['500μs', 500_000n],
    ['7ns', 7n],
    ['2s', 2_000_000_000n],
    ['1h30m', 5_400_000_000_000n],
    ['-1.5h', -5_400_000_000_000n],
    ['+3m', 180_000_000_000n],
    ['.5s', 500_000_000n],
    ['1.s', 1_000_000_000n],
    ['1.0000000001s', 1_000_000_000n],
    ['9223372036854775807ns', 9_223_372_036_854_775_807n],
    ['-9223372036854775808ns', -9_223_372_036_854_775_808n],
  ];
  for (const [text, nanos] of ok) it(`parses ${text}`, () => assert.equal(goParseDurationNanos(text), nanos));

  const bad: [string, string][] = [
    ['', 'time: invalid duration ""'],
    ['abc', 'time: invalid duration "abc"'],
    ['.', 'time: invalid duration "."'],
    ['-', 'time: invalid duration "-"'],
    ['1', 'time: missing unit in duration "1"'],
    ['1h2', 'time: missing unit in duration "1h2"'],
    ['1d', 'time: unknown unit "d" in duration "1d"'],
    ['9223372036854775808ns', 'time: invalid duration "9223372036854775808ns"'],
  ];
  for (const [text, message] of bad) it(`rejects ${JSON.stringify(text)}`, () => assert.throws(() => goParseDurationNanos(text), { message }));
});

describe('goParseInt64 / goParseInt32 (strconv.ParseInt)', () => {
  it('parses signed decimals and rejects others with Go messages', () => {
    assert.equal(goParseInt64('-42'), -42n);
    assert.equal(goParseInt64('+1736935200000000'), 1_736_935_200_000_000n);
    assert.throws(() => goParseInt64('1e3'), { message: 'strconv.ParseInt: parsing "1e3": invalid syntax' });
    assert.throws(() => goParseInt64('9223372036854775808'), { message: 'strconv.ParseInt: parsing "9223372036854775808": value out of range' });
    assert.equal(goParseInt32('20'), 20);
    assert.throws(() => goParseInt32('2147483648'), { message: 'strconv.ParseInt: parsing "2147483648": value out of range' });
  });
});

describe('parseJaegerTraceId / formatJaegerTraceId', () => {
  it('reads hex of any case and length up to 32, left-padded', () => {
    assert.equal(parseJaegerTraceId('4BF92F3577B34DA6A3CE929D0E0E4736'), '4bf92f3577b34da6a3ce929d0e0e4736');
    assert.equal(parseJaegerTraceId('123456789abcdef'), '00000000000000000123456789abcdef');
    assert.equal(parseJaegerTraceId('1'), '00000000000000000000000000000001');
  });
  it('reads base64 (standard or URL-safe, padded or not) of 16 or 8 bytes', () => {
    const hex = '4bf92f3577b34da6a3ce929d0e0e4736';
    const std = Buffer.from(hex, 'hex').toString('base64');
    assert.equal(parseJaegerTraceId(std), hex);
    assert.equal(parseJaegerTraceId(std.replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_')), hex);
    assert.equal(parseJaegerTraceId(Buffer.from('0123456789abcdef', 'hex').toString('base64')), '00000000000000000123456789abcdef');
  });
  it('rejects others with Jaeger messages', () => {
    assert.throws(() => parseJaegerTraceId('xyz'), { message: 'strconv.ParseUint: parsing "xyz": invalid syntax' });
    assert.throws(() => parseJaegerTraceId('zz3456789abcdef0123456789abcdef'), {
      message: 'strconv.ParseUint: parsing "zz3456789abcdef": invalid syntax',
    });
    assert.throws(() => parseJaegerTraceId('0'.repeat(33)), { message: `TraceID cannot be longer than 32 hex characters: ${'0'.repeat(33)}` });
  });
  it('prints 16 digits when the high half is zero, else 32', () => {
    assert.equal(formatJaegerTraceId('00000000000000000123456789abcdef'), '0123456789abcdef');
    assert.equal(formatJaegerTraceId('4bf92f3577b34da6a3ce929d0e0e4736'), '4bf92f3577b34da6a3ce929d0e0e4736');
  });
});
