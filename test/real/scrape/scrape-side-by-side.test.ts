/**
 * Scraping real peers, side by side with a real Prometheus 2.42 (Debian packages):
 * Omniscope and Prometheus both scrape the same node exporter every second, Omniscope also
 * scrapes Prometheus's own /metrics (which Prometheus scrapes itself), and Prometheus
 * remote_writes everything it scraped into Omniscope's tenant `remote` (wiring in
 * scrape-peers.ts). Then, through the Prometheus HTTP API of both:
 * - targets: same labels, discovered labels, scrape URL, health, interval and timeout;
 * - node exporter: the same series and target metadata, equal values of constant metrics at
 *   the same evaluation time, counter samples ordered between the samples Prometheus took
 *   just before and just after, and equal report series (up, scrape_samples_scraped, ...);
 * - Prometheus's /metrics: up, and the same metric names as Prometheus stored from itself;
 * - remote write: tenant `remote` holds exactly the series, samples (timestamps and values)
 *   and metadata Prometheus stored, and PromQL over it answers as Prometheus does.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sampleValuesAgree } from '../../helpers/prometheus-answers.js';
import { prometheusAvailable } from '../../helpers/prometheus-process.js';
import { nodeExporterAvailable } from './node-exporter-process.js';
import { apiGet, instantQuery, labelsKey, metricNamesOf, missingFrom, rangeQuery, seriesOf, sleep, targetMetadataOf, targetsOf, waitFor } from './prometheus-api-client.js';
import type { ApiPeer, ApiTarget, MatrixElement, VectorElement } from './prometheus-api-client.js';
import { REMOTE_TENANT, startScrapePeers } from './scrape-peers.js';
import type { ScrapePeers } from './scrape-peers.js';

const skip = !prometheusAvailable()
  ? 'no /usr/bin/prometheus: install it with `apt-get install -y prometheus`'
  : !nodeExporterAvailable()
    ? 'no /usr/bin/prometheus-node-exporter: install it with `apt-get install -y prometheus-node-exporter`'
    : false;

/** Scrapes (at 1 s) both must have taken of every target before the comparisons start. */
const SCRAPES_BEFORE_COMPARING = 6;

/**
 * Node exporter metrics that do not change while the test runs: sizes, limits, identities and
 * start times. Values at the same evaluation time must be equal, whoever scraped them.
 */
const CONSTANT_NODE_METRICS = [
  'node_memory_MemTotal_bytes',
  'node_memory_SwapTotal_bytes',
  'node_uname_info',
  'node_boot_time_seconds',
  'node_filesystem_size_bytes',
  'node_filesystem_files',
  'node_filesystem_readonly',
  'node_time_zone_offset_seconds',
  'node_time_clocksource_current_info',
  'node_scrape_collector_success',
  'node_exporter_build_info',
  'go_info',
  'process_max_fds',
  'process_start_time_seconds',
];

/**
 * Kernel counters that never decrease (unlike node_cpu_seconds_total{mode="idle"|"iowait"},
 * which some kernels move backwards).
 */
const MONOTONIC_NODE_SELECTOR =
  '{job="node", __name__=~"node_cpu_seconds_total|node_context_switches_total|node_intr_total|node_forks_total|node_network_(receive|transmit)_bytes_total", mode=~"|user|system"}';

/**
 * A counter sample taken at t is compared with Prometheus's samples taken at least this long
 * before and after t. A scrape's timestamp is when it started, the value is read while the
 * node exporter answers (about 10 ms here); the margin covers answers up to half a second late.
 */
const COUNTER_BRACKET_MARGIN_SEC = 0.5;

/** The report series Prometheus 2.42 writes for every scrape (without extra-scrape-metrics). */
const REPORT_SERIES = ['up', 'scrape_duration_seconds', 'scrape_samples_scraped', 'scrape_samples_post_metric_relabeling', 'scrape_series_added'];

/** PromQL over the remote-written data: same data, so the same answers (within float summation noise). */
const REMOTE_RANGE_QUERIES = ['up', 'rate(node_cpu_seconds_total{mode="user"}[5s])', 'sum by (job) (scrape_samples_scraped)', 'increase(prometheus_http_requests_total[10s])'];

const nowSec = (): number => Date.now() / 1000;
const byKey = <T extends { metric: Record<string, string> }>(items: readonly T[]): Map<string, T> => new Map(items.map((x) => [labelsKey(x.metric), x]));

/** Undefined when both vectors have the same series and values (relative tolerance `tol`), else the differences. */
function diffVectors(expected: readonly VectorElement[], actual: readonly VectorElement[], tol = 0): string | undefined {
  const problems: string[] = [];
  const theirs = byKey(actual);
  for (const e of expected) {
    const a = theirs.get(labelsKey(e.metric));
    if (a === undefined) problems.push(`missing ${labelsKey(e.metric)}`);
    else if (e.value[0] !== a.value[0] || !sampleValuesAgree(e.value[1], a.value[1], tol)) problems.push(`${labelsKey(e.metric)}: ${JSON.stringify(e.value)} vs ${JSON.stringify(a.value)}`);
  }
  const ours = byKey(expected);
  for (const a of actual) if (!ours.has(labelsKey(a.metric))) problems.push(`unexpected ${labelsKey(a.metric)}`);
  return problems.length === 0 ? undefined : problems.slice(0, 20).join('\n');
}

/** Undefined when both matrices have the same series with the same samples (values within `tol`), else the differences. */
function diffMatrices(expected: readonly MatrixElement[], actual: readonly MatrixElement[], tol = 0): string | undefined {
  const problems: string[] = [];
  const theirs = byKey(actual);
  for (const e of expected) {
    const key = labelsKey(e.metric);
    const a = theirs.get(key);
    if (a === undefined) {
      problems.push(`missing ${key} (${e.values.length} samples)`);
      continue;
    }
    const theirSamples = new Map(a.values.map(([t, v]) => [t, v]));
    const missing = e.values.filter(([t]) => !theirSamples.has(t)).map(([t]) => t);
    const extra = a.values.filter(([t]) => !e.values.some(([u]) => u === t)).map(([t]) => t);
    const different = e.values.filter(([t, v]) => theirSamples.has(t) && !sampleValuesAgree(v, theirSamples.get(t) as string, tol));
    if (missing.length > 0) problems.push(`${key}: no samples at ${missing.slice(0, 5).join(', ')} (${missing.length} of ${e.values.length})`);
    if (extra.length > 0) problems.push(`${key}: extra samples at ${extra.slice(0, 5).join(', ')} (${extra.length})`);
    for (const [t, v] of different.slice(0, 3)) problems.push(`${key} @${t}: ${v} vs ${theirSamples.get(t)}`);
  }
  const ours = byKey(expected);
  for (const a of actual) if (!ours.has(labelsKey(a.metric))) problems.push(`unexpected ${labelsKey(a.metric)} (${a.values.length} samples)`);
  return problems.length === 0 ? undefined : `${problems.length} differences:\n${problems.slice(0, 20).join('\n')}`;
}

/** The value of an unlabelled-or-first sample of `name` on Prometheus's own /metrics page (NaN when absent). */
async function selfMetric(peers: ScrapePeers, name: string): Promise<number> {
  const text = await (await fetch(`${peers.prom.baseUrl}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith(`${name} `) || l.startsWith(`${name}{`));
  return line === undefined ? Number.NaN : Number(line.slice(line.lastIndexOf(' ') + 1));
}

const allTargetsUp = async (peer: ApiPeer): Promise<ApiTarget[] | undefined> => {
  const { activeTargets } = await targetsOf(peer);
  const pools = new Set(activeTargets.filter((t) => t.health === 'up').map((t) => t.scrapePool));
  return pools.has('node') && pools.has('prometheus') ? activeTargets : undefined;
};

describe('scraping a real node exporter and Prometheus, side by side with Prometheus 2.42', { skip }, () => {
  let peers: ScrapePeers;
  /** When both had every target up: the start of the windows where both have scraped data. */
  let bothUpSec: number;

  before(
    async () => {
      peers = await startScrapePeers();
      try {
        await waitFor('every target up in Prometheus', 30_000, () => allTargetsUp(peers.prom));
        await waitFor('every target up in Omniscope', 30_000, () => allTargetsUp(peers.omni));
      } catch (e) {
        throw new Error(`${String(e)}\n${peers.output()}`, { cause: e });
      }
      bothUpSec = nowSec();
      await sleep(SCRAPES_BEFORE_COMPARING * 1000);
    },
    { timeout: 120_000 },
  );
  after(async () => {
    await peers?.stop();
  });

  it('lists both targets up with the labels, discovered labels and scrape URL Prometheus shows', async () => {
    const [theirs, ours] = await Promise.all([targetsOf(peers.prom), targetsOf(peers.omni)]);
    const view = (t: ApiTarget | undefined): unknown =>
      t && { labels: t.labels, discoveredLabels: t.discoveredLabels, scrapeUrl: t.scrapeUrl, health: t.health, lastError: t.lastError, scrapeInterval: t.scrapeInterval, scrapeTimeout: t.scrapeTimeout };
    for (const [pool, address] of [
      ['node', peers.nodeExporter.address],
      ['prometheus', peers.prometheusAddress],
    ] as const) {
      const p = theirs.activeTargets.filter((t) => t.scrapePool === pool);
      const o = ours.activeTargets.filter((t) => t.scrapePool === pool);
      assert.equal(o.length, 1, `one ${pool} target in Omniscope`);
      assert.deepEqual(view(o[0]), view(p[0]), `the ${pool} target`);
      assert.deepEqual(o[0]?.labels, { instance: address, job: pool });
      assert.equal(o[0]?.scrapeUrl, `http://${address}/metrics`);
    }
  });

  // Prometheus's globalUrl replaces a loopback host with its external URL's host (the machine's
  // host name by default; web/api/v1/api.go getGlobalURL); Omniscope repeats the scrape URL.
  it('gives each target the globalUrl Prometheus gives it', async () => {
    const [theirs, ours] = await Promise.all([targetsOf(peers.prom), targetsOf(peers.omni)]);
    const globalUrls = (ts: readonly ApiTarget[]): Record<string, string> => Object.fromEntries(ts.map((t) => [t.scrapePool, t.globalUrl]));
    assert.deepEqual(globalUrls(ours.activeTargets), globalUrls(theirs.activeTargets));
  });

  it('stores the same node exporter series as Prometheus', async () => {
    // No exclusions: the collectors chosen in node-exporter-process.ts export a fixed set of series.
    const end = nowSec() - 1;
    const [theirs, ours] = await Promise.all([seriesOf(peers.prom, '{job="node"}', bothUpSec, end), seriesOf(peers.omni, '{job="node"}', bothUpSec, end)]);
    const p = new Set(theirs.map(labelsKey));
    const o = new Set(ours.map(labelsKey));
    assert.ok(p.size > 150, `Prometheus has ${p.size} node series`);
    assert.deepEqual({ onlyInPrometheus: missingFrom(p, o), onlyInOmniscope: missingFrom(o, p) }, { onlyInPrometheus: [], onlyInOmniscope: [] });
    assert.equal(o.size, ours.length, 'no duplicate series in Omniscope');
    const labelNames = (peer: ApiPeer): Promise<string[]> => apiGet<string[]>(peer, '/api/v1/labels', { 'match[]': ['{job="node"}'], start: bothUpSec, end });
    assert.deepEqual((await labelNames(peers.omni)).sort(), (await labelNames(peers.prom)).sort());
  });

  it('serves the same target metadata (type, help, unit) for the node exporter', async () => {
    const [theirs, ours] = await Promise.all([targetMetadataOf(peers.prom, '{job="node"}'), targetMetadataOf(peers.omni, '{job="node"}')]);
    const sorted = (md: typeof theirs): string[] => md.map((m) => JSON.stringify([labelsKey(m.target), m.metric, m.type, m.help, m.unit])).sort();
    assert.ok(theirs.length > 100, `Prometheus has metadata for ${theirs.length} node metrics`);
    assert.deepEqual(sorted(ours), sorted(theirs));
  });

  it('has the values Prometheus has for constant node metrics at the same evaluation time', async () => {
    const t = Math.floor(nowSec() * 1000 - 1000) / 1000;
    const query = `{job="node", __name__=~"${CONSTANT_NODE_METRICS.join('|')}"}`;
    const [theirs, ours] = await Promise.all([instantQuery(peers.prom, query, t), instantQuery(peers.omni, query, t)]);
    assert.deepEqual(new Set(theirs.map((s) => s.metric.__name__)), new Set(CONSTANT_NODE_METRICS), 'Prometheus has every constant metric');
    assert.equal(diffVectors(theirs, ours), undefined);
  });

  it('has counter samples that lie between the samples Prometheus took before and after', async () => {
    const t = nowSec() - 1;
    const range = `${MONOTONIC_NODE_SELECTOR}[${SCRAPES_BEFORE_COMPARING}s]`;
    const [theirs, ours] = await Promise.all([instantQuery<MatrixElement[]>(peers.prom, range, t), instantQuery<MatrixElement[]>(peers.omni, range, t)]);
    assert.deepEqual(
      ours.map((s) => labelsKey(s.metric)).sort(),
      theirs.map((s) => labelsKey(s.metric)).sort(),
    );
    const prometheusSamples = byKey(theirs);
    const problems: string[] = [];
    let checked = 0;
    for (const series of ours) {
      const key = labelsKey(series.metric);
      const reference = prometheusSamples.get(key)?.values ?? [];
      for (const [ts, v] of series.values) {
        const before = reference.filter(([u]) => u <= ts - COUNTER_BRACKET_MARGIN_SEC).at(-1);
        const after = reference.find(([u]) => u >= ts + COUNTER_BRACKET_MARGIN_SEC);
        if (before === undefined || after === undefined) continue; // at the edges of the range
        checked++;
        if (!(Number(before[1]) <= Number(v) && Number(v) <= Number(after[1]))) problems.push(`${key} @${ts}: ${v} not within [${before[1]} @${before[0]}, ${after[1]} @${after[0]}]`);
      }
    }
    assert.deepEqual(problems, []);
    assert.ok(checked >= ours.length * (SCRAPES_BEFORE_COMPARING - 3), `only ${checked} samples could be bracketed`);
  });

  it('stamps samples with the scrape time, as Prometheus does', async () => {
    // node_time_seconds is the node exporter's clock while it answers, the timestamp is when the
    // scrape started, on the same machine: the difference is the answer latency, at most half a
    // second here (a millisecond of slack for the rounding of timestamps to milliseconds).
    const query = 'node_time_seconds - timestamp(node_time_seconds)';
    const t = nowSec() - 1;
    for (const peer of [peers.prom, peers.omni]) {
      const [lag] = await instantQuery(peer, query, t);
      const seconds = Number(lag?.value[1]);
      assert.ok(seconds >= -0.001 && seconds < 0.5, `${peer.name}: ${query} = ${seconds}`);
    }
  });

  it('writes the report series Prometheus writes for the node job, with the same values', async () => {
    const t = Math.floor(nowSec() * 1000 - 1000) / 1000;
    const exact = `{job="node", __name__=~"up|scrape_samples_scraped|scrape_samples_post_metric_relabeling|scrape_series_added"}`;
    const [theirs, ours] = await Promise.all([instantQuery(peers.prom, exact, t), instantQuery(peers.omni, exact, t)]);
    // The node exporter's page has the same samples on every scrape (fixed collectors), so the
    // counts are equal, not just close; no series is new after the first scrape.
    assert.equal(diffVectors(theirs, ours), undefined);
    const value = (name: string): string | undefined => ours.find((s) => s.metric.__name__ === name)?.value[1];
    assert.equal(value('up'), '1');
    assert.equal(value('scrape_series_added'), '0');
    assert.equal(value('scrape_samples_post_metric_relabeling'), value('scrape_samples_scraped'));
    const series = await seriesOf(peers.omni, '{job="node"}', t - 5, t);
    assert.equal(Number(value('scrape_samples_scraped')), series.length - REPORT_SERIES.length, 'scraped samples = stored series - report series');
    const [duration] = await instantQuery(peers.omni, 'scrape_duration_seconds{job="node"}', t);
    assert.ok(Number(duration?.value[1]) > 0 && Number(duration?.value[1]) < 1, `scrape_duration_seconds ${duration?.value[1]}`);
  });

  it('scrapes Prometheus /metrics: up, and the metric names Prometheus stored from scraping itself', async () => {
    const t = nowSec() - 1;
    const [up] = await instantQuery(peers.omni, 'up{job="prometheus"}', t);
    assert.deepEqual(up?.metric, { __name__: 'up', instance: peers.prometheusAddress, job: 'prometheus' });
    assert.equal(up?.value[1], '1');
    // Both scrape the same page of the same process every second, at different moments. A
    // metric family that first appeared in the last second of the window was seen by one
    // scraper and not yet by the other; so each side's names over [start, end] must be among
    // the other side's over [start - 2 s, end + 2 s].
    const [start, end] = [bothUpSec + 1, t];
    const wide = (peer: ApiPeer): Promise<string[]> => metricNamesOf(peer, '{job="prometheus"}', start - 2, end + 2);
    const [theirs, ours, theirsWide, oursWide] = await Promise.all([
      metricNamesOf(peers.prom, '{job="prometheus"}', start, end),
      metricNamesOf(peers.omni, '{job="prometheus"}', start, end),
      wide(peers.prom),
      wide(peers.omni),
    ]);
    assert.ok(theirs.length > 150, `Prometheus stored ${theirs.length} names for job prometheus`);
    assert.deepEqual(
      { onlyInPrometheus: missingFrom(theirs, new Set(oursWide)), onlyInOmniscope: missingFrom(ours, new Set(theirsWide)) },
      { onlyInPrometheus: [], onlyInOmniscope: [] },
    );
  });

  describe(`Prometheus remote_write into tenant ${REMOTE_TENANT}`, () => {
    /** End of the compared window, whole seconds: everything Prometheus scraped up to it was sent. */
    let endSec: number;
    /** The window as a range selector: from before Prometheus started to endSec. */
    let windowSelector: string;

    before(async () => {
      endSec = Math.floor(nowSec()) - 1;
      // One shard sends in WAL order, so once a sample 2 s newer than the window end was sent
      // (the gauge has whole seconds), every sample of the window was: a scrape's samples enter
      // the WAL when the scrape ends, well within 2 s of its timestamp.
      await waitFor('Prometheus to send past the end of the window', 30_000, async () =>
        (await selfMetric(peers, 'prometheus_remote_storage_queue_highest_sent_timestamp_seconds')) >= endSec + 2 ? true : undefined,
      );
      windowSelector = `[${Math.ceil(endSec - peers.prometheusStartMs / 1000) + 1}s]`;
    });

    it('was sent without failures', async () => {
      assert.equal(await selfMetric(peers, 'prometheus_remote_storage_samples_failed_total'), 0);
      assert.equal(await selfMetric(peers, 'prometheus_remote_storage_samples_dropped_total'), 0);
      assert.deepEqual({ failed: peers.relay.counts.failed }, { failed: 0 });
      assert.ok(peers.relay.counts.forwarded > 0);
    });

    it('holds every series Prometheus stored', async () => {
      const start = peers.prometheusStartMs / 1000;
      const [theirs, ours] = await Promise.all([seriesOf(peers.prom, '{__name__=~".+"}', start, endSec), seriesOf(peers.omniRemote, '{__name__=~".+"}', start, endSec)]);
      const p = new Set(theirs.map(labelsKey));
      const o = new Set(ours.map(labelsKey));
      assert.ok(p.size > 400, `Prometheus stored ${p.size} series`);
      assert.deepEqual({ onlyInPrometheus: missingFrom(p, o), onlyInOmniscope: missingFrom(o, p) }, { onlyInPrometheus: [], onlyInOmniscope: [] });
    });

    it('holds every sample Prometheus stored, with the same timestamp and value', async () => {
      // Raw samples of every series over the whole window (a range selector at its end), not
      // count_over_time: that drops __name__ and would make series of different names collide.
      const query = `{__name__=~".+"}${windowSelector}`;
      const [theirs, ours] = await Promise.all([instantQuery<MatrixElement[]>(peers.prom, query, endSec), instantQuery<MatrixElement[]>(peers.omniRemote, query, endSec)]);
      const count = (m: MatrixElement[]): number => m.reduce((n, s) => n + s.values.length, 0);
      assert.ok(count(theirs) > theirs.length * 3, `Prometheus stored ${count(theirs)} samples in ${theirs.length} series`);
      assert.equal(diffMatrices(theirs, ours), undefined);
      assert.equal(count(ours), count(theirs));
    });

    it('counts the same samples with count_over_time', async () => {
      for (const name of ['up', 'node_cpu_seconds_total', 'prometheus_http_requests_total']) {
        const query = `sum by (job) (count_over_time(${name}${windowSelector}))`;
        const [theirs, ours] = await Promise.all([instantQuery(peers.prom, query, endSec), instantQuery(peers.omniRemote, query, endSec)]);
        assert.ok(theirs.length > 0, `${query} is not empty on Prometheus`);
        assert.equal(diffVectors(theirs, ours), undefined, query);
      }
    });

    it('answers range queries over it as Prometheus does', async () => {
      for (const query of REMOTE_RANGE_QUERIES) {
        const [theirs, ours] = await Promise.all([rangeQuery(peers.prom, query, endSec - 15, endSec, '1s'), rangeQuery(peers.omniRemote, query, endSec - 15, endSec, '1s')]);
        assert.ok(theirs.length > 0, `${query} is not empty on Prometheus`);
        assert.equal(diffMatrices(theirs, ours, 1e-9), undefined, query);
      }
    });

    it('holds the metric metadata Prometheus has', async () => {
      // Prometheus sends metadata every 5 s (metadata_config in scrape-peers.ts): poll for up to
      // two sends, then compare what is there. Entries of one metric (e.g. go_* from both jobs) are sorted.
      type Metadata = Record<string, { type: string; help: string; unit: string }[]>;
      const render = (md: Metadata): string[] =>
        Object.entries(md)
          .map(([name, entries]) => `${name}: ${entries.map((e) => JSON.stringify([e.type, e.help, e.unit])).sort().join(' ')}`)
          .sort();
      const theirs = render(await apiGet<Metadata>(peers.prom, '/api/v1/metadata'));
      assert.ok(theirs.length > 100, `Prometheus has metadata for ${theirs.length} metrics`);
      let ours: string[] = [];
      await waitFor('the same metadata', 12_000, async () => {
        ours = render(await apiGet<Metadata>(peers.omniRemote, '/api/v1/metadata'));
        return ours.join('\n') === theirs.join('\n') ? true : undefined;
      }).catch(() => undefined); // the assertion below shows the difference
      const [p, o] = [new Set(theirs), new Set(ours)];
      assert.deepEqual({ onlyInPrometheus: missingFrom(p, o), onlyInOmniscope: missingFrom(o, p) }, { onlyInPrometheus: [], onlyInOmniscope: [] });
    });
  });
});
