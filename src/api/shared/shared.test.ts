import assert from 'node:assert/strict';
import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, it } from 'node:test';
import fastify from 'fastify';
import { abortOnDisconnect, parseDurationMs, parseRfc3339Nanos, readParam, readParams, registerFormBodyParser } from './index.js';

describe('parseRfc3339Nanos', () => {
  const cases: Array<[string, bigint | undefined]> = [
    ['1970-01-01T00:00:00Z', 0n],
    ['1970-01-01T00:00:01.5Z', 1_500_000_000n],
    ['1970-01-01T00:00:00.000000001Z', 1n],
    ['1970-01-01T00:00:00.1234567891Z', 123_456_789n],
    ['2024-01-01T12:00:00+02:00', BigInt(Date.UTC(2024, 0, 1, 10)) * 1_000_000n],
    ['2024-01-01t12:00:00-00:30z', undefined],
    ['2024-01-01T12:00:00-00:30', BigInt(Date.UTC(2024, 0, 1, 12, 30)) * 1_000_000n],
    ['1969-12-31T23:59:59.999Z', -1_000_000n],
    ['0001-01-01T00:00:00Z', -62_135_596_800n * 1_000_000_000n],
    ['2024-02-29T00:00:00Z', BigInt(Date.UTC(2024, 1, 29)) * 1_000_000n],
    ['2023-02-29T00:00:00Z', undefined],
    ['2024-13-01T00:00:00Z', undefined],
    ['2024-01-01T24:00:00Z', undefined],
    ['2024-01-01T00:00:60Z', undefined],
    ['2024-01-01 00:00:00Z', undefined],
    ['2024-01-01T00:00:00', undefined],
    ['1700000000', undefined],
    ['', undefined],
  ];
  for (const [text, expected] of cases) it(JSON.stringify(text), () => assert.equal(parseRfc3339Nanos(text), expected));
  it('years below 100 are not shifted to the 1900s', () => assert.equal(parseRfc3339Nanos('0050-01-01T00:00:00Z'), BigInt(-60589296000000) * 1_000_000n));
});

describe('parseDurationMs', () => {
  const cases: Array<[string, number | undefined]> = [
    ['0', 0],
    ['1h', 3_600_000],
    ['1h30m', 5_400_000],
    ['90s', 90_000],
    ['500ms', 500],
    ['2d', 172_800_000],
    ['1w', 604_800_000],
    ['1y', 31_536_000_000],
    ['1h1h', undefined],
    ['30m1h', undefined],
    ['-1h', undefined],
    ['1.5h', undefined],
    ['1 hour', undefined],
    ['', undefined],
    ['h', undefined],
  ];
  for (const [text, expected] of cases) it(JSON.stringify(text), () => assert.equal(parseDurationMs(text), expected));
});

describe('readParam/readParams and the form body parser', () => {
  it('reads body values before query values, repeated keys included', async () => {
    const app = fastify();
    await app.register(async (scope) => {
      registerFormBodyParser(scope);
      scope.route({
        method: ['GET', 'POST'],
        url: '/p',
        handler: async (request) => ({ all: readParams(request, 'match[]'), first: readParam(request, 'match[]'), none: readParam(request, 'x') ?? null }),
      });
    });
    const posted = await app.inject({
      method: 'POST',
      url: '/p?match[]=q1',
      payload: 'match[]=b1&match[]=b+2%7D',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    assert.deepEqual(posted.json(), { all: ['b1', 'b 2}', 'q1'], first: 'b1', none: null });
    const got = await app.inject({ method: 'GET', url: '/p?match[]=q1&match[]=q2' });
    assert.deepEqual(got.json(), { all: ['q1', 'q2'], first: 'q1', none: null });
    await app.close();
  });

  it('stays inside its plugin scope', async () => {
    const app = fastify();
    await app.register(async (scope) => registerFormBodyParser(scope));
    app.post('/outside', async () => 'ok');
    const res = await app.inject({ method: 'POST', url: '/outside', payload: 'a=1', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    assert.equal(res.statusCode, 415);
    await app.close();
  });
});

describe('abortOnDisconnect', () => {
  it('aborts when the client goes away, not when the response completes', async () => {
    const app = fastify();
    let started!: () => void;
    const whenStarted = new Promise<void>((resolve) => (started = resolve));
    const abortReasons: string[] = [];
    const whenAborted = new Promise<void>((resolve) => {
      app.get('/slow', async (_request, reply) => {
        const signal = abortOnDisconnect(reply);
        signal.addEventListener('abort', () => {
          abortReasons.push((signal.reason as Error).name);
          resolve();
        });
        started();
        await new Promise<void>((done) => signal.addEventListener('abort', () => done()));
        return 'never sent';
      });
    });
    const completed: boolean[] = [];
    const whenFastClosed = new Promise<void>((resolve) => {
      app.get('/fast', async (_request, reply) => {
        const signal = abortOnDisconnect(reply);
        reply.raw.once('close', () => {
          completed.push(signal.aborted);
          resolve();
        });
        return 'done';
      });
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = app.server.address() as AddressInfo;

    const fast = await fetch(`http://127.0.0.1:${port}/fast`);
    assert.equal(await fast.text(), 'done');
    await whenFastClosed;
    assert.deepEqual(completed, [false]);

    const req = httpRequest({ host: '127.0.0.1', port, path: '/slow' });
    req.on('error', () => undefined);
    req.end();
    await whenStarted;
    req.destroy();
    await whenAborted;
    assert.deepEqual(abortReasons, ['AbortError']);
    await app.close();
  });
});
