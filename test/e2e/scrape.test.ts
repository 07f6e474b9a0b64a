/**
 * Scraping driven by a prometheus.yml, end to end: Omniscope (in this process, DuckDB in a
 * temporary directory) scrapes small HTTP targets started by the test, and everything is read
 * back through the Prometheus API: samples with target labels, `up` and the other report series,
 * the targets API (health, lastError naming the bad line, dropped targets), target metadata,
 * file_sd changes with staleness, and reloads (POST /-/reload, SIGHUP) that keep the last good
 * configuration when the new one is invalid.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { getJson, startTestOmniscope } from '../helpers/test-omniscope.js';
import type { TestOmniscope } from '../helpers/test-omniscope.js';
import { startOmniscopeProcess } from '../helpers/omniscope-process.js';
import { waitFor } from '../helpers/wait-for.js';

interface Target {
  readonly server: Server;
  readonly address: string;
  body: string;
  scrapes: number;
}

async function startTarget(body: string): Promise<Target> {
  const target = { body, scrapes: 0 } as Target;
  const server = createServer((_req, res) => {
    target.scrapes++;
    res.setHeader('content-type', 'text/plain; version=0.0.4');
    res.end(target.body.replaceAll('$N', String(target.scrapes)));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  Object.assign(target, { server, address: `127.0.0.1:${(server.address() as { port: number }).port}` });
  return target;
}

interface ApiTarget {
  labels: Record<string, string>;
  discoveredLabels: Record<string, string>;
  scrapePool: string;
  scrapeUrl: string;
  health: string;
  lastError: string;
  lastScrape: string;
  lastScrapeDuration: number;
  scrapeInterval: string;
}
interface TargetsAnswer {
  status: string;
  data: { activeTargets: ApiTarget[]; droppedTargets: { discoveredLabels: Record<string, string> }[] };
}
type Vector = { metric: Record<string, string>; value: [number, string] }[];

const APP_METRICS = `# HELP app_requests_total Requests served.
# TYPE app_requests_total counter
app_requests_total{code="200"} $N
# TYPE app_temperature gauge
app_temperature 21.5
`;

describe('scraping a prometheus.yml', () => {
  let dir: string;
  let omni: TestOmniscope;
  let good: Target;
  let broken: Target;
  let fileTarget: Target;
  let promFile: string;

  const writePrometheusYml = (extraJobs = ''): void => {
    writeFileSync(
      promFile,
      `global:
  scrape_interval: 1s
  scrape_timeout: 500ms
scrape_configs:
  - job_name: app
    static_configs:
      - targets: ['${good.address}', '${broken.address}']
        labels: { team: core }
      - targets: ['dropped.example:1234']
    relabel_configs:
      - source_labels: [__address__]
        regex: dropped\\..*
        action: drop
  - job_name: files
    file_sd_configs:
      - files: ['${join(dir, 'sd')}/*.json']
${extraJobs}`,
    );
  };

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'omniscope-scrape-'));
    good = await startTarget(APP_METRICS);
    broken = await startTarget('ok_metric 1\nthis is not { valid\n');
    fileTarget = await startTarget('from_file_sd 1\n');
    promFile = join(dir, 'prometheus.yml');
    rmSync(join(dir, 'sd'), { recursive: true, force: true });
    const { mkdirSync } = await import('node:fs');
    mkdirSync(join(dir, 'sd'));
    writeFileSync(join(dir, 'sd', 'targets.json'), JSON.stringify([{ targets: [fileTarget.address], labels: { env: 'test' } }]));
    writePrometheusYml();
    omni = await startTestOmniscope({}, `prometheus:\n  config_file: ${promFile}\n`);
  });
  after(async () => {
    await omni.stop();
    for (const t of [good, broken, fileTarget]) t.server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const targets = (): Promise<TargetsAnswer> => getJson<TargetsAnswer>(`${omni.baseUrl}/api/v1/targets`);
  const query = async (q: string): Promise<Vector> =>
    (await getJson<{ data: { result: Vector } }>(`${omni.baseUrl}/api/v1/query?query=${encodeURIComponent(q)}`)).data.result;

  it('lists active targets with health, the parse error of the bad one, and the dropped target', async () => {
    const answer = await waitFor('both app targets scraped', 15_000, async () => {
      const t = await targets();
      const app = t.data.activeTargets.filter((x) => x.scrapePool === 'app');
      return app.length === 2 && app.every((x) => x.health !== 'unknown') ? t : undefined;
    });
    const byAddress = new Map(answer.data.activeTargets.map((t) => [t.labels.instance, t]));
    const ok = byAddress.get(good.address) as ApiTarget;
    assert.equal(ok.health, 'up');
    assert.equal(ok.lastError, '');
    assert.deepEqual(ok.labels, { instance: good.address, job: 'app', team: 'core' });
    assert.equal(ok.discoveredLabels.__address__, good.address);
    assert.equal(ok.discoveredLabels.__metrics_path__, '/metrics');
    assert.equal(ok.scrapeUrl, `http://${good.address}/metrics`);
    assert.equal(ok.scrapeInterval, '1s');
    assert.ok(ok.lastScrapeDuration >= 0 && !ok.lastScrape.startsWith('0001'));
    const bad = byAddress.get(broken.address) as ApiTarget;
    assert.equal(bad.health, 'down');
    assert.match(bad.lastError, /^line 2: /);
    assert.deepEqual(answer.data.droppedTargets.map((d) => d.discoveredLabels.__address__), ['dropped.example:1234']);
    const activeOnly = await getJson<TargetsAnswer>(`${omni.baseUrl}/api/v1/targets?state=active&scrapePool=files`);
    assert.deepEqual(activeOnly.data.activeTargets.map((t) => t.scrapePool), ['files']);
    assert.deepEqual(activeOnly.data.droppedTargets, []);
  });

  it('stores scraped samples with target labels, and up for every target', async () => {
    const up = await waitFor('up for both app targets', 15_000, async () => {
      const r = await query('up{job="app"}');
      return r.length === 2 ? r : undefined;
    });
    const upBy = new Map(up.map((s) => [s.metric.instance, s.value[1]]));
    assert.equal(upBy.get(good.address), '1');
    assert.equal(upBy.get(broken.address), '0');
    const requests = await query('app_requests_total');
    assert.equal(requests.length, 1);
    assert.deepEqual(requests[0]?.metric, { __name__: 'app_requests_total', code: '200', instance: good.address, job: 'app', team: 'core' });
    // Nothing of the broken target's page is stored, not even its valid first line.
    assert.deepEqual(await query('ok_metric'), []);
    const samples = await query(`scrape_samples_scraped{instance="${good.address}"}`);
    assert.equal(samples[0]?.value[1], '2');
    const rate = await waitFor('a rate over several scrapes', 15_000, async () => {
      const r = await query('rate(app_requests_total[5s])');
      return r.length === 1 && Number(r[0]?.value[1]) > 0 ? r : undefined;
    });
    assert.ok(Number(rate[0]?.value[1]) > 0.3, `rate ${rate[0]?.value[1]}`);
  });

  it('serves target metadata, and 404 for an unknown metric', async () => {
    const md = await getJson<{ data: { target: Record<string, string>; metric: string; type: string; help: string }[] }>(
      `${omni.baseUrl}/api/v1/targets/metadata?match_target=${encodeURIComponent('{job="app"}')}&metric=app_requests_total`,
    );
    assert.deepEqual(md.data, [{ target: { instance: good.address, job: 'app', team: 'core' }, metric: 'app_requests_total', type: 'counter', help: 'Requests served.', unit: '' }]);
    // Bad input answers Prometheus's error shape.
    for (const bad of ['match_target=' + encodeURIComponent('{job="app"'), 'limit=ten']) {
      const res = await fetch(`${omni.baseUrl}/api/v1/targets/metadata?${bad}`);
      assert.equal(res.status, 400, bad);
      const body = (await res.json()) as { status: string; errorType: string; error: string };
      assert.deepEqual([body.status, body.errorType], ['error', 'bad_data'], bad);
      assert.ok(body.error.length > 0);
    }
    const missing = await fetch(`${omni.baseUrl}/api/v1/targets/metadata?metric=no_such_metric`);
    assert.equal(missing.status, 404);
    assert.equal(((await missing.json()) as { errorType: string }).errorType, 'not_found');
  });

  it('follows file_sd changes and marks the removed target stale', async () => {
    await waitFor('the file_sd target is scraped', 15_000, async () => ((await query('from_file_sd{env="test"}')).length === 1 ? true : undefined));
    writeFileSync(join(dir, 'sd', 'targets.json'), JSON.stringify([]));
    await waitFor('the file_sd target is gone from the targets API', 15_000, async () => {
      const t = await targets();
      return t.data.activeTargets.some((x) => x.scrapePool === 'files') ? undefined : true;
    });
    // The staleness marker ends the series at once instead of after the 5m lookback.
    await waitFor('the removed target series to be stale', 15_000, async () => ((await query('from_file_sd')).length === 0 ? true : undefined));
  });

  it('reloads on POST /-/reload, and keeps the last good config when the new one is invalid', async () => {
    writePrometheusYml(`  - job_name: extra\n    static_configs:\n      - targets: ['${good.address}']\n`);
    const ok = await fetch(`${omni.baseUrl}/-/reload`, { method: 'POST' });
    assert.equal(ok.status, 200);
    const pools = new Set((await targets()).data.activeTargets.map((t) => t.scrapePool));
    assert.ok(pools.has('extra'));

    writeFileSync(promFile, 'scrape_configs:\n  - job_name: app\n    scrape_interval: banana\n');
    const bad = await fetch(`${omni.baseUrl}/-/reload`, { method: 'POST' });
    assert.equal(bad.status, 500);
    assert.match(await bad.text(), /^failed to reload config: .*banana/);
    const after = new Set((await targets()).data.activeTargets.map((t) => t.scrapePool));
    assert.deepEqual([...after].sort(), ['app', 'extra']);
    const metrics = await (await fetch(`${omni.baseUrl}/metrics`)).text();
    assert.match(metrics, /^prometheus_config_last_reload_successful 0$/m);
    writePrometheusYml();
    assert.equal((await fetch(`${omni.baseUrl}/-/reload`, { method: 'PUT' })).status, 200);
    assert.match(await (await fetch(`${omni.baseUrl}/metrics`)).text(), /^prometheus_config_last_reload_successful 1$/m);
  });
});

describe('prometheus.yml from the command line', () => {
  it('--prometheus.config starts scraping, SIGHUP reloads, and an invalid file stops start-up with exit 2', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'omniscope-scrape-cli-'));
    const target = await startTarget('cli_metric 1\n');
    const promFile = join(dir, 'prometheus.yml');
    writeFileSync(promFile, `global: { scrape_interval: 1s }\nscrape_configs:\n  - job_name: one\n    static_configs: [{ targets: ['${target.address}'] }]\n`);
    const proc = await startOmniscopeProcess(join(dir, 'data'), ['--prometheus.config', promFile, '--log-level', 'warn']);
    try {
      const base = `http://127.0.0.1:${proc.httpPort}`;
      const pools = async (): Promise<string[]> => (await getJson<TargetsAnswer>(`${base}/api/v1/targets`)).data.activeTargets.map((t) => t.scrapePool).sort();
      assert.deepEqual(await pools(), ['one']);
      writeFileSync(promFile, `global: { scrape_interval: 1s }\nscrape_configs:\n  - job_name: two\n    static_configs: [{ targets: ['${target.address}'] }]\n`);
      proc.proc.kill('SIGHUP');
      await waitFor('SIGHUP to apply the new file', 15_000, async () => ((await pools()).join() === 'two' ? true : undefined));
    } finally {
      await proc.stop();
    }
    writeFileSync(promFile, 'scrape_configs:\n  - job_name: x\n    kubernetes_sd_configs: [{ role: pod }]\n    scrape_timeout: 2m\n');
    await assert.rejects(startOmniscopeProcess(join(dir, 'data2'), ['--prometheus.config', promFile]), /exited with 2[\s\S]*scrape timeout/);
    target.server.close();
    rmSync(dir, { recursive: true, force: true });
  });
});
