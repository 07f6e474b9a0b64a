import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { prometheusAvailable, startPrometheus } from '../../helpers/prometheus-process.js';
import type { PrometheusProcess } from '../../helpers/prometheus-process.js';
import { sendRemoteWrite } from '../../helpers/remote-write-client.js';
import { startTestOmniscope } from '../../helpers/test-omniscope.js';
import type { TestOmniscope } from '../../helpers/test-omniscope.js';
import { diffResponses } from './compare-results.js';
import { SCRAPE_INTERVAL_MS, generateSideBySideData } from './side-by-side-data.js';
import { SIDE_BY_SIDE_QUERIES } from './side-by-side-queries.js';

/**
 * The same generated data goes into a real Prometheus 2.42 and into Omniscope (in its
 * prometheus2 compatibility mode), both through remote write; then every expression of
 * side-by-side-queries.ts runs as instant queries at several times and as range queries on
 * both, and the answers must be identical (values within 1e-9 relative, NaN equal to NaN).
 */
const END_MS = Math.floor(Date.now() / 60_000) * 60_000 - 5 * 60_000;
const ORDERED = /^(sort|sort_desc|topk|bottomk)\(/;

let prometheus: PrometheusProcess;
let omniscope: TestOmniscope;
/** Expressions for which Prometheus returned data (not an error, not empty): the comparison is not vacuous. */
const withData = new Set<string>();

function hasData(body: Record<string, unknown>): boolean {
  const data = body.data as { resultType: string; result: unknown } | undefined;
  if (body.status !== 'success' || data === undefined) return false;
  return data.resultType === 'scalar' || data.resultType === 'string' || (data.result as unknown[]).length > 0;
}

async function fetchJson(baseUrl: string, path: string, params: Record<string, string>): Promise<Record<string, unknown>> {
  const res = await fetch(`${baseUrl}${path}?${new URLSearchParams(params).toString()}`);
  return (await res.json()) as Record<string, unknown>;
}

describe('PromQL side by side with Prometheus 2.42', { skip: prometheusAvailable() ? false : 'prometheus is not installed (apt-get install -y prometheus)' }, () => {
  before(async () => {
    prometheus = await startPrometheus();
    omniscope = await startTestOmniscope({}, 'promql:\n  compatibility: prometheus2\n');
    const data = generateSideBySideData(END_MS);
    await sendRemoteWrite(prometheus.writeUrl, data);
    await sendRemoteWrite(`${omniscope.baseUrl}/api/v1/write`, data);
  });

  after(async () => {
    await omniscope?.stop();
    await prometheus?.stop();
  });

  it(`runs ${SIDE_BY_SIDE_QUERIES.length} expressions`, () => {
    assert.ok(SIDE_BY_SIDE_QUERIES.length >= 150);
  });

  const instantTimes = [END_MS, END_MS - 17 * 60_000 - 7_000, END_MS - 61 * 60_000 + SCRAPE_INTERVAL_MS / 3];
  const ranges = [
    { start: END_MS - 60 * 60_000, end: END_MS, step: '60s' },
    { start: END_MS - 100 * 60_000 + 1_234, end: END_MS - 10 * 60_000, step: '37s' },
  ];

  for (const query of SIDE_BY_SIDE_QUERIES) {
    it(query, async () => {
      const problems: string[] = [];
      for (const t of instantTimes) {
        const params = { query, time: String(t / 1000) };
        const [p, o] = await Promise.all([fetchJson(prometheus.baseUrl, '/api/v1/query', params), fetchJson(omniscope.baseUrl, '/api/v1/query', params)]);
        const d = diffResponses(p as never, o as never, ORDERED.test(query));
        if (d !== undefined) problems.push(`instant @${t / 1000}: ${d}`);
        if (hasData(p)) withData.add(query);
      }
      for (const r of ranges) {
        const params = { query, start: String(r.start / 1000), end: String(r.end / 1000), step: r.step };
        const [p, o] = await Promise.all([fetchJson(prometheus.baseUrl, '/api/v1/query_range', params), fetchJson(omniscope.baseUrl, '/api/v1/query_range', params)]);
        const d = diffResponses(p as never, o as never, false);
        if (d !== undefined) problems.push(`range ${r.step}: ${d}`);
        if (hasData(p)) withData.add(query);
      }
      assert.deepEqual(problems, []);
    });
  }

  it('compared real data: Prometheus answered with data for nearly every expression', () => {
    const empty = SIDE_BY_SIDE_QUERIES.filter((q) => !withData.has(q));
    assert.ok(withData.size >= 150, `only ${withData.size} expressions returned data; empty: ${empty.join(' | ')}`);
  });
});
