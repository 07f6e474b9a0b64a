import { request as httpRequest } from 'node:http';
import type { IncomingMessage, RequestOptions } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { createGunzip } from 'node:zlib';
import type { Gunzip } from 'node:zlib';

/** One target's HTTP settings, resolved from its scrape config (secrets already read from files). */
export interface ScrapeRequest {
  readonly url: URL;
  readonly timeoutMs: number;
  /** Uncompressed body limit in bytes; 0 for none. */
  readonly bodySizeLimitBytes: number;
  readonly acceptHeader: string;
  readonly enableCompression: boolean;
  /** Follow up to 10 redirects (Prometheus's default); otherwise a 3xx fails the scrape. */
  readonly followRedirects: boolean;
  readonly userAgent: string;
  /** Extra headers: Authorization from basic_auth or authorization. */
  readonly headers: Readonly<Record<string, string>>;
  /** TLS options for https targets (ca, cert, key, servername, rejectUnauthorized). */
  readonly tls: Readonly<Pick<RequestOptions & { ca?: string; cert?: string; key?: string; servername?: string; rejectUnauthorized?: boolean }, 'ca' | 'cert' | 'key' | 'servername' | 'rejectUnauthorized'>>;
}

export interface ScrapeResponse {
  readonly contentType: string | undefined;
  readonly body: string;
  /** Uncompressed body bytes. */
  readonly bytes: number;
}

/** A failed scrape; `message` is what the targets API shows as `lastError`. */
export class ScrapeError extends Error {}

/**
 * GETs a target's metrics within its timeout, reading at most the body size limit (after
 * decompression), and decodes it as UTF-8. Errors are worded like Prometheus's so that people
 * who know them recognise them: `server returned HTTP status 500 Internal Server Error`,
 * `context deadline exceeded`, `body size limit exceeded`.
 */
export async function fetchScrape(req: ScrapeRequest, signal?: AbortSignal): Promise<ScrapeResponse> {
  const deadline = Date.now() + req.timeoutMs;
  let url = req.url;
  for (let redirects = 0; ; redirects++) {
    const result = await fetchOnce({ ...req, url, timeoutMs: Math.max(1, deadline - Date.now()) }, signal);
    if (!('location' in result)) return result;
    if (!req.followRedirects) throw new ScrapeError(`server returned HTTP status ${result.status} (a redirect; follow_redirects is false)`);
    if (redirects >= MAX_REDIRECTS) throw new ScrapeError(`Get "${req.url.href}": stopped after ${MAX_REDIRECTS} redirects`);
    // Go's client keeps the Authorization header only while the host stays the same.
    const next = new URL(result.location, url);
    if (next.host !== req.url.host) req = { ...req, headers: withoutAuthorization(req.headers) };
    url = next;
  }
}

const MAX_REDIRECTS = 10;

function withoutAuthorization(headers: Readonly<Record<string, string>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) if (k.toLowerCase() !== 'authorization') out[k] = v;
  return out;
}

interface Redirect {
  readonly status: number;
  readonly location: string;
}

function fetchOnce(req: ScrapeRequest, signal?: AbortSignal): Promise<ScrapeResponse | Redirect> {
  return new Promise<ScrapeResponse | Redirect>((resolve, reject) => {
    let settled = false;
    const finish = (err: Error | null, res?: ScrapeResponse | Redirect): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      if (err !== null) {
        outgoing.destroy();
        reject(err);
      } else resolve(res as ScrapeResponse | Redirect);
    };
    const timer = setTimeout(() => finish(new ScrapeError(`Get "${req.url.href}": context deadline exceeded`)), req.timeoutMs);
    const onAbort = (): void => finish(new ScrapeError('scrape canceled: the target was stopped'));
    signal?.addEventListener('abort', onAbort);

    const headers: Record<string, string> = {
      accept: req.acceptHeader,
      'user-agent': req.userAgent,
      'x-prometheus-scrape-timeout-seconds': String(req.timeoutMs / 1000),
      ...req.headers,
    };
    if (req.enableCompression) headers['accept-encoding'] = 'gzip';
    const https = req.url.protocol === 'https:';
    const options: RequestOptions = { method: 'GET', headers, ...(https ? req.tls : {}) };
    const outgoing = (https ? httpsRequest : httpRequest)(req.url, options, (res) => {
      const status = res.statusCode ?? 0;
      const location = res.headers.location;
      if (status >= 300 && status < 400 && location !== undefined) {
        res.resume();
        finish(null, { status, location });
        return;
      }
      if (status !== 200) {
        res.resume();
        finish(new ScrapeError(`server returned HTTP status ${status} ${res.statusMessage ?? ''}`.trimEnd()));
        return;
      }
      readLimited(res, req.bodySizeLimitBytes).then(
        ({ body, bytes }) => finish(null, { contentType: res.headers['content-type'], body, bytes }),
        (e: unknown) => finish(e instanceof Error ? e : new ScrapeError(String(e))),
      );
    });
    outgoing.on('error', (e) => finish(new ScrapeError(`Get "${req.url.href}": ${e.message}`)));
    outgoing.end();
  });
}

/** Reads a response body, gunzipping when the target compressed it, up to `limit` bytes (0: none). */
function readLimited(res: IncomingMessage, limit: number): Promise<{ body: string; bytes: number }> {
  return new Promise((resolve, reject) => {
    const encoding = (res.headers['content-encoding'] ?? '').toLowerCase();
    let source: IncomingMessage | Gunzip = res;
    if (encoding === 'gzip') {
      const gunzip = createGunzip();
      res.pipe(gunzip);
      source = gunzip;
    } else if (encoding !== '' && encoding !== 'identity') {
      res.resume();
      reject(new ScrapeError(`unsupported Content-Encoding "${encoding}" in the target's response`));
      return;
    }
    const chunks: Buffer[] = [];
    let bytes = 0;
    let done = false;
    source.on('data', (chunk: Buffer) => {
      if (done) return;
      bytes += chunk.length;
      if (limit > 0 && bytes > limit) {
        done = true;
        res.destroy();
        reject(new ScrapeError(`body size limit exceeded: the response is over ${limit} bytes (body_size_limit)`));
        return;
      }
      chunks.push(chunk);
    });
    source.on('error', (e: Error) => {
      if (done) return;
      done = true;
      reject(new ScrapeError(encoding === 'gzip' ? `invalid gzip in the target's response: ${e.message}` : e.message));
    });
    source.on('end', () => {
      if (done) return;
      done = true;
      resolve({ body: Buffer.concat(chunks, bytes).toString('utf8'), bytes });
    });
    res.on('aborted', () => {
      if (done) return;
      done = true;
      reject(new ScrapeError('the target closed the connection before the body was complete'));
    });
  });
}
