import type { FastifyPluginAsync } from 'fastify';

export interface SelfApiOptions {
  /** Renders Omniscope's own metrics in Prometheus text format. */
  readonly renderMetrics: () => string;
  /** True once storage is open and every listener is up; false while shutting down. */
  readonly isReady: () => boolean;
  /** Re-reads the configuration files that support it (prometheus.yml); rejects with the reason. */
  readonly reload?: () => Promise<void>;
  /** Moves every stored sample into the storage's compressed form now (Store.compact). */
  readonly compact?: () => Promise<{ readonly rows: number }>;
}

/**
 * Self-monitoring and lifecycle endpoints: `/metrics`, `/-/healthy`, `/-/ready`, `/-/reload` and
 * `/-/compact` (the web UI at `/` is api/ui).
 */
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
  // Omniscope's own: compaction runs by itself for closed hours; this forces it (docs/storage.md).
  const compact = opts.compact;
  if (compact !== undefined) app.post('/-/compact', async (_req, reply) => {
    const started = performance.now();
    try {
      const { rows } = await compact();
      return reply.send({ status: 'success', data: { rowsCompacted: rows, durationSeconds: (performance.now() - started) / 1000 } });
    } catch (e) {
      return reply.code(500).send({ status: 'error', errorType: 'internal', error: `compaction failed: ${(e as Error).message}` });
    }
  });
};
