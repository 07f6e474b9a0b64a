import type { FastifyReply } from 'fastify';

/**
 * An AbortSignal that fires when the client goes away before the response is complete, for
 * passing to store reads so abandoned queries stop.
 *
 * It listens to the response's 'close' event rather than the request's: since Node 16 the
 * request emits 'close' as soon as its body has been read, while the response emits it when
 * the response is done or the connection dropped; `writableFinished` tells the two apart. The
 * abort reason is a DOMException named "AbortError" (`toOmniscopeError` maps it to canceled).
 */
export function abortOnDisconnect(reply: FastifyReply): AbortSignal {
  const controller = new AbortController();
  const res = reply.raw;
  if (res.writableFinished) return controller.signal;
  res.once('close', () => {
    if (!res.writableFinished) controller.abort(new DOMException('the client closed the connection', 'AbortError'));
  });
  return controller.signal;
}
