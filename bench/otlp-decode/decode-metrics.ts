/**
 * Decode throughput of `decodeMetricsProto` on one core.
 * Run: node --import tsx src/ingest/otlp/metrics/decode-proto.bench.ts
 *
 * Two shapes of ExportMetricsServiceRequest, both 5000 data points over 50 metrics (35 counters,
 * 10 gauges, 5 histograms with 10 bounds), 4 attributes per point plus a 6-attribute resource:
 * - "500 series x 10 points": each attribute set repeats 10 times (series identity is reused);
 * - "5000 series x 1 point": what an SDK sends every interval (every series is new to the batch;
 *   attribute sets repeat across metrics, as http.route/method/status do);
 * - "... unique attribute sets": no two points share attributes (no cache can help).
 */
import { ProtobufWriter } from '../../src/ingest/shared/protobuf-writer.js';
import { decodeMetricsProto } from '../../src/ingest/otlp/metrics/decode-proto.js';

const T0 = 1_700_000_000_000_000_000n;
const BOUNDS = [5, 10, 25, 50, 75, 100, 250, 500, 750, 1000];

function kv(w: ProtobufWriter, field: number, key: string, value: string): void {
  w.message(field, (k) => k.string(1, key).message(2, (v) => v.string(1, value)));
}

function buildRequest(seriesPerMetric: number, pointsPerSeries: number, unique: boolean): { body: Uint8Array; points: number } {
  let points = 0;
  const w = new ProtobufWriter();
  w.message(1, (rm) => {
    rm.message(1, (res) => {
      kv(res, 1, 'service.name', 'checkout');
      kv(res, 1, 'service.namespace', 'shop');
      kv(res, 1, 'service.instance.id', '6ada24c4-3817-4938-8bf8-dc19652840a7');
      kv(res, 1, 'host.name', 'node-17');
      kv(res, 1, 'telemetry.sdk.language', 'nodejs');
      kv(res, 1, 'deployment.environment', 'production');
    });
    rm.message(2, (sm) => {
      sm.message(1, (s) => s.string(1, '@opentelemetry/instrumentation-http').string(2, '0.52.1'));
      for (let m = 0; m < 50; m++) {
        const kind = m < 35 ? 'counter' : m < 45 ? 'gauge' : 'histogram';
        sm.message(2, (metric) => {
          metric.string(1, `app.${kind}.metric_${m}`).string(2, `Description of metric ${m}`).string(3, kind === 'histogram' ? 'ms' : '{request}');
          const writePoints = (d: ProtobufWriter) => {
            for (let s = 0; s < seriesPerMetric; s++) {
              for (let p = 0; p < pointsPerSeries; p++) {
                points++;
                d.message(1, (dp) => {
                  const attrField = kind === 'histogram' ? 9 : 7;
                  kv(dp, attrField, 'http.request.method', s % 2 === 0 ? 'GET' : 'POST');
                  kv(dp, attrField, 'http.route', `/api/v1/items/${s % 50}`);
                  kv(dp, attrField, 'http.response.status_code', String(200 + (s % 5)));
                  kv(dp, attrField, 'server.address', unique ? `shard-${m}-${s}.internal` : `shard-${Math.floor(s / 50)}.internal`);
                  dp.fixed64(2, T0).fixed64(3, T0 + BigInt(p) * 15_000_000_000n);
                  if (kind === 'histogram') {
                    dp.fixed64(4, 1000n + BigInt(p)).double(5, 123456.5);
                    dp.packedFixed64(6, [...BOUNDS, 0].map((_, i) => BigInt(10 * i + p)));
                    dp.packedDoubles(7, BOUNDS);
                  } else dp.double(4, 1000 + p * 3.5 + s);
                });
              }
            }
          };
          if (kind === 'gauge') metric.message(5, writePoints);
          else if (kind === 'counter') metric.message(7, (sum) => (writePoints(sum), sum.uint64(2, 2).bool(3, true)));
          else metric.message(9, (h) => (writePoints(h), h.uint64(2, 2)));
        });
      }
    });
  });
  return { body: w.finish(), points };
}

function measure(label: string, seriesPerMetric: number, pointsPerSeries: number, unique = false): void {
  const { body, points } = buildRequest(seriesPerMetric, pointsPerSeries, unique);
  const first = decodeMetricsProto(body, 'bench');
  if (first.rejected !== 0) throw new Error(`bench request rejected ${first.rejected} points`);
  const samples = first.batch.values.length;
  for (let i = 0; i < 50; i++) decodeMetricsProto(body, 'bench');
  let iterations = 0;
  const start = process.hrtime.bigint();
  let elapsedNs = 0n;
  while (elapsedNs < 3_000_000_000n) {
    decodeMetricsProto(body, 'bench');
    iterations++;
    elapsedNs = process.hrtime.bigint() - start;
  }
  const seconds = Number(elapsedNs) / 1e9;
  const perRequestMs = (seconds * 1000) / iterations;
  process.stdout.write(
    `${label}: ${(body.length / 1024).toFixed(0)} KiB, ${points} points -> ${samples} samples in ${first.batch.series.length} series; ` +
      `${perRequestMs.toFixed(2)} ms/request, ${Math.round((points * iterations) / seconds).toLocaleString('en')} points/s, ` +
      `${Math.round((samples * iterations) / seconds).toLocaleString('en')} samples/s\n`,
  );
}

if (process.env.ONLY === undefined) measure('500 series x 10 points', 10, 10);
if (process.env.ONLY !== 'repeated' && process.env.ONLY !== 'unique') measure('5000 series x 1 point ', 100, 1);
if (process.env.ONLY !== 'repeated') measure('5000 series x 1 point, unique attribute sets', 100, 1, true);
