import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { StoreObserver } from '../store/index.js';
import { MetricsRegistry } from './registry.js';
import type { Counter, Gauge, Histogram } from './registry.js';

export type SignalName = 'metrics' | 'logs' | 'traces';

/**
 * The named metrics Omniscope exports about itself. Constructed once by the server and
 * handed to the parts that record into them.
 */
export class OmniscopeMetrics {
  readonly registry = new MetricsRegistry();
  /** Records accepted into storage, by signal and protocol. */
  readonly receivedRecords: Counter;
  /** Records refused, by signal, protocol and reason (too_old, invalid, limit, malformed, overload, ...). */
  readonly rejectedRecords: Counter;
  readonly requestDuration: Histogram;
  readonly flushDuration: Histogram;
  readonly flushRows: Histogram;
  /** Scrapes by job and outcome (success, failure). */
  readonly scrapes: Counter;
  /** Prometheus's names, so alerts written for Prometheus (e.g. PrometheusBadConfig) keep working. */
  readonly configReloadSuccessful: Gauge;
  readonly configReloadSuccessTime: Gauge;
  private readonly loopDelay = monitorEventLoopDelay({ resolution: 20 });

  constructor(version: string) {
    const r = this.registry;
    this.receivedRecords = r.counter(
      'omniscope_ingest_records_received_total',
      'Records (spans, metric samples, log records) accepted and stored.',
      ['signal', 'protocol'],
    );
    this.rejectedRecords = r.counter(
      'omniscope_ingest_records_rejected_total',
      'Records refused, by reason.',
      ['signal', 'protocol', 'reason'],
    );
    this.requestDuration = r.histogram(
      'omniscope_http_request_duration_seconds',
      'Latency of HTTP and gRPC requests, by route (gRPC: method path), method (gRPC: grpc) and status code.',
      ['route', 'method', 'code'],
      [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    );
    this.flushDuration = r.histogram(
      'omniscope_store_flush_duration_seconds',
      'Time to write and durably commit one group of batches.',
      ['signal'],
      [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    );
    this.flushRows = r.histogram(
      'omniscope_store_flush_rows',
      'Rows written per durable commit.',
      ['signal'],
      [10, 100, 1000, 10_000, 50_000, 100_000, 500_000],
    );
    this.scrapes = r.counter('omniscope_scrapes_total', 'Scrapes of prometheus.yml targets, by job and outcome.', ['job', 'outcome']);
    this.configReloadSuccessful = r.gauge('prometheus_config_last_reload_successful', 'Whether the last load or reload of prometheus.yml succeeded.', []);
    this.configReloadSuccessTime = r.gauge('prometheus_config_last_reload_success_timestamp_seconds', 'When prometheus.yml was last loaded successfully.', []);
    r.gauge('omniscope_build_info', 'Build information; always 1.', ['version']).labels(version).set(1);
    const startSeconds = Math.floor(Date.now() / 1000);
    r.gauge('process_start_time_seconds', 'Start time of the process since the Unix epoch in seconds.', [], () => startSeconds);
    r.gauge('process_resident_memory_bytes', 'Resident memory size in bytes.', [], () => process.memoryUsage.rss());
    r.gauge('nodejs_heap_used_bytes', 'V8 heap in use, in bytes.', [], () => process.memoryUsage().heapUsed);
    r.gauge('nodejs_heap_size_total_bytes', 'V8 heap reserved (young and old generations), in bytes.', [], () => process.memoryUsage().heapTotal);
    // Buffers and typed arrays live outside the V8 heap: the head's sample arrays are counted here.
    r.gauge('nodejs_external_memory_bytes', 'Memory outside the V8 heap held by JS objects (buffers, typed arrays), in bytes.', [], () => process.memoryUsage().external);
    this.loopDelay.enable();
    r.gauge('nodejs_eventloop_delay_p99_seconds', 'Event loop delay, 99th percentile since the last scrape.', [], () => {
      const v = this.loopDelay.percentile(99) / 1e9;
      this.loopDelay.reset();
      return v;
    });
  }

  /** A StoreObserver that records flushes into this registry. */
  storeObserver(): StoreObserver {
    return {
      onFlush: (signal, rows, durationMs) => {
        this.flushDuration.labels(signal).observe(durationMs / 1000);
        this.flushRows.labels(signal).observe(rows);
      },
    };
  }

  close(): void {
    this.loopDelay.disable();
  }
}
