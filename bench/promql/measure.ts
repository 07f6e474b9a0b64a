/**
 * Runs the battery against a pair of servers: per query and kind, WARMUP runs then `runs`
 * timed runs, alternating which server goes first so machine noise is spread over both. The
 * time is the client's wall time from sending the request to having the whole body. The
 * first warm-up answers of the two servers are compared (compare.ts).
 */
import { diffAnswers, summarise } from './compare.js';
import type { Dataset } from './data.js';
import { httpGet } from './http.js';
import { QUERIES, queryPath } from './queries.js';
import type { QueryKind } from './queries.js';
import type { QueryResult } from './stats.js';

const WARMUP = 2;

async function timedGet(url: string): Promise<{ ms: number; status: number; body: string }> {
  const t0 = performance.now();
  const res = await httpGet(url);
  return { ms: performance.now() - t0, status: res.status, body: res.body };
}

/** The single value of an instant query's vector answer, or undefined. */
async function instantValue(baseUrl: string, expr: string, atMs: number): Promise<number | undefined> {
  const res = await httpGet(baseUrl + queryPath(expr, 'instant', atMs, atMs));
  if (res.status !== 200) return undefined;
  const body = JSON.parse(res.body) as { data?: { result?: { value: [number, string] }[] } };
  const v = body.data?.result?.[0]?.value[1];
  return v === undefined ? undefined : Number(v);
}

/** Resolves once both servers count every series of the dataset at its last timestamp. */
export async function waitUntilQueryable(ds: Dataset, servers: { name: string; url: string }[], timeoutMs = 600_000): Promise<Map<string, number>> {
  const started = performance.now();
  const readyAfter = new Map<string, number>();
  const expr = 'count({__name__=~"bench_.+"})';
  while (readyAfter.size < servers.length) {
    for (const s of servers) {
      if (readyAfter.has(s.name)) continue;
      if ((await instantValue(s.url, expr, ds.endMs)) === ds.series) readyAfter.set(s.name, performance.now() - started);
    }
    if (readyAfter.size === servers.length) break;
    if (performance.now() - started > timeoutMs) {
      const counts = await Promise.all(servers.map(async (s) => `${s.name}: ${await instantValue(s.url, expr, ds.endMs)}`));
      throw new Error(`not every series became queryable within ${timeoutMs / 1000} s (want ${ds.series}; ${counts.join(', ')})`);
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  return readyAfter;
}

export async function runBattery(ds: Dataset, prometheusUrl: string, omniscopeUrl: string, runs: number): Promise<QueryResult[]> {
  const results: QueryResult[] = [];
  for (const q of QUERIES) {
    for (const kind of ['range', 'instant'] as QueryKind[]) {
      const path = queryPath(q.expr, kind, ds.startMs, ds.endMs);
      const prometheusMs: number[] = [];
      const omniscopeMs: number[] = [];
      let first: { prometheus: string; omniscope: string } | undefined;
      const errors: string[] = [];
      for (let i = 0; i < WARMUP + runs; i++) {
        const order = i % 2 === 0 ? (['prometheus', 'omniscope'] as const) : (['omniscope', 'prometheus'] as const);
        const got: Record<string, string> = {};
        for (const server of order) {
          const r = await timedGet((server === 'prometheus' ? prometheusUrl : omniscopeUrl) + path);
          if (r.status !== 200 && errors.length < 2) errors.push(`${server} answered ${r.status}: ${r.body.slice(0, 300)}`);
          got[server] = r.body;
          if (i >= WARMUP) (server === 'prometheus' ? prometheusMs : omniscopeMs).push(r.ms);
        }
        first ??= { prometheus: got.prometheus as string, omniscope: got.omniscope as string };
      }
      const disagreement = first === undefined ? 'no answers' : diffAnswers(first.prometheus, first.omniscope);
      const size = first === undefined ? undefined : summarise(first.prometheus);
      results.push({
        name: q.name,
        kind,
        prometheusMs,
        omniscopeMs,
        disagreement: disagreement === undefined ? undefined : [disagreement, ...errors].join('; '),
        answer: size === undefined ? '' : `${size.series} series, ${size.points} point${size.points === 1 ? '' : 's'}`,
      });
      const last = results[results.length - 1] as QueryResult;
      process.stderr.write(`  ${ds.name} ${q.name} ${kind}: answers agree: ${last.disagreement === undefined ? 'yes' : `no (${last.disagreement})`}\n`);
    }
  }
  return results;
}
