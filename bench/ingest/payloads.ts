/**
 * OTLP protobuf request builders for the load generator: realistic shapes (resource with
 * service attributes, ~10 span attributes, log records with trace context, gauge/counter
 * points over a fixed set of series).
 *
 * Building a request costs more CPU than Omniscope spends ingesting it, so the generator builds
 * each shape once as a template with 8-byte markers in it (the high half of every trace id, the
 * timestamp of every metric point) and `patchMarker` stamps a fresh value into a copy per
 * request: ids stay unique and metric timestamps advance, at the cost of one memory scan.
 */
import { ProtobufWriter } from '../../src/ingest/shared/protobuf-writer.js';

type W = ProtobufWriter;

const kvString = (w: W, field: number, key: string, value: string): void => {
  w.message(field, (kv) => kv.string(1, key).message(2, (v) => v.string(1, value)));
};
const kvInt = (w: W, field: number, key: string, value: number): void => {
  w.message(field, (kv) => kv.string(1, key).message(2, (v) => v.int64(3, value)));
};
const kvDouble = (w: W, field: number, key: string, value: number): void => {
  w.message(field, (kv) => kv.string(1, key).message(2, (v) => v.double(4, value)));
};

function resource(w: W, service: string, instance: number): void {
  w.message(1, (r) => {
    kvString(r, 1, 'service.name', service);
    kvString(r, 1, 'service.namespace', 'bench');
    kvString(r, 1, 'service.instance.id', `instance-${instance}`);
    kvString(r, 1, 'deployment.environment', 'load');
  });
}

/** Stands in the template for the high 8 bytes of trace ids; not otherwise present in payloads. */
export const ID_MARKER = Uint8Array.from([0xa5, 0x5a, 0xc3, 0x3c, 0x96, 0x69, 0xf0, 0x0f]);
/** Stands in the template for metric point timestamps (as a little-endian fixed64). */
export const TIME_MARKER_NS = 0x0ff069963cc35aa5n;

/** A copy of `template` with every occurrence of `marker` replaced by `value` (same length). */
export function patchMarker(template: Buffer, marker: Uint8Array, value: Uint8Array): Buffer {
  const out = Buffer.from(template);
  for (let at = out.indexOf(marker); at !== -1; at = out.indexOf(marker, at + marker.length)) out.set(value, at);
  return out;
}

export function u64Bytes(v: bigint, littleEndian: boolean): Uint8Array {
  const b = Buffer.alloc(8);
  if (littleEndian) b.writeBigUInt64LE(BigInt.asUintN(64, v));
  else b.writeBigUInt64BE(BigInt.asUintN(64, v));
  return b;
}

/** A trace id: the marker, then `low` (big-endian), so a patched marker makes it unique. */
function markedTraceId(low: bigint): Uint8Array {
  const out = new Uint8Array(16);
  out.set(ID_MARKER, 0);
  out.set(u64Bytes(low, false), 8);
  return out;
}

function idBytes(n: bigint, bytes: number): Uint8Array {
  const out = new Uint8Array(bytes);
  let v = n;
  for (let i = bytes - 1; i >= 0; i--) {
    out[i] = Number(v & 0xffn);
    v >>= 8n;
  }
  out[0] = (out[0] as number) | 0x80; // never all-zero
  return out;
}

const ROUTES = ['/api/cart', '/api/pay', '/api/login', '/api/search', '/api/items/{id}'];

/** ExportTraceServiceRequest with `spans` spans in traces of 8 spans each. */
export function traceRequest(seq: number, spans: number, nowNs: bigint, worker: number): Uint8Array {
  const w = new ProtobufWriter();
  w.message(1, (rs) => {
    resource(rs, `checkout-${worker % 4}`, worker);
    rs.message(2, (ss) => {
      ss.message(1, (scope) => scope.string(1, '@bench/tracer').string(2, '1.0.0'));
      for (let i = 0; i < spans; i++) {
        const traceNo = BigInt(seq) * 1_000_000n + BigInt(worker) * 100_000n + BigInt(Math.floor(i / 8));
        const start = nowNs + BigInt(i) * 1000n;
        ss.message(2, (s) => {
          s.bytes(1, markedTraceId(traceNo));
          s.bytes(2, idBytes(traceNo * 16n + BigInt(i % 8), 8));
          if (i % 8 !== 0) s.bytes(4, idBytes(traceNo * 16n, 8));
          s.string(5, i % 8 === 0 ? `GET ${ROUTES[i % 5]}` : `db.query ${i % 8}`);
          s.uint64(6, i % 8 === 0 ? 2 : 3);
          s.fixed64(7, start);
          s.fixed64(8, start + BigInt(50_000 + (i % 97) * 1000));
          kvString(s, 9, 'http.method', 'GET');
          kvString(s, 9, 'http.route', ROUTES[i % 5] as string);
          kvInt(s, 9, 'http.status_code', i % 50 === 0 ? 500 : 200);
          kvString(s, 9, 'net.peer.name', `10.0.${i % 7}.${i % 251}`);
          kvString(s, 9, 'user.id', `user-${(seq * 31 + i) % 10000}`);
          kvInt(s, 9, 'db.rows', i % 100);
          kvDouble(s, 9, 'queue.wait_ratio', (i % 10) / 10);
          kvString(s, 9, 'thread.name', `worker-${i % 16}`);
          kvString(s, 9, 'code.function', 'handleRequest');
          kvString(s, 9, 'request.id', `${seq}-${i}`);
          s.message(15, (st) => st.uint64(3, i % 50 === 0 ? 2 : 0));
        });
      }
    });
  });
  return w.finish();
}

/** ExportMetricsServiceRequest: `series` gauge series (10 metrics x series/10 label sets), one point each at `tsNs`. */
export function metricsRequest(series: number, tsNs: bigint, worker: number, seq: number): Uint8Array {
  const w = new ProtobufWriter();
  const perMetric = Math.max(1, Math.floor(series / 10));
  w.message(1, (rm) => {
    resource(rm, `metrics-svc-${worker}`, worker);
    rm.message(2, (sm) => {
      sm.message(1, (scope) => scope.string(1, '@bench/meter'));
      for (let m = 0; m < 10; m++) {
        sm.message(2, (metric) => {
          metric.string(1, `bench.metric_${m}`);
          metric.string(2, 'A benchmark metric.');
          const points = (dp: W): void => {
            for (let i = 0; i < perMetric; i++) {
              dp.message(1, (p) => {
                kvString(p, 7, 'pod', `pod-${i % 100}`);
                kvString(p, 7, 'route', ROUTES[i % 5] as string);
                kvInt(p, 7, 'shard', Math.floor(i / 100));
                p.fixed64(3, tsNs);
                p.double(4, m % 2 === 0 ? seq * 10 + i : Math.sin(seq + i) * 100);
              });
            }
          };
          if (m % 2 === 0) metric.message(7, (sum) => { points(sum); sum.uint64(2, 2).bool(3, true); });
          else metric.message(5, points);
        });
      }
    });
  });
  return w.finish();
}

const LOG_LINES = [
  'request completed',
  'cache miss for key',
  'payment provider responded slowly',
  'user session refreshed',
  'retrying upstream call after timeout',
];

/** ExportLogsServiceRequest with `records` records with trace context and attributes. */
export function logsRequest(seq: number, records: number, nowNs: bigint, worker: number): Uint8Array {
  const w = new ProtobufWriter();
  w.message(1, (rl) => {
    resource(rl, `api-${worker % 4}`, worker);
    rl.message(2, (sl) => {
      sl.message(1, (scope) => scope.string(1, '@bench/logger'));
      for (let i = 0; i < records; i++) {
        sl.message(2, (r) => {
          r.fixed64(1, nowNs + BigInt(i) * 1000n);
          const sev = i % 20 === 0 ? 17 : i % 5 === 0 ? 13 : 9;
          r.uint64(2, sev);
          r.string(3, sev === 17 ? 'ERROR' : sev === 13 ? 'WARN' : 'INFO');
          r.message(5, (v) => v.string(1, `${LOG_LINES[i % 5]} id=${seq}-${i} duration_ms=${(i * 7) % 900}`));
          kvString(r, 6, 'http.route', ROUTES[i % 5] as string);
          kvInt(r, 6, 'attempt', i % 3);
          r.bytes(9, markedTraceId(BigInt(seq) * 100_000n + BigInt(i)));
          r.bytes(10, idBytes(BigInt(seq) * 100_000n + BigInt(i), 8));
        });
      }
    });
  });
  return w.finish();
}
