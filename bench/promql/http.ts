/**
 * Plain node:http with a keep-alive agent: it costs the client less per request than fetch,
 * leaving more of a 2-core machine to the servers being measured. No Accept-Encoding is
 * sent, so both servers answer uncompressed JSON.
 */
import { Agent, request } from 'node:http';
import { REMOTE_WRITE_HEADERS } from '../../test/helpers/remote-write-client.js';

const agent = new Agent({ keepAlive: true, maxSockets: 8 });

export interface HttpResult {
  readonly status: number;
  readonly body: string;
  readonly headers: Record<string, string | string[] | undefined>;
}

function send(url: string, method: 'GET' | 'POST', body?: Uint8Array, headers: Record<string, string | number> = {}): Promise<HttpResult> {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    const req = request({ agent, host: u.hostname, port: u.port, path: u.pathname + u.search, method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), headers: res.headers }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

export function httpGet(url: string): Promise<HttpResult> {
  return send(url, 'GET');
}

/** POSTs a snappy-compressed remote write body with the headers Prometheus sends. */
export function postRemoteWrite(url: string, body: Uint8Array): Promise<HttpResult> {
  return send(url, 'POST', body, { ...REMOTE_WRITE_HEADERS, 'Content-Length': body.length });
}

export function closeHttp(): void {
  agent.destroy();
}
