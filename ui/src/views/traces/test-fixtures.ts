/** A small Jaeger trace for the unit tests: frontend GET /checkout -> backend pay (error) -> backend db; and a cache span. */
import type { JaegerSpan, JaegerTrace } from './jaeger-types';

const T = 'aaaa0000aaaa0000aaaa0000aaaa0000';

function span(id: string, name: string, parent: string | null, start: number, duration: number, processID: string, tags: JaegerSpan['tags'] = []): JaegerSpan {
  return {
    traceID: T,
    spanID: id,
    operationName: name,
    references: parent === null ? [] : [{ refType: 'CHILD_OF', traceID: T, spanID: parent }],
    startTime: 1_700_000_000_000_000 + start,
    duration,
    tags,
    logs: [],
    processID,
  };
}

export const SAMPLE_TRACE: JaegerTrace = {
  traceID: T,
  processes: {
    p1: { serviceName: 'frontend', tags: [{ key: 'host.name', type: 'string', value: 'web-1' }] },
    p2: { serviceName: 'backend', tags: [] },
  },
  spans: [
    span('d', 'SELECT orders', 'b', 300, 100, 'p2', [{ key: 'db.system', type: 'string', value: 'postgresql' }]),
    span('b', 'pay', 'a', 200, 500, 'p2', [{ key: 'error', type: 'bool', value: true }]),
    span('a', 'GET /checkout', null, 0, 1000, 'p1', [{ key: 'http.method', type: 'string', value: 'GET' }]),
    span('c', 'cache get', 'a', 100, 50, 'p1', [{ key: 'otel.status_code', type: 'string', value: 'ERROR' }]),
  ],
};
