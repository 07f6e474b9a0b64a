import { readFile, stat } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { extname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyPluginAsync, FastifyReply } from 'fastify';

export interface UiOptions {
  /** The directory `vite build` wrote (index.html and assets/); found next to the code when omitted. */
  readonly uiDir?: string;
}

/** The UI's client-side routes; every one answers index.html, and the app reads the path. */
export const UI_CLIENT_ROUTES: readonly string[] = ['/', '/explore/metrics', '/explore/traces', '/explore/logs'];

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
  '.map': 'application/json',
  '.html': 'text/html; charset=utf-8',
};

const NOT_BUILT = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Omniscope</title>
<style>body{font:15px/1.5 system-ui,sans-serif;max-width:46rem;margin:3rem auto;padding:0 1rem}
code{background:#8882;padding:.1rem .3rem;border-radius:4px}</style></head>
<body><h1>Omniscope</h1>
<p>The web UI has not been built in this checkout. Run <code>npm run build</code> (or <code>npm install</code>,
which builds it), then reload this page.</p>
<p>Every API answers meanwhile: <code>/api/v1/query</code> (Prometheus), <code>/loki/api/v1/query_range</code> (Loki),
<code>/jaeger/api/traces</code> (Jaeger), <code>/metrics</code> (self-monitoring).</p>
</body></html>
`;

/**
 * Where the built UI is: `dist/ui` of the package, whether this file runs compiled
 * (dist/api/ui/) or from source through tsx (src/api/ui/).
 */
export function defaultUiDir(): string {
  const here = fileURLToPath(new URL('.', import.meta.url));
  const compiled = resolve(here, '../../ui');
  return existsSync(join(compiled, 'index.html')) ? compiled : resolve(here, '../../../dist/ui');
}

/**
 * Serves the web app built by `vite build`: index.html (never cached, so a new build is picked
 * up) for every client route, and the content-hashed files under /assets/ (cached for a year).
 * Without a build, the client routes answer a short page saying how to build it.
 */
export const uiPlugin: FastifyPluginAsync<UiOptions> = async (app, opts) => {
  const uiDir = opts.uiDir ?? defaultUiDir();
  const assetsDir = join(uiDir, 'assets');

  const sendIndex = async (reply: FastifyReply): Promise<FastifyReply> => {
    let html: Buffer;
    try {
      html = await readFile(join(uiDir, 'index.html'));
    } catch {
      return reply.type('text/html; charset=utf-8').header('cache-control', 'no-cache').send(NOT_BUILT);
    }
    return reply.type('text/html; charset=utf-8').header('cache-control', 'no-cache').send(html);
  };
  for (const route of UI_CLIENT_ROUTES) app.get(route, async (_req, reply) => sendIndex(reply));

  app.get('/favicon.svg', async (_req, reply) => {
    try {
      const body = await readFile(join(uiDir, 'favicon.svg'));
      return reply.type('image/svg+xml').header('cache-control', 'public, max-age=86400').send(body);
    } catch {
      return reply.code(404).type('text/plain').send('not found\n');
    }
  });

  app.get<{ Params: { '*': string } }>('/assets/*', async (req, reply) => {
    const file = resolve(assetsDir, req.params['*']);
    if (!file.startsWith(assetsDir + sep)) return reply.code(404).type('text/plain').send('not found\n');
    try {
      if (!(await stat(file)).isFile()) throw new Error('not a file');
      const body = await readFile(file);
      return reply
        .type(CONTENT_TYPES[extname(file)] ?? 'application/octet-stream')
        .header('cache-control', 'public, max-age=31536000, immutable')
        .send(body);
    } catch {
      return reply.code(404).type('text/plain').send('not found\n');
    }
  });
};
