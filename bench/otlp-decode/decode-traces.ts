/**
 * Decode throughput of a realistic OTLP/protobuf trace export: 1000 spans with 10 attributes,
 * one event every 4th span and one link every 10th, under one resource with 12 attributes.
 * Run: `node --import tsx src/ingest/otlp/traces/decode-traces.bench.ts [proto]` (prints spans/s;
 * `proto` skips the OTLP/JSON comparison).
 */
import type { SpanBatch } from '../../src/model/index.js';
import { attributesToOtlpJson } from '../../src/model/index.js';
import { ProtobufWriter } from '../../src/ingest/shared/protobuf-writer.js';
import { decodeTracesJson } from '../../src/ingest/otlp/traces/decode-traces-json.js';
import { decodeTracesProto } from '../../src/ingest/otlp/traces/decode-traces-proto.js';

type W = ProtobufWriter;

function kvString(w: W, field: number, key: string, value: string): void {
  w.message(field, (kv) => kv.string(1, key).message(2, (v) => v.string(1, value)));
}

function kvInt(w: W, field: number, key: string, value: number): void {
  w.message(field, (kv) => kv.string(1, key).message(2, (v) => v.int64(3, value)));
}

function idBytes(n: number, seed: number): Uint8Array {
  const b = new Uint8Array(n);
  for (let i = 0; i < n; i++) b[i] = (seed * 31 + i * 17 + 1) & 0xff;
  return b;
}

/** An ExportTraceServiceRequest of `spans` spans (see the file comment for its shape). */
export function buildTraceRequest(spans: number): Uint8Array {
  const t0 = 1_700_000_000_000_000_000n;
  return new ProtobufWriter()
    .message(1, (rs) => {
      rs.message(1, (res) => {
        kvString(res, 1, 'service.name', 'checkout');
        kvString(res, 1, 'service.namespace', 'shop');
        kvString(res, 1, 'service.version', '1.42.0');
        kvString(res, 1, 'service.instance.id', 'checkout-7d9f8b6c5-x2x9z');
        kvString(res, 1, 'deployment.environment.name', 'production');
        kvString(res, 1, 'host.name', 'ip-10-0-12-34');
        kvString(res, 1, 'k8s.namespace.name', 'shop');
        kvString(res, 1, 'k8s.pod.name', 'checkout-7d9f8b6c5-x2x9z');
        kvString(res, 1, 'telemetry.sdk.language', 'nodejs');
        kvString(res, 1, 'telemetry.sdk.name', 'opentelemetry');
        kvString(res, 1, 'telemetry.sdk.version', '2.12.1');
        kvInt(res, 1, 'process.pid', 4242);
      });
      rs.message(2, (ss) => {
        ss.message(1, (sc) => sc.string(1, '@opentelemetry/instrumentation-http').string(2, '0.223.1'));
        for (let i = 0; i < spans; i++) {
          ss.message(2, (s) => {
            s.bytes(1, idBytes(16, i >> 3)).bytes(2, idBytes(8, i)).bytes(4, idBytes(8, i + 1000));
            s.string(5, i % 2 === 0 ? 'GET /api/orders/:id' : 'SELECT orders');
            s.uint64(6, 2 + (i % 3));
            s.fixed64(7, t0 + BigInt(i) * 1_000_000n).fixed64(8, t0 + BigInt(i) * 1_000_000n + 734_123n);
            kvString(s, 9, 'http.request.method', 'GET');
            kvString(s, 9, 'url.path', `/api/orders/${i}`);
            kvString(s, 9, 'url.scheme', 'https');
            kvInt(s, 9, 'http.response.status_code', 200);
            kvString(s, 9, 'server.address', 'checkout.shop.svc.cluster.local');
            kvInt(s, 9, 'server.port', 8080);
            kvString(s, 9, 'network.protocol.version', '1.1');
            kvString(s, 9, 'user_agent.original', 'Mozilla/5.0 (X11; Linux x86_64)');
            kvString(s, 9, 'client.address', '10.0.3.17');
            s.message(9, (kv) => kv.string(1, 'db.rows').message(2, (v) => v.double(4, i * 0.5)));
            if (i % 4 === 0) {
              s.message(11, (e) => {
                e.fixed64(1, t0 + BigInt(i) * 1_000_000n + 1000n).string(2, 'exception');
                kvString(e, 3, 'exception.type', 'TimeoutError');
                kvString(e, 3, 'exception.message', 'upstream timed out after 30s');
              });
            }
            if (i % 10 === 0) s.message(13, (l) => l.bytes(1, idBytes(16, i + 7)).bytes(2, idBytes(8, i + 7)));
            s.message(15, (st) => st.uint64(3, i % 50 === 0 ? 2 : 0));
            s.fixed32(16, 0x301);
          });
        }
      });
    })
    .finish();
}

function measure(label: string, unit: string, perOp: number, fn: () => void): void {
  for (let i = 0; i < 30; i++) fn(); // warm-up
  let ops = 0;
  const start = process.hrtime.bigint();
  let elapsedNs = 0n;
  while (elapsedNs < 2_000_000_000n) {
    fn();
    ops++;
    elapsedNs = process.hrtime.bigint() - start;
  }
  const perSec = (ops * perOp) / (Number(elapsedNs) / 1e9);
  process.stdout.write(`${label}: ${Math.round(perSec).toLocaleString('en-US')} ${unit}/s (${ops} requests)\n`);
}

/** The same request as OTLP/JSON, rebuilt from a decoded batch, to compare the two decoders. */
function toOtlpJson(b: SpanBatch): string {
  const spans = b.traceId.map((traceId, i) => ({
    traceId,
    spanId: b.spanId[i],
    parentSpanId: b.parentSpanId[i],
    name: b.name[i],
    kind: b.kind[i],
    startTimeUnixNano: String(b.startTimeUnixNano[i]),
    endTimeUnixNano: String(b.endTimeUnixNano[i]),
    attributes: attributesToOtlpJson(b.attributes[i] ?? []),
    events: (b.events[i] ?? []).map((e) => ({ timeUnixNano: String(e.timeUnixNano), name: e.name, attributes: attributesToOtlpJson(e.attributes) })),
    links: (b.links[i] ?? []).map((l) => ({ traceId: l.traceId, spanId: l.spanId })),
    status: { code: b.statusCode[i] },
    flags: b.flags[i],
  }));
  const resource = { attributes: attributesToOtlpJson(b.resources[0]?.attributes ?? []) };
  return JSON.stringify({ resourceSpans: [{ resource, scopeSpans: [{ scope: { name: b.scopes[0]?.name }, spans }] }] });
}

const isMain = process.argv[1] !== undefined && import.meta.url.endsWith(process.argv[1].replace(/^.*\//, '/'));
if (isMain) {
  const SPANS = 1000;
  const body = buildTraceRequest(SPANS);
  const json = toOtlpJson(decodeTracesProto(body, 'bench').batch);
  process.stdout.write(`request: ${SPANS} spans, protobuf ${body.length} bytes, JSON ${json.length} bytes\n`);
  measure('decodeTracesProto', 'spans', SPANS, () => {
    if (decodeTracesProto(body, 'bench').batch.length !== SPANS) throw new Error('bad decode');
  });
  if (process.argv[2] !== 'proto') {
    measure('decodeTracesJson', 'spans', SPANS, () => {
      if (decodeTracesJson(json, 'bench').batch.length !== SPANS) throw new Error('bad decode');
    });
  }
}
