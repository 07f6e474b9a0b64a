import { z } from 'zod';
import { parseDurationMs } from './duration.js';
import { parseByteSize } from './byte-size.js';

/**
 * The schema of omniscope.yml. Every key and its default is documented in
 * docs/configuration.md; keep the two in step. Unknown keys are errors, so a typo never
 * silently falls back to a default.
 */
const duration = z.string().transform((s, ctx) => {
  try {
    return parseDurationMs(s);
  } catch (e) {
    ctx.addIssue({ code: 'custom', message: (e as Error).message });
    return z.NEVER;
  }
});

const byteSize = z.union([z.string(), z.number().int().nonnegative()]).transform((s, ctx) => {
  try {
    return parseByteSize(s);
  } catch (e) {
    ctx.addIssue({ code: 'custom', message: (e as Error).message });
    return z.NEVER;
  }
});

const port = z.number().int().min(0).max(65535);

export const configSchema = z
  .object({
    server: z
      .object({
        listen_address: z.string().default('0.0.0.0'),
        http_port: port.default(7070),
      })
      .strict()
      .prefault({}),
    otlp: z
      .object({
        grpc_port: port.default(4317),
        http_port: port.default(4318),
      })
      .strict()
      .prefault({}),
    storage: z
      .object({
        backend: z.enum(['duckdb', 'memory']).default('duckdb'),
        data_dir: z.string().default('./data'),
        retention: z
          .object({
            metrics: duration.prefault('15d'),
            logs: duration.prefault('15d'),
            traces: duration.prefault('15d'),
          })
          .strict()
          .prefault({}),
        retention_check_interval: duration.prefault('10m'),
        // false: an acknowledged metrics write is in the journal file (survives kill -9, as
        // Prometheus's WAL); true: also fdatasynced (survives power loss). docs/storage.md.
        fsync_metrics_journal: z.boolean().default(false),
        // Prometheus's out_of_order_time_window: how far behind the newest sample written a
        // sample older than its series' newest may arrive. Unset: anywhere within retention.
        metrics_out_of_order_window: duration.optional(),
        duckdb: z
          .object({
            threads: z.number().int().positive().optional(),
            // Bounded by default: DuckDB's own default (80% of RAM) lets its block cache grow with
            // every byte written, which on a server reads as a leak (docs/storage.md).
            memory_limit: z.string().default('300MB'),
            checkpoint_threshold: z.string().regex(/^\d+(\.\d+)?\s*(B|KB|MB|GB|KiB|MiB|GiB)$/i, 'expected a size like 256MB').default('256MB'),
            head_window: duration.prefault('2h'),
          })
          .strict()
          .prefault({}),
      })
      .strict()
      .superRefine((storage, ctx) => {
        if (storage.backend === 'duckdb' && storage.metrics_out_of_order_window !== undefined && storage.duckdb.head_window === 0) {
          ctx.addIssue({
            code: 'custom',
            path: ['metrics_out_of_order_window'],
            message: 'needs storage.duckdb.head_window above 0: late samples are judged against the newest samples kept there',
          });
        }
      })
      .prefault({}),
    limits: z
      .object({
        max_request_body_bytes: byteSize.prefault('32MiB'),
        // Loki push bodies alone; unset, they share max_request_body_bytes (resolved below).
        max_loki_push_body_bytes: byteSize.optional(),
        max_pending_write_rows: z.number().int().positive().default(2_000_000),
        // LogQL metric queries (Loki's limits_config keys of the same names).
        max_query_series: z.number().int().positive().default(500),
        query_timeout: duration.prefault('1m'),
      })
      .strict()
      .transform((l) => ({ ...l, max_loki_push_body_bytes: l.max_loki_push_body_bytes ?? l.max_request_body_bytes }))
      .prefault({}),
    promql: z
      .object({
        lookback_delta: duration.prefault('5m'),
        max_samples: z.number().int().positive().default(50_000_000),
        timeout: duration.prefault('2m'),
        max_concurrent_queries: z.number().int().positive().default(20),
        default_subquery_step: duration.prefault('1m'),
        compatibility: z.enum(['prometheus3', 'prometheus2']).default('prometheus3'),
      })
      .strict()
      .prefault({}),
    prometheus: z
      .object({
        config_file: z.string().default(''),
        // Threads decoding remote-write bodies (snappy + protobuf) off the main thread; 0 decodes on it.
        remote_write_decode_threads: z.number().int().min(0).max(16).default(1),
      })
      .strict()
      .prefault({}),
    tenancy: z
      .object({
        default_tenant: z.string().min(1).default('default'),
        tenant_header: z.string().min(1).default('X-Scope-OrgID'),
      })
      .strict()
      .prefault({}),
    log: z
      .object({
        level: z.enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent']).default('info'),
      })
      .strict()
      .prefault({}),
  })
  .strict();

/** The validated configuration, with defaults applied and units converted (ms, bytes). */
export type OmniscopeConfig = z.output<typeof configSchema>;
export type LogLevel = OmniscopeConfig['log']['level'];
