import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { gzipSync, deflateSync } from 'node:zlib';
import { readBody } from './read-body.js';
import { OmniscopeError } from '../../model/index.js';

function chunked(buf: Buffer, size = 1024): Readable {
  const parts: Buffer[] = [];
  for (let i = 0; i < buf.length; i += size) parts.push(buf.subarray(i, i + size));
  return Readable.from(parts);
}

async function kindOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof OmniscopeError);
    return e.kind;
  }
  return 'ok';
}

describe('readBody', () => {
  it('reads plain, gzip and deflate bodies', async () => {
    const data = Buffer.from('x'.repeat(50_000));
    assert.deepEqual(await readBody(chunked(data), { maxBytes: 100_000, contentEncoding: undefined }), data);
    assert.deepEqual(await readBody(chunked(gzipSync(data)), { maxBytes: 100_000, contentEncoding: 'gzip' }), data);
    assert.deepEqual(await readBody(chunked(deflateSync(data)), { maxBytes: 100_000, contentEncoding: 'deflate' }), data);
  });

  it('rejects a body over the limit', async () => {
    const data = Buffer.alloc(10_000);
    assert.equal(await kindOf(readBody(chunked(data), { maxBytes: 5_000, contentEncoding: undefined })), 'too_large');
  });

  it('rejects at once on a Content-Length over the limit', async () => {
    assert.equal(await kindOf(readBody(Readable.from([]), { maxBytes: 10, contentEncoding: undefined, contentLength: 11 })), 'too_large');
  });

  it('stops a gzip bomb when it inflates past the limit', async () => {
    const bomb = gzipSync(Buffer.alloc(50 * 1024 * 1024));
    assert.ok(bomb.length < 100_000);
    assert.equal(await kindOf(readBody(chunked(bomb), { maxBytes: 1024 * 1024, contentEncoding: 'gzip' })), 'too_large');
  });

  it('rejects corrupt gzip as bad input and unknown encodings as unsupported', async () => {
    assert.equal(await kindOf(readBody(chunked(Buffer.from('not gzip at all')), { maxBytes: 1000, contentEncoding: 'gzip' })), 'bad_input');
    assert.equal(await kindOf(readBody(chunked(Buffer.from('x')), { maxBytes: 1000, contentEncoding: 'br' })), 'unsupported_media_type');
  });
});
