import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { durationError, logsLinkParams, parseTagsText, readTraceSearch, searchRequest, writeOpenTrace, writeTraceSearch } from './traces-state';

describe('traces url state', () => {
  it('round-trips the search and leaves defaults out', () => {
    const s = { service: 'checkout', operation: 'GET /pay', tags: 'error=true', minDuration: '10ms', maxDuration: '', limit: 50, sort: 'longest' as const };
    const p = writeTraceSearch(new URLSearchParams('from=now-1h&to=now&trace=abc'), s);
    assert.deepEqual(readTraceSearch(new URLSearchParams(p.toString())), s);
    assert.equal(p.get('trace'), null);
    assert.equal(p.get('from'), 'now-1h');
    const d = writeTraceSearch(new URLSearchParams(), { ...s, limit: 20, sort: 'recent', tags: '' });
    assert.equal(d.toString(), 'service=checkout&operation=GET+%2Fpay&minDuration=10ms');
    assert.deepEqual(readTraceSearch(new URLSearchParams('limit=x&sort=bad')).limit, 20);
  });
  it('opens and closes a trace, keeping the search', () => {
    const p = writeOpenTrace(new URLSearchParams('service=a'), 'abc', 'def');
    assert.equal(p.toString(), 'service=a&trace=abc&span=def');
    assert.equal(writeOpenTrace(p, null).toString(), 'service=a');
  });
  it('parses tags as typed', () => {
    assert.deepEqual(parseTagsText('error=true http.route="/a b"'), { tags: { error: 'true', 'http.route': '/a b' } });
    assert.deepEqual(parseTagsText('k="say \\"hi\\""'), { tags: { k: 'say "hi"' } });
    assert.deepEqual(parseTagsText('{"a":"1","b":2}'), { tags: { a: '1', b: '2' } });
    assert.ok('error' in parseTagsText('justakey'));
    assert.ok('error' in parseTagsText('{bad'));
  });
  it('checks durations and builds the Jaeger request', () => {
    assert.equal(durationError('1.5s'), null);
    assert.match(durationError('10 ms') ?? '', /not a duration/);
    const r = searchRequest(readTraceSearch(new URLSearchParams('service=a&tags=error%3Dtrue&minDuration=5ms')), { startMs: 1000, endMs: 2000 });
    assert.ok('query' in r);
    assert.equal(r.query.toString(), 'service=a&tags=%7B%22error%22%3A%22true%22%7D&minDuration=5ms&start=1000000&end=2000000&limit=20');
    assert.ok('error' in searchRequest(readTraceSearch(new URLSearchParams('service=a&maxDuration=soon')), { startMs: 0, endMs: 1 }));
  });
  it('links to the logs of a trace', () => {
    const p = logsLinkParams('check"out', '4BF92F3577B34DA6A3CE929D0E0E4736', 1_700_000_000_500_000, 2_000_000);
    assert.equal(p.get('query'), '{service_name="check\\"out"} | trace_id="4bf92f3577b34da6a3ce929d0e0e4736"');
    assert.equal(logsLinkParams('svc', 'a3ce929d0e0e4736', 0, 0).get('query'), '{service_name="svc"} | trace_id="0000000000000000a3ce929d0e0e4736"');
    const from = p.get('from') ?? '';
    const to = p.get('to') ?? '';
    assert.match(from, /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
    assert.equal(new Date(to.replace(' ', 'T')).getTime() - new Date(from.replace(' ', 'T')).getTime(), 123_000);
  });
});
