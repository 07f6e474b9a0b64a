import type { FastifyPluginAsync } from 'fastify';

export interface SelfApiOptions {
  /** Renders Omniscope's own metrics in Prometheus text format. */
  readonly renderMetrics: () => string;
  /** True once storage is open and every listener is up; false while shutting down. */
  readonly isReady: () => boolean;
  readonly version: string;
  /** Re-reads the configuration files that support it (prometheus.yml); rejects with the reason. */
  readonly reload?: () => Promise<void>;
}

const LANDING = (version: string): string => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Omniscope</title>
<style>body{font:15px/1.5 system-ui,sans-serif;max-width:46rem;margin:3rem auto;padding:0 1rem;color:#1f2328}
code{background:#f3f4f6;padding:.1rem .3rem;border-radius:4px}h1{font-size:1.6rem}</style></head>
<body><h1>Omniscope ${version}</h1>
<p>Metrics, logs and traces in one process. Send OTLP to <code>:4317</code> (gRPC) or <code>:4318</code> (HTTP),
and read it back through the Prometheus, Loki, Tempo and Jaeger APIs on this port:</p>
<ul>
<li><code>/api/v1/series</code>, <code>/api/v1/labels</code>, <code>/api/v1/metadata</code> (Prometheus)</li>
<li><code>/loki/api/v1/query_range</code>, <code>/loki/api/v1/labels</code> (Loki)</li>
<li><code>/api/traces/&lt;traceID&gt;</code> (Tempo), <code>/jaeger/api/traces</code> (Jaeger)</li>
<li><code>/metrics</code>, <code>/-/healthy</code>, <code>/-/ready</code> (self-monitoring)</li>
</ul></body></html>
`;

/** Self-monitoring endpoints: `/metrics`, `/-/healthy`, `/-/ready`, and a landing page at `/`. */
export const selfApiPlugin: FastifyPluginAsync<SelfApiOptions> = async (app, opts) => {
  app.get('/metrics', async (_req, reply) =>
    reply.type('text/plain; version=0.0.4; charset=utf-8').send(opts.renderMetrics()),
  );
  app.get('/-/healthy', async (_req, reply) => reply.type('text/plain').send('Omniscope is Healthy.\n'));
  app.get('/-/ready', async (_req, reply) =>
    opts.isReady()
      ? reply.type('text/plain').send('Omniscope is Ready.\n')
      : reply.code(503).type('text/plain').send('Service Unavailable\n'),
  );
  // Prometheus's lifecycle endpoint: POST or PUT, 200 on success, 500 with the reason otherwise.
  const reload = opts.reload;
  if (reload !== undefined) app.route({
    method: ['POST', 'PUT'],
    url: '/-/reload',
    handler: async (_req, reply) => {
      try {
        await reload();
      } catch (e) {
        return reply.code(500).type('text/plain').send(`failed to reload config: ${(e as Error).message}\n`);
      }
      return reply.type('text/plain').send('');
    },
  });
  app.get('/', async (_req, reply) => reply.type('text/html; charset=utf-8').send(LANDING(opts.version)));
};
