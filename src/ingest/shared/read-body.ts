import type { IncomingMessage } from 'node:http';
import type { Readable } from 'node:stream';
import { createGunzip, createInflate, constants as zlibConstants } from 'node:zlib';
import type { Transform } from 'node:stream';
import { badInput, tooLarge, unsupportedMediaType } from '../../model/index.js';

export interface ReadBodyOptions {
  /** Limit on the bytes received on the wire and, separately, on the decompressed bytes. */
  readonly maxBytes: number;
  /** The Content-Encoding header value; `identity`, `gzip`, `deflate` or absent. */
  readonly contentEncoding: string | undefined;
  /** The Content-Length header, when given: rejects at once if it is over the limit. */
  readonly contentLength?: number | undefined;
}

function decompressorFor(encoding: string | undefined): Transform | null {
  const e = (encoding ?? '').trim().toLowerCase();
  if (e === '' || e === 'identity') return null;
  // Z_SYNC_FLUSH tolerates bodies that end without the final block; truncation is still caught
  // by the 'end' check below because a truncated gzip stream emits an error.
  if (e === 'gzip' || e === 'x-gzip') return createGunzip({ finishFlush: zlibConstants.Z_SYNC_FLUSH });
  if (e === 'deflate') return createInflate({ finishFlush: zlibConstants.Z_SYNC_FLUSH });
  throw unsupportedMediaType(`unsupported Content-Encoding "${encoding}": send identity, gzip or deflate`);
}

/**
 * Reads a request body into one buffer, enforcing `maxBytes` while the bytes arrive (never
 * after buffering everything): first on the compressed bytes, then on the decompressed ones,
 * so a small gzip bomb is stopped as soon as it inflates past the limit.
 *
 * Rejects with `too_large`, `unsupported_media_type` (unknown encoding) or `bad_input`
 * (corrupt compressed data). On a limit error the request stream is drained, not destroyed, so
 * the server can still answer 413 on the same connection.
 */
export function readBody(stream: Readable, options: ReadBodyOptions): Promise<Buffer> {
  const { maxBytes } = options;
  if (options.contentLength !== undefined && options.contentLength > maxBytes) {
    stream.resume();
    return Promise.reject(tooLarge(`request body of ${options.contentLength} bytes exceeds the limit of ${maxBytes} bytes`));
  }
  let decompressor: Transform | null;
  try {
    decompressor = decompressorFor(options.contentEncoding);
  } catch (e) {
    stream.resume();
    return Promise.reject(e);
  }

  return new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let wireBytes = 0;
    let bodyBytes = 0;
    let settled = false;

    const fail = (err: Error): void => {
      if (settled) return;
      settled = true;
      if (decompressor) {
        stream.unpipe(decompressor);
        decompressor.destroy();
      }
      stream.removeListener('data', countWire);
      stream.resume();
      reject(err);
    };

    const countWire = (chunk: Buffer): void => {
      wireBytes += chunk.length;
      if (wireBytes > maxBytes) fail(tooLarge(`request body exceeds the limit of ${maxBytes} bytes`));
    };

    const collect = (chunk: Buffer): void => {
      if (settled) return;
      bodyBytes += chunk.length;
      if (bodyBytes > maxBytes) {
        fail(tooLarge(`decompressed request body exceeds the limit of ${maxBytes} bytes`));
        return;
      }
      chunks.push(chunk);
    };

    const finish = (): void => {
      if (settled) return;
      settled = true;
      resolve(chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, bodyBytes));
    };

    stream.on('error', (e) => fail(badInput(`error while reading the request body: ${e.message}`, e)));
    stream.on('aborted', () => fail(badInput('the client aborted the request body')));
    if (decompressor) {
      stream.on('data', countWire);
      decompressor.on('data', collect);
      decompressor.on('end', finish);
      decompressor.on('error', (e) =>
        fail(badInput(`cannot decompress the request body (Content-Encoding ${options.contentEncoding}): ${e.message}`, e)),
      );
      stream.pipe(decompressor);
    } else {
      stream.on('data', collect);
      stream.on('end', finish);
    }
  });
}

/**
 * Reads an HTTP request's body with readBody, honouring its Content-Length header. `check`
 * validates the headers first; when it throws, the body is drained so that the error can still
 * be answered on this connection.
 */
export function readRequestBody(
  req: IncomingMessage,
  options: { readonly maxBytes: number; readonly contentEncoding: string | undefined; readonly check?: () => void },
): Promise<Buffer> {
  try {
    options.check?.();
  } catch (e) {
    req.resume();
    return Promise.reject(e);
  }
  const lengthHeader = req.headers['content-length'];
  return readBody(req, {
    maxBytes: options.maxBytes,
    contentEncoding: options.contentEncoding,
    contentLength: lengthHeader === undefined ? undefined : Number(lengthHeader),
  });
}
