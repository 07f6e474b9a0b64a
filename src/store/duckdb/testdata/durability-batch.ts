/** What the durability test's child writes per batch, shared by the child and the test. */
import { LogBatchBuilder, MetricBatchBuilder, SpanBatchBuilder } from '../../../model/index.js';
import type { Store } from '../../contract.js';

export const SAMPLES_PER_BATCH = 500;
export const DAY_MS = 86_400_000;

/** Trace id of batch n (shared with the parent). */
export function batchTraceId(n: number): string {
  return `d${n.toString(16).padStart(31, '0')}`;
}

/** Writes batch n (metrics, a log line, a span) and prints `ACK <n>` once all are durable. */
export async function writeBatch(store: Store, n: number, baseMs: number): Promise<void> {
  const m = new MetricBatchBuilder('durable');
  const s = m.series([
    { name: '__name__', value: 'durable' },
    { name: 'batch', value: String(n) },
  ]);
  for (let i = 0; i < SAMPLES_PER_BATCH; i++) m.sample(s, baseMs + i, n);
  const l = new LogBatchBuilder('durable');
  l.record(l.stream([{ name: 'app', value: 'durable' }]), { timeUnixNano: BigInt(baseMs) * 1_000_000n + BigInt(n), line: `batch ${n}` });
  const t = new SpanBatchBuilder('durable');
  const r = t.resource({ attributes: [], droppedAttributesCount: 0, schemaUrl: '', serviceName: 'durable' });
  const sc = t.scope({ name: '', version: '', attributes: [], droppedAttributesCount: 0, schemaUrl: '' });
  const start = BigInt(baseMs) * 1_000_000n;
  t.span({
    resourceIndex: r,
    scopeIndex: sc,
    traceId: batchTraceId(n),
    spanId: '00000000000000aa',
    parentSpanId: '',
    traceState: '',
    name: `batch ${n}`,
    kind: 1,
    startTimeUnixNano: start,
    endTimeUnixNano: start + 1000n,
    statusCode: 0,
    statusMessage: '',
    attributes: [],
    events: [],
    links: [],
    flags: 0,
    droppedAttributesCount: 0,
    droppedEventsCount: 0,
    droppedLinksCount: 0,
  });
  await Promise.all([store.metrics.appendMetrics(m.build()), store.logs.appendLogs(l.build()), store.traces.appendSpans(t.build())]);
  process.stdout.write(`ACK ${n}\n`);
}
