/**
 * The three real processes of the scrape side-by-side suite and how they are wired:
 *
 *   node exporter <── scrape (job node) ── Omniscope ── scrape (job prometheus) ──> Prometheus /metrics
 *   node exporter <── scrape (job node) ── Prometheus 2.42 ── scrape (job prometheus, itself)
 *   Prometheus ── remote_write ──> relay (adds X-Scope-OrgID: remote) ──> Omniscope /api/v1/write
 *
 * What Omniscope scrapes lands in its default tenant, what Prometheus forwards in the tenant
 * `remote`, so the two never mix. Both scrape every second with the same job names, so the same
 * target has the same `{instance, job}` in both. The relay is there only because Debian's
 * Prometheus build does not send remote_write `headers` (see tenant-relay.ts).
 *
 * Ports: Omniscope's prometheus.yml names Prometheus's address and Prometheus's remote_write
 * names Omniscope's, so Prometheus's port is chosen first, Omniscope starts (its `prometheus`
 * target is down until Prometheus is up), then Prometheus starts on the chosen port.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../../helpers/free-port.js';
import { startOmniscopeProcess } from '../../helpers/omniscope-process.js';
import type { OmniscopeProcess } from '../../helpers/omniscope-process.js';
import { startPrometheus } from '../../helpers/prometheus-process.js';
import type { PrometheusProcess } from '../../helpers/prometheus-process.js';
import { startNodeExporter } from './node-exporter-process.js';
import type { NodeExporterProcess } from './node-exporter-process.js';
import type { ApiPeer } from './prometheus-api-client.js';
import { startHeaderRelay } from './tenant-relay.js';
import type { HeaderRelay } from './tenant-relay.js';

export const SCRAPE_INTERVAL_SEC = 1;
/** The tenant Prometheus's remote_write writes to in Omniscope. */
export const REMOTE_TENANT = 'remote';

export interface ScrapePeers {
  readonly nodeExporter: NodeExporterProcess;
  readonly omniscope: OmniscopeProcess;
  readonly prometheus: PrometheusProcess;
  /** Between Prometheus's remote_write and Omniscope; its counts show failed sends. */
  readonly relay: HeaderRelay;
  /** 127.0.0.1:port of Prometheus, its `instance` label in job prometheus. */
  readonly prometheusAddress: string;
  /** Wall clock just before Prometheus started: earlier than anything it scraped. */
  readonly prometheusStartMs: number;
  /** Prometheus's own API. */
  readonly prom: ApiPeer;
  /** Omniscope's API, default tenant: what Omniscope scraped itself. */
  readonly omni: ApiPeer;
  /** Omniscope's API, tenant `remote`: what Prometheus remote-wrote. */
  readonly omniRemote: ApiPeer;
  /** Output of all three processes, for failure messages. */
  output(): string;
  /** Stops every process that was started (by PID) and removes the temporary directory. */
  stop(): Promise<void>;
}

const scrapeJobs = (nodeAddress: string, prometheusAddress: string): string => `
  - job_name: node
    static_configs:
      - targets: ['${nodeAddress}']
  - job_name: prometheus
    static_configs:
      - targets: ['${prometheusAddress}']
`;

const globalSection = `global:
  scrape_interval: ${SCRAPE_INTERVAL_SEC}s
  scrape_timeout: ${SCRAPE_INTERVAL_SEC}s
  evaluation_interval: ${SCRAPE_INTERVAL_SEC}s
`;

/** Starts the node exporter, Omniscope and Prometheus; on any failure stops what was started and rethrows. */
export async function startScrapePeers(): Promise<ScrapePeers> {
  const dir = mkdtempSync(join(tmpdir(), 'omniscope-scrape-real-'));
  let nodeExporter: NodeExporterProcess | undefined;
  let omniscope: OmniscopeProcess | undefined;
  let prometheus: PrometheusProcess | undefined;
  let relay: HeaderRelay | undefined;
  const stop = async (): Promise<void> => {
    await prometheus?.stop();
    await relay?.close();
    await omniscope?.stop();
    await nodeExporter?.stop();
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    nodeExporter = await startNodeExporter();
    const prometheusPort = await freePort();
    const prometheusAddress = `127.0.0.1:${prometheusPort}`;

    const promYml = join(dir, 'prometheus.yml');
    writeFileSync(promYml, `${globalSection}scrape_configs:${scrapeJobs(nodeExporter.address, prometheusAddress)}`);
    const omniYml = join(dir, 'omniscope.yml');
    // prometheus2: range selectors closed on the left, as in Prometheus 2.42.
    writeFileSync(omniYml, 'promql:\n  compatibility: prometheus2\n');
    omniscope = await startOmniscopeProcess(join(dir, 'data'), ['--config', omniYml, '--prometheus.config', promYml, '--log-level', 'warn']);
    const omniBase = `http://127.0.0.1:${omniscope.httpPort}`;
    relay = await startHeaderRelay(omniBase, { 'X-Scope-OrgID': REMOTE_TENANT });

    const prometheusStartMs = Date.now();
    // One shard: samples are sent in WAL order, so the highest sent timestamp bounds what is
    // still queued (see the remote write part of scrape-side-by-side.test.ts).
    prometheus = await startPrometheus({
      port: prometheusPort,
      config: `${globalSection}scrape_configs:${scrapeJobs(nodeExporter.address, prometheusAddress)}
remote_write:
  - url: ${relay.baseUrl}/api/v1/write
    name: omniscope
    queue_config:
      batch_send_deadline: 1s
      min_shards: 1
      max_shards: 1
      min_backoff: 100ms
      max_backoff: 1s
    metadata_config:
      send_interval: 5s
`,
    });
    const peers = { nodeExporter, omniscope, prometheus, relay };
    return {
      ...peers,
      prometheusAddress,
      prometheusStartMs,
      prom: { name: 'Prometheus', baseUrl: prometheus.baseUrl },
      omni: { name: 'Omniscope', baseUrl: omniBase },
      omniRemote: { name: `Omniscope (tenant ${REMOTE_TENANT})`, baseUrl: omniBase, tenant: REMOTE_TENANT },
      output: () =>
        [`--- node exporter\n${peers.nodeExporter.output().slice(-3000)}`, `--- omniscope\n${peers.omniscope.output().slice(-5000)}`, `--- prometheus\n${peers.prometheus.output().slice(-5000)}`].join('\n'),
      stop,
    };
  } catch (e) {
    await stop();
    throw e;
  }
}
