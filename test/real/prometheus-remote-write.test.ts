/**
 * Remote write against a real Prometheus 2.42 (Debian's package), both ways:
 * - Prometheus scrapes itself and Omniscope every second and remote_writes to Omniscope; the
 *   series arrive with Prometheus's labels and the same samples Prometheus stored, and
 *   Prometheus counts no failed sends.
 * - Omniscope's encoder (test/helpers/remote-write-client.ts) writes two hours of history into
 *   a fresh Prometheus, which accepts it and answers queries over it, staleness included; the
 *   ordering rules documented in test/helpers/prometheus-process.ts are checked here.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { STALE_NAN_BITS, labelsToRecord } from '../../src/model/index.js';
import type { LabelMatcher } from '../../src/model/index.js';
import { encodeRemoteWriteBody } from '../../src/ingest/remote-write/index.js';
import { getJson, startTestOmniscope } from '../helpers/test-omniscope.js';
import type { TestOmniscope } from '../helpers/test-omniscope.js';
import { prometheusAvailable, queryPrometheus, startPrometheus } from '../helpers/prometheus-process.js';
import type { PrometheusProcess } from '../helpers/prometheus-process.js';
import { postRemoteWrite, sendRemoteWrite } from '../helpers/remote-write-client.js';
import type { SeriesToWrite } from '../helpers/remote-write-client.js';
import { waitFor } from '../helpers/wait-for.js';

const skip = prometheusAvailable() ? false : 'no /usr/bin/prometheus: install it with `apt-get install -y prometheus`';

async function storedSamples(omni: TestOmniscope, matchers: LabelMatcher[], startMs: number, endMs: number): Promise<{ labels: Record<string, string>; ts: number[]; values: number[] }[]> {
  const out: { labels: Record<string, string>; ts: number[]; values: number[] }[] = [];
  for await (const b of omni.running.store.metrics.selectSamples({ tenant: 'default', matchers, startMs, endMs }, undefined, AbortSignal.timeout(10_000))) {
    b.series.forEach((labels, s) => {
      const from = b.offsets[s] as number;
      const to = b.offsets[s + 1] as number;
      out.push({ labels: labelsToRecord(labels), ts: [...b.timestampsMs.subarray(from, to)], values: [...b.values.subarray(from, to)] });
    });
  }
  return out;
}

describe('Prometheus 2.42 remote_writes into Omniscope', { skip }, () => {
  let omni: TestOmniscope;
  let prom: PrometheusProcess | undefined;
  before(async () => {
    omni = await startTestOmniscope();
    const omniHostPort = new URL(omni.baseUrl).host;
    prom = await startPrometheus({
      config: (port) => `
global:
  scrape_interval: 1s
  evaluation_interval: 1s
  external_labels:
    replica: real-test
scrape_configs:
  - job_name: prometheus
    static_configs:
      - targets: ['127.0.0.1:${port}']
  - job_name: omniscope
    static_configs:
      - targets: ['${omniHostPort}']
remote_write:
  - url: ${omni.baseUrl}/api/v1/write
    queue_config:
      batch_send_deadline: 1s
      min_backoff: 100ms
    metadata_config:
      send_interval: 1s
`,
    });
  });
  after(async () => {
    await prom?.stop();
    await omni.stop();
  });

  it('stores up and prometheus_build_info with Prometheus labels', async () => {
    const p = prom as PrometheusProcess;
    const series = async (match: string): Promise<Record<string, string>[]> =>
      (await getJson<{ data: Record<string, string>[] }>(`${omni.baseUrl}/api/v1/series?match[]=${encodeURIComponent(match)}`)).data;
    const up = await waitFor('up from both scrape jobs', 60_000, async () => {
      const s = await series('up');
      return s.length >= 2 ? s : undefined;
    });
    const byJob = new Map(up.map((s) => [s.job, s]));
    assert.deepEqual(byJob.get('prometheus'), { __name__: 'up', instance: `127.0.0.1:${p.port}`, job: 'prometheus', replica: 'real-test' });
    assert.deepEqual(byJob.get('omniscope'), { __name__: 'up', instance: new URL(omni.baseUrl).host, job: 'omniscope', replica: 'real-test' });

    const [info] = await waitFor('prometheus_build_info', 30_000, async () => {
      const s = await series('prometheus_build_info');
      return s.length > 0 ? s : undefined;
    });
    assert.equal(info?.job, 'prometheus');
    assert.match(info?.version ?? '', /^2\.42\./);
    for (const name of ['branch', 'goversion', 'revision']) assert.ok(info?.[name], `prometheus_build_info has ${name}`);

    await waitFor('metadata of prometheus_build_info', 30_000, async () => {
      const m = await getJson<{ data: Record<string, { type: string; help: string }[]> }>(`${omni.baseUrl}/api/v1/metadata?metric=prometheus_build_info`);
      return m.data.prometheus_build_info?.[0]?.type === 'gauge' ? true : undefined;
    });
  });

  it('holds the same samples as Prometheus, and Prometheus counts no failed sends', async () => {
    const p = prom as PrometheusProcess;
    const matchers: LabelMatcher[] = [
      { name: '__name__', type: '=', value: 'up' },
      { name: 'job', type: '=', value: 'prometheus' },
    ];
    const startMs = Date.now() - 60_000;
    const [ours] = await waitFor('several up samples', 30_000, async () => {
      const s = await storedSamples(omni, matchers, startMs, Date.now());
      return (s[0]?.ts.length ?? 0) >= 3 ? s : undefined;
    });
    const endMs = (ours?.ts.at(-1) as number) + 1;
    const theirs = await queryPrometheus<{ values: [number, string][] }[]>(p.baseUrl, 'up{job="prometheus"}[1m]', endMs / 1000);
    const theirSamples = new Map((theirs[0]?.values ?? []).map(([t, v]) => [Math.round(t * 1000), Number(v)]));
    for (const [i, t] of (ours?.ts ?? []).entries()) assert.equal(theirSamples.get(t), ours?.values[i], `sample at ${t} matches Prometheus`);

    const failed = await queryPrometheus(p.baseUrl, 'sum(prometheus_remote_storage_samples_failed_total)');
    assert.equal(failed[0]?.value[1], '0');
    const received = await (await fetch(`${omni.baseUrl}/metrics`)).text();
    const count = /omniscope_ingest_records_received_total\{signal="metrics",protocol="remote_write"\} (\d+)/.exec(received);
    assert.ok(Number(count?.[1]) > 100, `Omniscope counted received samples (${count?.[1]})`);
    assert.doesNotMatch(received, /omniscope_ingest_records_rejected_total\{signal="metrics",protocol="remote_write"/);
  });
});

/** Three series every 15 s over `spanMs` up to `endMs`; series k=2 ends with a staleness marker. */
function generate(name: string, endMs: number, spanMs: number): SeriesToWrite[] {
  return [0, 1, 2].map((k) => {
    const n = spanMs / 15_000 + 1;
    const timestampsMs = Array.from({ length: n }, (_, i) => endMs - spanMs + i * 15_000);
    const values = Float64Array.from({ length: n }, (_, i) => k * 1000 + i);
    if (k === 2) new DataView(values.buffer).setBigUint64((n - 1) * 8, STALE_NAN_BITS, true);
    return { labels: { __name__: name, k: String(k), job: 'generated' }, timestampsMs, values };
  });
}

describe('sendRemoteWrite into a real Prometheus 2.42', { skip }, () => {
  const endMs = Math.floor(Date.now() / 15_000) * 15_000;
  const TWO_HOURS = 2 * 3_600_000;

  it('accepts two hours of history written in time order, staleness markers included', async () => {
    const prom = await startPrometheus();
    try {
      const requests = await sendRemoteWrite(prom.writeUrl, generate('rw_history', endMs, TWO_HOURS), { maxSamplesPerRequest: 500 });
      assert.equal(requests, 3);
      const counts = await queryPrometheus(prom.baseUrl, 'count_over_time(rw_history[3h])', endMs / 1000);
      // The staleness marker is stored but not counted by count_over_time.
      assert.deepEqual(
        counts.map((r) => [r.metric.k, r.value[1]]).sort(),
        [
          ['0', '481'],
          ['1', '481'],
          ['2', '480'],
        ],
      );
      const oldest = await queryPrometheus(prom.baseUrl, 'rw_history{k="1"}', (endMs - TWO_HOURS) / 1000);
      assert.equal(oldest[0]?.value[1], '1000');
      // After its staleness marker, k=2 is gone at once; the others stay for the 5m lookback.
      const afterStale = await queryPrometheus(prom.baseUrl, 'rw_history', endMs / 1000 + 1);
      assert.deepEqual(afterStale.map((r) => r.metric.k).sort(), ['0', '1']);

      // The documented limit: older than the head's newest sample minus 1h is out of bounds.
      const late = await postRemoteWrite(prom.writeUrl, encodeRemoteWriteBody([{ labels: { __name__: 'rw_late' }, timestampsMs: [endMs - 3_600_000 - 60_000], values: [1] }]));
      assert.equal(late.status, 400);
      assert.match(late.body, /out of bounds/);
      const recent = await postRemoteWrite(prom.writeUrl, encodeRemoteWriteBody([{ labels: { __name__: 'rw_late' }, timestampsMs: [endMs - 3_600_000 + 60_000], values: [1] }]));
      assert.equal(recent.status, 204, recent.body);
      const ooo = await postRemoteWrite(prom.writeUrl, encodeRemoteWriteBody([{ labels: { __name__: 'rw_history', k: '0', job: 'generated' }, timestampsMs: [endMs - 7_500], values: [1] }]));
      assert.equal(ooo.status, 400);
      assert.match(ooo.body, /out of order sample/);
    } finally {
      await prom.stop();
    }
  });

  it('accepts series written one after the other, newest first, with an out-of-order window', async () => {
    const prom = await startPrometheus({ outOfOrderWindow: '3h' });
    try {
      for (const s of generate('rw_ooo', endMs, TWO_HOURS)) {
        const reversed = { labels: s.labels, timestampsMs: [...Array.from(s.timestampsMs)].reverse(), values: Float64Array.from(s.values).reverse() };
        const res = await postRemoteWrite(prom.writeUrl, encodeRemoteWriteBody([reversed]));
        assert.equal(res.status, 204, res.body);
      }
      const counts = await queryPrometheus(prom.baseUrl, 'count_over_time(rw_ooo[3h])', endMs / 1000);
      assert.deepEqual(counts.map((r) => r.value[1]).sort(), ['480', '481', '481']);
    } finally {
      await prom.stop();
    }
  });

  it('refuses the same late samples as Prometheus with the same out-of-order window', async () => {
    const prom = await startPrometheus({ outOfOrderWindow: '10m' });
    const omni = await startTestOmniscope({}, 'storage:\n  metrics_out_of_order_window: 10m\n');
    try {
      const min = 60_000;
      // One sample per request: Prometheus refuses a whole request for one bad sample, Omniscope only that sample.
      const writes: [string, number, string][] = [
        ['a', endMs, 'first sample of a: in order'],
        ['b', endMs - 60 * min, 'first sample of b, an hour behind a: in order for b'],
        ['a', endMs - 5 * min, 'late for a, inside the window'],
        ['a', endMs - 20 * min, 'late for a, outside the window'],
        ['b', endMs - 61 * min, 'late for b, outside the window of the newest sample (a\'s)'],
        ['b', endMs - 59 * min, 'newer than b\'s newest: in order however old'],
        ['a', endMs - 10 * min, 'late for a, exactly the window behind'],
      ];
      for (const [series, ts, what] of writes) {
        const body = encodeRemoteWriteBody([{ labels: { __name__: 'rw_window', s: series }, timestampsMs: [ts], values: [ts / 1000] }]);
        const [p, o] = [await postRemoteWrite(prom.writeUrl, body), await postRemoteWrite(`${omni.baseUrl}/api/v1/write`, body)];
        // 2.42 answers "too old sample" with 500 (the sender retries it forever); Prometheus fixed
        // that to 400 in prometheus/prometheus#13335, which is what Omniscope answers.
        const refused = p.status === 400 || (p.status === 500 && /too old sample/.test(p.body));
        assert.equal(o.status, refused ? 400 : p.status, `${what}: Prometheus answered ${p.status} ${p.body}, Omniscope ${o.status} ${o.body}`);
        if (refused) assert.match(o.body, /out of order/);
      }
      const promCounts = await queryPrometheus(prom.baseUrl, 'count_over_time(rw_window[3h])', endMs / 1000);
      const omniCounts = await getJson<{ data: { result: { metric: Record<string, string>; value: [number, string] }[] } }>(
        `${omni.baseUrl}/api/v1/query?query=${encodeURIComponent('count_over_time(rw_window[3h])')}&time=${endMs / 1000}`,
      );
      const bySeries = (rs: { metric: Record<string, string>; value: [number, string] }[]) => rs.map((r) => `${r.metric.s}=${r.value[1]}`).sort();
      assert.deepEqual(bySeries(omniCounts.data.result), bySeries(promCounts));
    } finally {
      await omni.stop();
      await prom.stop();
    }
  });

  it('stores the same data in Omniscope, sample for sample', async () => {
    const omni = await startTestOmniscope();
    try {
      const data = generate('rw_side_by_side', endMs, TWO_HOURS);
      await sendRemoteWrite(`${omni.baseUrl}/api/v1/write`, data, { maxSamplesPerRequest: 500 });
      const stored = await storedSamples(omni, [{ name: '__name__', type: '=', value: 'rw_side_by_side' }], endMs - TWO_HOURS, endMs);
      assert.equal(stored.length, 3);
      for (const s of stored) {
        const sent = data.find((d) => d.labels.k === s.labels.k) as SeriesToWrite;
        assert.deepEqual(s.ts, Array.from(sent.timestampsMs));
        const bits = (v: number): bigint => new DataView(Float64Array.of(v).buffer).getBigUint64(0, true);
        const sentValues = Array.from(sent.values);
        assert.equal(s.values.length, sentValues.length);
        for (let i = 0; i < s.values.length - 1; i++) assert.equal(s.values[i], sentValues[i]);
        if (s.labels.k === '2') assert.ok(Number.isNaN(s.values.at(-1)) && (bits(s.values.at(-1) as number) & ~0x0008000000000000n) === STALE_NAN_BITS);
      }
    } finally {
      await omni.stop();
    }
  });
});
