/**
 * LogQL metric queries against a whole Omniscope (in this process, DuckDB in a temporary
 * directory): 12,000 lines pushed through the Loki push API (JSON, with structured metadata)
 * are counted by /loki/api/v1/query_range (matrix) and /loki/api/v1/query (vector) exactly as
 * Loki would count them, the counting done in DuckDB; the configured series limit and Loki's
 * parameter errors answer as Loki does (plain text, 400).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startTestOmniscope } from '../helpers/test-omniscope.js';
import type { TestOmniscope } from '../helpers/test-omniscope.js';

const NOW_MS = Math.floor(Date.now() / 60_000) * 60_000;
const ns = (ms: number): string => `${ms}000000`;
const LINES = 12_000;
const LEVELS = ['info', 'info', 'warn', 'error'];

interface Matrix {
  data: { resultType: string; result: Array<{ metric: Record<string, string>; values: Array<[number, string]> }>; stats: { summary: Record<string, number> } };
}
interface Vector {
  data: { resultType: string; result: Array<{ metric: Record<string, string>; value: [number, string] }> };
}

describe('LogQL metric queries on Omniscope', () => {
  let omni: TestOmniscope;
  /** Line i is at NOW - 1h + i * 300ms: 12,000 lines fill the hour before NOW. */
  const timeOf = (i: number): number => NOW_MS - 3_600_000 + (i + 1) * 300;

  before(async () => {
    omni = await startTestOmniscope({}, 'limits:\n  max_query_series: 5\n');
    // Two streams; `level` is a stream label of one and structured metadata of the other.
    const checkout: Array<[string, string]> = [];
    const payments: Array<[string, string, Record<string, string>]> = [];
    for (let i = 0; i < LINES; i++) {
      const level = LEVELS[i % LEVELS.length] as string;
      if (i % 2 === 0) checkout.push([ns(timeOf(i)), `level=${level} order=${i}`]);
      else payments.push([ns(timeOf(i)), `payment ${i} é`, { level, attempt: String(i % 7) }]);
    }
    const byLevel = (level: string): Array<[string, string]> => checkout.filter(([, line]) => line.startsWith(`level=${level} `));
    const streams = [
      ...['info', 'warn', 'error'].map((level) => ({ stream: { job: 'checkout', level }, values: byLevel(level) })),
      { stream: { job: 'payments' }, values: payments },
    ];
    const res = await fetch(`${omni.baseUrl}/loki/api/v1/push`, { method: 'POST', body: JSON.stringify({ streams }), headers: { 'Content-Type': 'application/json' } });
    assert.equal(res.status, 204, await res.text());
  });
  after(async () => {
    await omni?.stop();
  });

  async function get<T>(path: string, params: Record<string, string>): Promise<{ status: number; text: string; json: () => T }> {
    const res = await fetch(`${omni.baseUrl}${path}?${new URLSearchParams(params).toString()}`);
    const text = await res.text();
    return { status: res.status, text, json: () => JSON.parse(text) as T };
  }

  it('query_range: sum by (level) counts every line once, per minute, from stream labels and structured metadata alike', async () => {
    const res = await get<Matrix>('/loki/api/v1/query_range', {
      query: 'sum by (level) (count_over_time({job=~"checkout|payments"}[1m]))',
      start: ns(NOW_MS - 3_600_000 + 60_000),
      end: ns(NOW_MS),
      step: '60',
    });
    assert.equal(res.status, 200, res.text);
    const data = res.json().data;
    assert.equal(data.resultType, 'matrix');
    assert.deepEqual(data.result.map((s) => s.metric), [{ level: 'error' }, { level: 'info' }, { level: 'warn' }]);
    const totals = data.result.map((s) => s.values.reduce((n, [, v]) => n + Number(v), 0));
    assert.deepEqual(totals, [LINES / 4, LINES / 2, LINES / 4]);
    for (const s of data.result) {
      assert.equal(s.values.length, 60, 'one point per minute');
      assert.equal(s.values[0]?.[0], (NOW_MS - 3_600_000 + 60_000) / 1000);
    }
    assert.equal(data.stats.summary.totalLinesProcessed, LINES);
  });

  it('query and POST: an instant vector at `time`, bytes counted in UTF-8, line filters pushed down', async () => {
    const vector = await get<Vector>('/loki/api/v1/query', { query: 'sum by (job) (count_over_time({job=~".+"} |= "payment" [1h]))', time: ns(NOW_MS) });
    assert.deepEqual(vector.json().data, { ...vector.json().data, resultType: 'vector', result: [{ metric: { job: 'payments' }, value: [NOW_MS / 1000, String(LINES / 2)] }] });
    const bytesRes = await fetch(`${omni.baseUrl}/loki/api/v1/query`, {
      method: 'POST',
      body: new URLSearchParams({ query: 'sum(bytes_over_time({job="payments"}[1h]))', time: ns(NOW_MS) }),
    });
    const expected = Array.from({ length: LINES / 2 }, (_, k) => Buffer.byteLength(`payment ${2 * k + 1} é`)).reduce((a, b) => a + b, 0);
    assert.deepEqual(((await bytesRes.json()) as Vector).data.result[0]?.value, [NOW_MS / 1000, String(expected)]);
  });

  it('the series limit from the config, and Loki’s parameter errors', async () => {
    const many = await get('/loki/api/v1/query', { query: 'count_over_time({job="payments"}[1h])', time: ns(NOW_MS) });
    assert.equal(many.status, 400);
    assert.match(many.text, /^maximum number of series \(5\) reached for a single query/);
    const step = await get('/loki/api/v1/query_range', { query: 'rate({job="payments"}[1m])', start: ns(NOW_MS - 3_600_000), end: ns(NOW_MS), step: '0' });
    assert.deepEqual([step.status, step.text], [400, 'zero or negative query resolution step widths are not accepted. Try a positive integer']);
    const parse = await get('/loki/api/v1/query_range', { query: 'rate({job="payments"}[1m]) by (job)' });
    assert.deepEqual([parse.status, parse.text], [400, 'parse error at line 1, col 28: grouping not allowed for rate aggregation']);
  });
});
