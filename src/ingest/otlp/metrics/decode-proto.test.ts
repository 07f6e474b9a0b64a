import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { MetricBatch } from '../../../model/index.js';
import { isOmniscopeError, isStaleNaN } from '../../../model/index.js';
import { ProtobufWriter } from '../../shared/protobuf-writer.js';
import { decodeMetricsProto } from './index.js';

type Msg = (w: ProtobufWriter) => void;

const T_NS = 1_700_000_000_123_456_789n; // -> 1700000000123 ms
const T_MS = 1_700_000_000_123;

const str = (key: string, v: string): Msg => (w) => w.string(1, key).message(2, (a) => a.string(1, v));
const int = (key: string, v: bigint): Msg => (w) => w.string(1, key).message(2, (a) => a.int64(3, v));
const each = (w: ProtobufWriter, field: number, msgs: readonly Msg[]) => msgs.forEach((m) => w.message(field, m));

function request(...resources: Msg[]): Uint8Array {
  const w = new ProtobufWriter();
  each(w, 1, resources);
  return w.finish();
}
/** A ResourceMetrics; scope_metrics are written before the resource on purpose. */
const resource = (attrs: Msg[], ...scopes: Msg[]): Msg => (w) => {
  each(w, 2, scopes);
  w.message(1, (r) => each(r, 1, attrs));
};
const scope = (name: string, ...metrics: Msg[]): Msg => (w) => {
  each(w, 2, metrics);
  w.message(1, (s) => s.string(1, name));
};
/** A Metric; the data comes before name and unit on purpose. */
const metric = (name: string, unit: string, dataField: number, data: Msg): Msg => (w) => {
  w.message(dataField, data);
  w.string(1, name).string(3, unit);
};
const gauge = (...points: Msg[]): Msg => (w) => each(w, 1, points);
const sum = (temporality: number, monotonic: boolean, ...points: Msg[]): Msg => (w) => {
  each(w, 1, points);
  w.uint64(2, temporality).bool(3, monotonic);
};
const histogram = (...points: Msg[]): Msg => (w) => {
  each(w, 1, points);
  w.uint64(2, 2);
};
const summary = (...points: Msg[]): Msg => (w) => each(w, 1, points);

/** A NumberDataPoint; attributes after the value on purpose. */
const point = (value: number | bigint | null, attrs: Msg[] = [], extra?: Msg): Msg => (w) => {
  w.fixed64(3, T_NS);
  if (typeof value === 'bigint') w.sfixed64(6, value);
  else if (value !== null) w.double(4, value);
  each(w, 7, attrs);
  extra?.(w);
};
const histPoint = (count: number, sumValue: number | null, counts: number[], bounds: number[], attrs: Msg[] = [], extra?: Msg): Msg => (w) => {
  w.fixed64(3, T_NS).fixed64(4, BigInt(count));
  if (sumValue !== null) w.double(5, sumValue);
  if (counts.length > 0) w.packedFixed64(6, counts.map(BigInt));
  if (bounds.length > 0) w.packedDoubles(7, bounds);
  each(w, 9, attrs);
  extra?.(w);
};
const exemplar = (value: number, traceId: string, spanId: string, attrs: Msg[] = []): Msg => (w) => {
  w.fixed64(2, T_NS - 1_000_000n).double(3, value);
  w.bytes(5, Buffer.from(traceId, 'hex')).bytes(4, Buffer.from(spanId, 'hex'));
  each(w, 7, attrs);
};

const SVC = [str('service.name', 'api')];

function render(batch: MetricBatch): string[] {
  const out: string[] = [];
  for (let i = 0; i < batch.values.length; i++) {
    const labels = batch.series[batch.seriesIndex[i] as number] ?? [];
    const name = labels.find((l) => l.name === '__name__')?.value ?? '';
    const rest = labels.filter((l) => l.name !== '__name__').map((l) => `${l.name}=${JSON.stringify(l.value)}`);
    const v = batch.values[i] as number;
    out.push(`${name}{${rest.join(',')}} ${isStaleNaN(v) ? 'stale' : v} @${batch.timestampsMs[i]}`);
  }
  return out.sort();
}

function decode(body: Uint8Array) {
  return decodeMetricsProto(body, 't');
}

describe('decodeMetricsProto', () => {
  it('reads fields in any order, int and double values, exact millisecond times', () => {
    const body = request(
      resource(SVC, scope('lib', metric('temp', 'Cel', 5, gauge(point(-5n, [str('room', 'a')]), point(21.5, [str('room', 'b')]))))),
    );
    const { batch, rejected } = decode(body);
    assert.equal(rejected, 0);
    assert.deepEqual(render(batch), [
      `temp_celsius{job="api",otel_scope_name="lib",room="a"} -5 @${T_MS}`,
      `temp_celsius{job="api",otel_scope_name="lib",room="b"} 21.5 @${T_MS}`,
    ]);
  });

  it('truncates nanoseconds to milliseconds exactly, even at the top of the range', () => {
    const at = (ns: bigint): Msg => (w) => w.fixed64(3, ns).double(4, 1);
    for (const [ns, ms] of [
      [1_700_000_000_123_999_999n, 1_700_000_000_123],
      [1_700_000_000_124_000_000n, 1_700_000_000_124],
      [2n ** 64n - 1n, 18_446_744_073_709],
    ] as const) {
      const { batch } = decode(request(resource(SVC, scope('', metric('g', '', 5, gauge(at(ns)))))));
      assert.deepEqual([...batch.timestampsMs], [ms], String(ns));
    }
  });

  it('translates summaries into quantile, _sum and _count series', () => {
    const q = (quantile: number, value: number): Msg => (w) => w.message(6, (v) => v.double(1, quantile).double(2, value));
    const p: Msg = (w) => {
      w.fixed64(3, T_NS).fixed64(4, 4n).double(5, 10);
      q(0.5, 1.5)(w);
      q(0.99, 3)(w);
    };
    const { batch } = decode(request(resource(SVC, scope('', metric('rpc.latency', 's', 11, summary(p))))));
    assert.deepEqual(render(batch), [
      `rpc_latency_seconds_count{job="api"} 4 @${T_MS}`,
      `rpc_latency_seconds_sum{job="api"} 10 @${T_MS}`,
      `rpc_latency_seconds{job="api",quantile="0.5"} 1.5 @${T_MS}`,
      `rpc_latency_seconds{job="api",quantile="0.99"} 3 @${T_MS}`,
    ]);
    assert.deepEqual(batch.metadata, [{ metricFamilyName: 'rpc_latency_seconds', type: 'summary', help: '', unit: 'seconds' }]);
  });

  it('emits _bucket{le="+Inf"} = count, and _sum only when present', () => {
    const body = request(
      resource(SVC, scope('', metric('sizes', 'By', 9, histogram(histPoint(7, null, [], []), histPoint(3, 12.5, [1, 2], [4], [str('k', 'v')]))))),
    );
    const { batch, rejected } = decode(body);
    assert.equal(rejected, 0);
    assert.deepEqual(render(batch), [
      `sizes_bytes_bucket{job="api",k="v",le="+Inf"} 3 @${T_MS}`,
      `sizes_bytes_bucket{job="api",k="v",le="4"} 1 @${T_MS}`,
      `sizes_bytes_bucket{job="api",le="+Inf"} 7 @${T_MS}`,
      `sizes_bytes_count{job="api",k="v"} 3 @${T_MS}`,
      `sizes_bytes_count{job="api"} 7 @${T_MS}`,
      `sizes_bytes_sum{job="api",k="v"} 12.5 @${T_MS}`,
    ]);
  });

  it('keeps exemplars of counters and histograms with trace_id/span_id labels, drops those of gauges', () => {
    const trace = '0af7651916cd43dd8448eb211c80319c';
    const span = 'b7ad6b7169203331';
    const exemplars = (...xs: Msg[]): Msg => (w) => each(w, 5, xs);
    const histExemplars = (...xs: Msg[]): Msg => (w) => each(w, 8, xs);
    const body = request(
      resource(
        SVC,
        scope(
          '',
          metric('hits', '', 7, sum(2, true, point(9, [], exemplars(exemplar(1, trace, span, [str('user', 'u1'), str('trace_id', 'spoof')]))))),
          metric('temp', '', 5, gauge(point(3, [], exemplars(exemplar(3, trace, span))))),
          metric(
            'lat',
            's',
            9,
            histogram(histPoint(3, 55.5, [1, 1, 1], [1, 10], [], histExemplars(exemplar(0.5, trace, span), exemplar(5, trace, span), exemplar(50, trace, span)))),
          ),
        ),
      ),
    );
    const { batch } = decode(body);
    const seriesName = (i: number) => (batch.series[i] ?? []).filter((l) => l.name === '__name__' || l.name === 'le').map((l) => l.value).join(' ');
    assert.deepEqual(
      batch.exemplars.map((e) => ({ series: seriesName(e.seriesIndex), labels: e.labels, ts: e.timestampMs, value: e.value })),
      [
        {
          series: 'hits_total',
          labels: [
            { name: 'span_id', value: span },
            { name: 'trace_id', value: trace },
            { name: 'user', value: 'u1' },
          ],
          ts: T_MS - 1,
          value: 1,
        },
        { series: 'lat_seconds_bucket 1', labels: [{ name: 'span_id', value: span }, { name: 'trace_id', value: trace }], ts: T_MS - 1, value: 0.5 },
        { series: 'lat_seconds_bucket 10', labels: [{ name: 'span_id', value: span }, { name: 'trace_id', value: trace }], ts: T_MS - 1, value: 5 },
        { series: 'lat_seconds_bucket +Inf', labels: [{ name: 'span_id', value: span }, { name: 'trace_id', value: trace }], ts: T_MS - 1, value: 50 },
      ],
    );
  });

  it('turns NO_RECORDED_VALUE points into staleness markers on every series of the point', () => {
    const stale: Msg = (w) => w.uint64(8, 1);
    const staleHist: Msg = (w) => w.uint64(10, 1);
    const body = request(
      resource(
        SVC,
        scope(
          '',
          metric('up', '', 5, gauge(point(null, [], stale))),
          metric('d', 's', 9, histogram(histPoint(2, 1, [1, 1], [1], [], staleHist))),
          metric('e', 's', 9, histogram(histPoint(0, null, [], [0.5], [], staleHist))),
        ),
      ),
    );
    const { batch, rejected } = decode(body);
    assert.equal(rejected, 0);
    assert.deepEqual(render(batch), [
      `d_seconds_bucket{job="api",le="+Inf"} stale @${T_MS}`,
      `d_seconds_bucket{job="api",le="1"} stale @${T_MS}`,
      `d_seconds_count{job="api"} stale @${T_MS}`,
      `d_seconds_sum{job="api"} stale @${T_MS}`,
      `e_seconds_bucket{job="api",le="+Inf"} stale @${T_MS}`,
      `e_seconds_bucket{job="api",le="0.5"} stale @${T_MS}`,
      `e_seconds_count{job="api"} stale @${T_MS}`,
      `up{job="api"} stale @${T_MS}`,
    ]);
  });

  it('rejects untranslatable points one by one, with reasons, and keeps the rest', () => {
    const noTime: Msg = (w) => w.double(4, 1);
    const body = request(
      resource(
        SVC,
        scope(
          '',
          metric('ok', '', 5, gauge(point(1), point(null), noTime)),
          metric('@@@', '', 5, gauge(point(1), point(2))),
          metric('unspecified', '', 7, sum(0, true, point(1))),
          metric('h', '', 9, histogram(histPoint(1, 1, [1, 0, 0], [1]), histPoint(1, 1, [1], [1]), histPoint(1, 1, [0, 1, 0], [5, 2]), histPoint(1, 1, [1, 0], [1]))),
        ),
      ),
    );
    const { batch, rejected, rejectionMessages } = decode(body);
    assert.equal(rejected, 8);
    assert.deepEqual(rejectionMessages, [
      'metric "ok": number data point has no value (neither as_double nor as_int is set)',
      'metric "ok": data point has no time_unix_nano',
      'metric "@@@": metric name "@@@" has no character valid in a Prometheus metric name',
      'metric "unspecified": aggregation temporality 0 is not cumulative; configure the exporter for cumulative temporality',
      'metric "h": histogram data point has 3 bucket_counts for 1 explicit_bounds; expected 2',
      'metric "h": histogram data point has 1 bucket_counts for 1 explicit_bounds; expected 2',
      'metric "h": histogram explicit_bounds must be finite and strictly increasing',
    ]);
    assert.deepEqual(render(batch), [
      `h_bucket{job="api",le="+Inf"} 1 @${T_MS}`,
      `h_bucket{job="api",le="1"} 1 @${T_MS}`,
      `h_count{job="api"} 1 @${T_MS}`,
      `h_sum{job="api"} 1 @${T_MS}`,
      `ok{job="api"} 1 @${T_MS}`,
    ]);
    assert.deepEqual(batch.metadata.map((m) => m.metricFamilyName).sort(), ['h', 'ok']);
  });

  it('sanitizes label names; added labels override attributes; empty values are dropped', () => {
    const attrs = [
      str('1st', 'a'),
      str('_private', 'b'),
      str('__name__', 'spoof'),
      str('job', 'spoof'),
      str('le', 'spoof'),
      str('empty', ''),
      int('http.status_code', 200n),
      str('ようこそ', 'dropped'),
    ];
    const body = request(resource(SVC, scope('', metric('m', '', 9, histogram(histPoint(1, null, [1, 0], [0.25], attrs))))));
    const { batch } = decode(body);
    assert.deepEqual(render(batch), [
      `m_bucket{http_status_code="200",job="api",key_1st="a",key_private="b",le="+Inf"} 1 @${T_MS}`,
      `m_bucket{http_status_code="200",job="api",key_1st="a",key_private="b",le="0.25"} 1 @${T_MS}`,
      `m_count{http_status_code="200",job="api",key_1st="a",key_private="b",le="spoof"} 1 @${T_MS}`,
    ]);
  });

  it('reuses attribute sets by their raw bytes across points and metrics, and handles interleaved attributes', () => {
    const attrs = [str('route', '/a'), str('method', 'GET')];
    const interleaved: Msg = (w) => {
      w.message(7, str('route', '/a'));
      w.fixed64(3, T_NS).double(4, 7);
      w.message(7, str('method', 'GET'));
    };
    const reordered = [str('method', 'GET'), str('route', '/a')];
    const body = request(
      resource(
        SVC,
        scope(
          '',
          metric('a', '', 5, gauge(point(1, attrs), point(2, [str('route', '/b'), str('method', 'GET')]))),
          metric('b', '', 5, gauge(point(3, attrs), interleaved, point(4, reordered))),
          metric('c', '', 7, sum(2, true, point(5, attrs), point(6, [str('route', '/b'), str('method', 'GET')]))),
        ),
      ),
    );
    const { batch, rejected } = decode(body);
    assert.equal(rejected, 0);
    assert.deepEqual(render(batch), [
      `a{job="api",method="GET",route="/a"} 1 @${T_MS}`,
      `a{job="api",method="GET",route="/b"} 2 @${T_MS}`,
      `b{job="api",method="GET",route="/a"} 3 @${T_MS}`,
      `b{job="api",method="GET",route="/a"} 4 @${T_MS}`,
      `b{job="api",method="GET",route="/a"} 7 @${T_MS}`,
      `c_total{job="api",method="GET",route="/a"} 5 @${T_MS}`,
      `c_total{job="api",method="GET",route="/b"} 6 @${T_MS}`,
    ]);
    assert.equal(batch.series.length, 5, 'equal label sets share one series');
  });

  it('gives attributes named like generated labels one series per label set too', () => {
    const spoof = [str('instance', 'from-attr'), str('k', 'v')];
    const body = request(
      resource(
        SVC,
        scope('', metric('m', '', 5, gauge(point(1, spoof), point(2, spoof))), metric('n', '', 5, gauge(point(3, spoof)))),
      ),
      resource([...SVC, str('service.instance.id', 'from-attr')], scope('', metric('m', '', 5, gauge(point(4, [str('k', 'v')]))))),
    );
    const { batch } = decode(body);
    assert.deepEqual(render(batch), [
      `m{instance="from-attr",job="api",k="v"} 1 @${T_MS}`,
      `m{instance="from-attr",job="api",k="v"} 2 @${T_MS}`,
      `m{instance="from-attr",job="api",k="v"} 4 @${T_MS}`,
      `n{instance="from-attr",job="api",k="v"} 3 @${T_MS}`,
    ]);
    assert.equal(batch.series.length, 2);
  });

  it('emits target_info once per distinct resource at its latest point time, only with non-identifying attributes', () => {
    const later: Msg = (w) => w.fixed64(3, T_NS + 5_000_000n).double(4, 2);
    const rich = [str('service.name', 'api'), str('service.instance.id', 'i-1'), str('region', 'eu'), str('service.namespace', 'prod')];
    const body = request(
      resource(rich, scope('', metric('a', '', 5, gauge(point(1))))),
      resource(rich, scope('', metric('b', '', 5, gauge(later)))),
      resource([str('service.name', 'bare')], scope('', metric('c', '', 5, gauge(point(3))))),
      resource([str('region', 'us')], scope('', metric('d', '', 5, gauge(point(4))))),
      resource([str('region', 'ap')], scope('', metric('e', '', 7, sum(1, true, point(5))))),
    );
    const { batch, rejected } = decode(body);
    assert.equal(rejected, 1);
    assert.deepEqual(render(batch), [
      `a{instance="i-1",job="prod/api"} 1 @${T_MS}`,
      `b{instance="i-1",job="prod/api"} 2 @${T_MS + 5}`,
      `c{job="bare"} 3 @${T_MS}`,
      `d{} 4 @${T_MS}`,
      `target_info{instance="i-1",job="prod/api",region="eu"} 1 @${T_MS + 5}`,
      `target_info{region="us"} 1 @${T_MS}`,
    ]);
  });

  it('throws bad_input on malformed protobuf, for every truncation and for garbage, without hanging', () => {
    const valid = request(
      resource(
        [...SVC, str('region', 'eu')],
        scope('lib', metric('hits', '1', 7, sum(2, true, point(1, [str('a', 'b')]))), metric('h', 's', 9, histogram(histPoint(2, 3, [1, 1], [1])))),
      ),
    );
    const isBadInput = (e: unknown) => isOmniscopeError(e) && e.kind === 'bad_input' && /ExportMetricsServiceRequest/.test(e.message);
    const started = Date.now();
    let threw = 0;
    for (let len = 1; len < valid.length; len++) {
      try {
        decode(valid.subarray(0, len));
      } catch (e) {
        assert.ok(isBadInput(e), `truncated at ${len}: ${String(e)}`);
        threw++;
      }
    }
    assert.ok(threw > valid.length / 2, `${threw} of ${valid.length} truncations threw`);
    let seed = 42;
    const rand = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    for (let n = 0; n < 2000; n++) {
      const garbage = Uint8Array.from({ length: 1 + Math.floor(rand() * 64) }, () => Math.floor(rand() * 256));
      try {
        decode(garbage);
      } catch (e) {
        assert.ok(isBadInput(e), `garbage ${Buffer.from(garbage).toString('hex')}: ${String(e)}`);
      }
    }
    assert.throws(() => decode(Uint8Array.from([0x0a, 0x05, 0x01])), isBadInput);
    assert.throws(() => decode(Uint8Array.from([0x09, 0, 0, 0, 0, 0, 0, 0, 0])), (e) => isBadInput(e) && /wire type 1/.test((e as Error).message));
    assert.ok(Date.now() - started < 10_000, 'decoding malformed input stays fast');
  });
});
