/**
 * Decode throughput of a realistic OTLP/protobuf log export: 1000 records with 6 attributes,
 * trace context on most, mixed severities, under one Kubernetes-style resource.
 * Run: `node --import tsx src/ingest/otlp/logs/decode-logs.bench.ts` (prints records/s).
 */
import { ProtobufWriter } from '../../src/ingest/shared/protobuf-writer.js';
import { decodeLogsProto } from '../../src/ingest/otlp/logs/decode-logs-proto.js';

type W = ProtobufWriter;

function kvString(w: W, field: number, key: string, value: string): void {
  w.message(field, (kv) => kv.string(1, key).message(2, (v) => v.string(1, value)));
}

function idBytes(n: number, seed: number): Uint8Array {
  const b = new Uint8Array(n);
  for (let i = 0; i < n; i++) b[i] = (seed * 31 + i * 17 + 1) & 0xff;
  return b;
}

/** An ExportLogsServiceRequest of `records` records (see the file comment for its shape). */
export function buildLogsRequest(records: number): Uint8Array {
  const t0 = 1_700_000_000_000_000_000n;
  const severities = [9, 9, 9, 5, 13, 17];
  return new ProtobufWriter()
    .message(1, (rl) => {
      rl.message(1, (res) => {
        kvString(res, 1, 'service.name', 'checkout');
        kvString(res, 1, 'service.namespace', 'shop');
        kvString(res, 1, 'service.version', '1.42.0');
        kvString(res, 1, 'deployment.environment.name', 'production');
        kvString(res, 1, 'k8s.namespace.name', 'shop');
        kvString(res, 1, 'k8s.pod.name', 'checkout-7d9f8b6c5-x2x9z');
        kvString(res, 1, 'host.name', 'ip-10-0-12-34');
        kvString(res, 1, 'telemetry.sdk.language', 'nodejs');
      });
      rl.message(2, (sl) => {
        sl.message(1, (sc) => sc.string(1, 'pino').string(2, '9.0.0'));
        for (let i = 0; i < records; i++) {
          sl.message(2, (r) => {
            const sev = severities[i % severities.length] as number;
            r.fixed64(1, t0 + BigInt(i) * 1_000_000n).fixed64(11, t0 + BigInt(i) * 1_000_000n + 5000n);
            r.uint64(2, sev).string(3, sev >= 17 ? 'ERROR' : sev >= 13 ? 'WARN' : sev >= 9 ? 'INFO' : 'DEBUG');
            r.message(5, (b) => b.string(1, `order ${i} processed in ${(i * 7) % 300}ms for customer c-${i % 97}`));
            kvString(r, 6, 'http.route', '/api/orders/:id');
            kvString(r, 6, 'http.request.method', 'POST');
            r.message(6, (kv) => kv.string(1, 'http.response.status_code').message(2, (v) => v.int64(3, 200)));
            kvString(r, 6, 'order.id', `o-${i}`);
            kvString(r, 6, 'code.function', 'processOrder');
            r.message(6, (kv) => kv.string(1, 'duration_ms').message(2, (v) => v.double(4, (i * 7) % 300)));
            if (i % 5 !== 0) r.bytes(9, idBytes(16, i >> 2)).bytes(10, idBytes(8, i)).fixed32(8, 1);
          });
        }
      });
    })
    .finish();
}

const isMain = process.argv[1] !== undefined && import.meta.url.endsWith(process.argv[1].replace(/^.*\//, '/'));
if (isMain) {
  const RECORDS = 1000;
  const body = buildLogsRequest(RECORDS);
  process.stdout.write(`protobuf request: ${RECORDS} records, ${body.length} bytes\n`);
  for (let i = 0; i < 30; i++) decodeLogsProto(body, 'bench');
  let ops = 0;
  const start = process.hrtime.bigint();
  let elapsedNs = 0n;
  while (elapsedNs < 3_000_000_000n) {
    if (decodeLogsProto(body, 'bench').batch.length !== RECORDS) throw new Error('bad decode');
    ops++;
    elapsedNs = process.hrtime.bigint() - start;
  }
  const perSec = (ops * RECORDS) / (Number(elapsedNs) / 1e9);
  process.stdout.write(`decodeLogsProto: ${Math.round(perSec).toLocaleString('en-US')} records/s (${ops} requests)\n`);
}
