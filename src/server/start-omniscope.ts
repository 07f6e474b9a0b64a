import Fastify, { LogController } from 'fastify';
import type { FastifyBaseLogger, FastifyInstance, FastifyRequest } from 'fastify';
import type { OmniscopeConfig } from '../config/index.js';
import { formatDurationMs } from '../config/index.js';
import { systemClock } from '../model/index.js';
import type { Store } from '../store/index.js';
import { OmniscopeMetrics } from '../self-monitoring/index.js';
import { otlpHttpPlugin, startOtlpGrpcServer } from '../ingest/otlp/index.js';
import type { ExportHandlerDeps, OtlpGrpcServer } from '../ingest/otlp/index.js';
import { RemoteWriteDecodePool, SeriesLabelCache, decodeOnThisThread, remoteWritePlugin } from '../ingest/remote-write/index.js';
import { lokiPushPlugin } from '../ingest/loki-push/index.js';
import { selfApiPlugin } from '../api/omniscope/index.js';
import { prometheusApiPlugin } from '../api/prometheus/index.js';
import { PromqlEngine } from '../query/promql/engine/index.js';
import { lokiApiPlugin } from '../api/loki/index.js';
import { tempoApiPlugin } from '../api/tempo/index.js';
import { jaegerApiPlugin } from '../api/jaeger/index.js';
import { uiPlugin } from '../api/ui/index.js';
import type { Logger } from './logger.js';
import { openConfiguredStore } from './open-store.js';
import { ScrapeService } from './scrape-service.js';
import { VERSION } from './version.js';

/** A running Omniscope: the ports it listens on, and a graceful stop. */
export interface RunningOmniscope {
  readonly httpPort: number;
  readonly otlpHttpPort: number | null;
  readonly otlpGrpcPort: number | null;
  readonly store: Store;
  /** Re-reads prometheus.yml (SIGHUP); rejects with the reason when the new file is invalid. */
  reload(): Promise<void>;
  /** Stops accepting requests, lets in-flight writes commit, closes storage. Idempotent. */
  close(): Promise<void>;
}

/** Thrown when a listener cannot start; the message says which port and what to do. */
export class ListenError extends Error {}

async function listen(app: FastifyInstance, host: string, port: number, what: string, flag: string): Promise<number> {
  try {
    await app.listen({ host, port });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') {
      throw new ListenError(`cannot listen on ${host}:${port} for ${what}: the port is in use. Stop the other process or choose another port with ${flag}.`);
    }
    if (code === 'EACCES') {
      throw new ListenError(`cannot listen on ${host}:${port} for ${what}: permission denied. Use a port above 1023 with ${flag}.`);
    }
    throw e;
  }
  const address = app.server.address();
  return typeof address === 'object' && address !== null ? address.port : port;
}

/**
 * The composition root: configuration in, a running process out. Opens storage, builds the
 * main HTTP app (every API and the self-monitoring endpoints), the OTLP/HTTP listener and the
 * OTLP/gRPC listener, and the retention timer. Nothing else in the code base knows which
 * backend or which surfaces are enabled.
 */
export async function startOmniscope(config: OmniscopeConfig, logger: Logger): Promise<RunningOmniscope> {
  const metrics = new OmniscopeMetrics(VERSION);
  const store = await openConfiguredStore(config, metrics.storeObserver(), (message) => logger.warn(message));
  let ready = false;
  const tenantHeader = config.tenancy.tenant_header.toLowerCase();
  const tenantOf = (req: FastifyRequest): string => {
    const v = req.headers[tenantHeader];
    const t = Array.isArray(v) ? v[0] : v;
    return t !== undefined && t !== '' ? t : config.tenancy.default_tenant;
  };
  const exportDeps: ExportHandlerDeps = {
    writers: {
      appendSpans: (b) => store.traces.appendSpans(b),
      appendMetrics: (b) => store.metrics.appendMetrics(b),
      appendLogs: (b) => store.logs.appendLogs(b),
    },
    metrics,
    retentionText: {
      metrics: formatDurationMs(config.storage.retention.metrics),
      logs: formatDurationMs(config.storage.retention.logs),
      traces: formatDurationMs(config.storage.retention.traces),
    },
    outOfOrderWindowText: formatDurationMs(config.storage.metrics_out_of_order_window ?? config.storage.retention.metrics),
  };
  const otlpOptions = { deps: exportDeps, maxBodyBytes: config.limits.max_request_body_bytes, tenantOf };

  const newApp = (): FastifyInstance => {
    const app = Fastify({
      loggerInstance: logger as FastifyBaseLogger,
      // Per-request logs would dwarf the data at ingest rates; latency goes to /metrics instead.
      logController: new LogController({ disableRequestLogging: true }),
      bodyLimit: config.limits.max_request_body_bytes,
    }) as unknown as FastifyInstance;
    app.addHook('onResponse', async (req, reply) => {
      const route = req.routeOptions.url ?? 'unmatched';
      metrics.requestDuration.labels(route, req.method, String(reply.statusCode)).observe(reply.elapsedTime / 1000);
    });
    return app;
  };

  const scrape =
    config.prometheus.config_file === ''
      ? null
      : new ScrapeService({
          configFile: config.prometheus.config_file,
          tenant: config.tenancy.default_tenant,
          append: (b) => store.metrics.appendMetrics(b),
          metrics,
          logger,
          userAgent: `Omniscope/${VERSION}`,
        });
  const reload = (): Promise<void> => (scrape === null ? Promise.resolve() : scrape.reload());
  const decodeThreads = config.prometheus.remote_write_decode_threads;
  const decodePool = decodeThreads > 0 ? new RemoteWriteDecodePool(decodeThreads, config.limits.max_request_body_bytes) : null;
  const remoteWriteDecode =
    decodePool !== null
      ? (body: Uint8Array, tenant: string) => decodePool.decode(body, tenant)
      : decodeOnThisThread(config.limits.max_request_body_bytes, new SeriesLabelCache());
  const main = newApp();
  await main.register(selfApiPlugin, { renderMetrics: () => metrics.registry.render(), isReady: () => ready, reload, compact: () => store.compact() });
  await main.register(otlpHttpPlugin, otlpOptions);
  await main.register(remoteWritePlugin, {
    deps: {
      appendMetrics: (b) => store.metrics.appendMetrics(b),
      metrics,
      retentionText: exportDeps.retentionText.metrics,
      outOfOrderWindowText: exportDeps.outOfOrderWindowText,
      decode: remoteWriteDecode,
    },
    maxBodyBytes: config.limits.max_request_body_bytes,
    tenantOf,
  });
  await main.register(lokiPushPlugin, {
    deps: {
      appendLogs: (b) => store.logs.appendLogs(b),
      metrics,
      clock: systemClock,
      retentionMs: config.storage.retention.logs,
      retentionText: exportDeps.retentionText.logs,
      maxDecodedBytes: config.limits.max_loki_push_body_bytes,
    },
    maxBodyBytes: config.limits.max_loki_push_body_bytes,
    tenantOf,
  });
  const promql = new PromqlEngine({
    reader: store.metrics,
    lookbackDeltaMs: config.promql.lookback_delta,
    maxSamples: config.promql.max_samples,
    timeoutMs: config.promql.timeout,
    maxConcurrentQueries: config.promql.max_concurrent_queries,
    defaultSubqueryStepMs: config.promql.default_subquery_step,
    compatibility: config.promql.compatibility,
  });
  await main.register(prometheusApiPlugin, { metrics: store.metrics, engine: promql, tenantOf, ...(scrape === null ? {} : { targets: scrape.manager }) });
  await main.register(lokiApiPlugin, { logs: store.logs, tenantOf, maxQuerySeries: config.limits.max_query_series, queryTimeoutMs: config.limits.query_timeout });
  await main.register(tempoApiPlugin, { traces: store.traces, tenantOf });
  await main.register(jaegerApiPlugin, { prefix: '/jaeger', traces: store.traces, tenantOf });
  await main.register(uiPlugin, {});

  const host = config.server.listen_address;
  let otlpHttp: FastifyInstance | null = null;
  let grpc: OtlpGrpcServer | null = null;
  const retentionTimer = setInterval(() => {
    store.enforceRetention().then(
      (dropped) => dropped > 0 && logger.info({ dropped }, 'retention: dropped partitions older than the retention window'),
      (err: unknown) => logger.error({ err }, 'retention: enforcing failed; will retry at the next interval'),
    );
  }, config.storage.retention_check_interval);
  retentionTimer.unref();

  let closing: Promise<void> | null = null;
  const close = (): Promise<void> => {
    closing ??= (async () => {
      ready = false;
      clearInterval(retentionTimer);
      await scrape?.stop();
      await Promise.allSettled([main.close(), otlpHttp?.close(), grpc?.close()]);
      await decodePool?.close();
      await store.close();
      metrics.close();
    })();
    return closing;
  };

  try {
    const httpPort = await listen(main, host, config.server.http_port, 'the main HTTP port', '--http-port');
    let otlpHttpPort: number | null = null;
    if (config.otlp.http_port !== 0) {
      otlpHttp = newApp();
      await otlpHttp.register(selfApiPlugin, { renderMetrics: () => metrics.registry.render(), isReady: () => ready });
      await otlpHttp.register(otlpHttpPlugin, otlpOptions);
      otlpHttpPort = await listen(otlpHttp, host, config.otlp.http_port, 'OTLP/HTTP', '--otlp-http-port');
    }
    let otlpGrpcPort: number | null = null;
    if (config.otlp.grpc_port !== 0) {
      try {
        grpc = await startOtlpGrpcServer({
          deps: exportDeps,
          host,
          port: config.otlp.grpc_port,
          maxBodyBytes: config.limits.max_request_body_bytes,
          tenantHeader: config.tenancy.tenant_header,
          defaultTenant: config.tenancy.default_tenant,
          onError: (err) => logger.error({ err }, 'OTLP/gRPC export failed'),
        });
      } catch (e) {
        throw new ListenError(`cannot listen on ${host}:${config.otlp.grpc_port} for OTLP/gRPC: ${(e as Error).message}. Choose another port with --otlp-grpc-port (0 disables it).`);
      }
      otlpGrpcPort = grpc.port;
    }
    // After the listeners: a prometheus.yml may well scrape Omniscope's own /metrics.
    await scrape?.start();
    ready = true;
    logger.info({ httpPort, otlpHttpPort, otlpGrpcPort, dataDir: config.storage.data_dir, backend: config.storage.backend, version: VERSION }, 'Omniscope is ready');
    return { httpPort, otlpHttpPort, otlpGrpcPort, store, reload, close };
  } catch (e) {
    await close();
    throw e;
  }
}
