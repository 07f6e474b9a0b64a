/**
 * A loopback HTTP relay that adds one header to every request and forwards it, body and
 * headers unchanged otherwise, answering with the upstream's status and body.
 *
 * Why: Debian's Prometheus 2.42.0+ds ignores the `headers:` of a remote_write section (its
 * requests carry only Host, User-Agent, Content-Length, Content-Encoding, Content-Type and
 * X-Prometheus-Remote-Write-Version, checked against a capturing server), so it cannot select an
 * Omniscope tenant with X-Scope-OrgID by itself. The relay adds the header on its behalf.
 */
import { createServer } from 'node:http';
import type { IncomingHttpHeaders } from 'node:http';

export interface HeaderRelay {
  /** http://127.0.0.1:port, to use in place of the upstream origin. */
  readonly baseUrl: string;
  /** Requests forwarded so far, and how many the upstream answered with a status >= 300. */
  readonly counts: { forwarded: number; failed: number };
  close(): Promise<void>;
}

const HOP_BY_HOP = new Set(['host', 'connection', 'keep-alive', 'transfer-encoding', 'content-length']);

function forwardedHeaders(headers: IncomingHttpHeaders, extra: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) {
    if (v !== undefined && !HOP_BY_HOP.has(k)) out[k] = Array.isArray(v) ? v.join(', ') : v;
  }
  return { ...out, ...extra };
}

/** Starts a relay to `upstreamOrigin` (e.g. http://127.0.0.1:9090) that adds `extraHeaders`. */
export async function startHeaderRelay(upstreamOrigin: string, extraHeaders: Record<string, string>): Promise<HeaderRelay> {
  const counts = { forwarded: 0, failed: 0 };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const init: RequestInit = { method: req.method ?? 'GET', headers: forwardedHeaders(req.headers, extraHeaders) };
      if (body.length > 0) init.body = body;
      fetch(`${upstreamOrigin}${req.url ?? '/'}`, init).then(
        async (up) => {
          counts.forwarded++;
          if (up.status >= 300) counts.failed++;
          const text = Buffer.from(await up.arrayBuffer());
          res.writeHead(up.status, { 'content-type': up.headers.get('content-type') ?? 'text/plain' });
          res.end(text);
        },
        (e: unknown) => {
          // The sender sees a 502 and retries, as it would if the upstream were down.
          counts.failed++;
          res.writeHead(502, { 'content-type': 'text/plain' });
          res.end(`relay: ${String(e)}`);
        },
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    counts,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
