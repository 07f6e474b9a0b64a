import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import type { MetricBatch } from '../../../model/index.js';
import { isOmniscopeError, isStaleNaN } from '../../../model/index.js';
import { REJECT_DELTA, REJECT_EXPONENTIAL_HISTOGRAM, decodeMetricsJson } from './index.js';

const CONFORMANCE = new URL('../../../../../shared/conformance/otlp/metrics.json', import.meta.url);

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

const SCOPE = 'job="my.service",otel_scope_my_scope_attribute="some scope attribute",otel_scope_name="my.library",otel_scope_version="1.0.0"';
const AT = '@1544712660300';

const isBadInput = (e: unknown) => isOmniscopeError(e) && e.kind === 'bad_input';

describe('decodeMetricsJson', () => {
  it('decodes the OTLP conformance example: the gauge is kept, the delta sum and histogram and the exponential histogram are rejected', () => {
    const { batch, rejected, rejectionMessages } = decodeMetricsJson(readFileSync(CONFORMANCE), 'tenant-x');
    assert.equal(batch.tenant, 'tenant-x');
    assert.deepEqual(render(batch), [`my_gauge_ratio{${SCOPE.replace('job="my.service",', 'job="my.service",my_gauge_attr="some value",')}} 10 ${AT}`]);
    assert.deepEqual(batch.metadata, [{ metricFamilyName: 'my_gauge_ratio', type: 'gauge', help: 'I am a Gauge', unit: 'ratio' }]);
    assert.equal(rejected, 3);
    assert.deepEqual(rejectionMessages, [
      `metric "my.counter": ${REJECT_DELTA}`,
      `metric "my.histogram": ${REJECT_DELTA}`,
      `metric "my.exponential.histogram": ${REJECT_EXPONENTIAL_HISTOGRAM}`,
    ]);
    assert.deepEqual(batch.exemplars, []);
  });

  it('decodes the conformance example switched to cumulative temporality', () => {
    const text = readFileSync(CONFORMANCE, 'utf8').replaceAll('"aggregationTemporality": 1', '"aggregationTemporality": 2');
    const { batch, rejected } = decodeMetricsJson(text, 't');
    assert.equal(rejected, 1);
    assert.deepEqual(render(batch), [
      `my_counter_total{${SCOPE.replace('job="my.service",', 'job="my.service",my_counter_attr="some value",')}} 5 ${AT}`,
      `my_gauge_ratio{${SCOPE.replace('job="my.service",', 'job="my.service",my_gauge_attr="some value",')}} 10 ${AT}`,
      `my_histogram_bucket{${SCOPE.replace('job="my.service",', 'job="my.service",le="+Inf",my_histogram_attr="some value",')}} 2 ${AT}`,
      `my_histogram_bucket{${SCOPE.replace('job="my.service",', 'job="my.service",le="1",my_histogram_attr="some value",')}} 1 ${AT}`,
      `my_histogram_count{${SCOPE.replace('job="my.service",', 'job="my.service",my_histogram_attr="some value",')}} 2 ${AT}`,
      `my_histogram_sum{${SCOPE.replace('job="my.service",', 'job="my.service",my_histogram_attr="some value",')}} 2 ${AT}`,
    ]);
    assert.deepEqual(
      batch.metadata.map((m) => `${m.metricFamilyName} ${m.type} ${m.unit || '-'} ${m.help}`),
      ['my_counter_total counter - I am a Counter', 'my_gauge_ratio gauge ratio I am a Gauge', 'my_histogram histogram - I am a Histogram'],
    );
  });

  it('accepts proto field names, enum names, numeric 64-bit ints, summaries, exemplars and stale points', () => {
    const body = {
      resource_metrics: [
        {
          resource: { attributes: [{ key: 'service.name', value: { stringValue: 'svc' } }, { key: 'pod', value: { intValue: 7 } }] },
          scope_metrics: [
            {
              schema_url: 'https://example/schema',
              metrics: [
                {
                  name: 'jobs.done',
                  sum: {
                    aggregation_temporality: 'AGGREGATION_TEMPORALITY_CUMULATIVE',
                    is_monotonic: true,
                    data_points: [
                      {
                        as_int: '12',
                        time_unix_nano: 1_700_000_000_000_000_000,
                        exemplars: [{ asDouble: 2, timeUnixNano: '1700000000000000000', traceId: 'AB01', spanId: 'zz' }],
                      },
                    ],
                  },
                },
                {
                  name: 'rpc.time',
                  unit: 'ms',
                  summary: {
                    dataPoints: [
                      {
                        timeUnixNano: '1700000000000000000',
                        count: 3,
                        sum: '4.5',
                        quantileValues: [{ quantile: 0.5, value: 1 }, { quantile: 1, value: 'Infinity' }],
                      },
                    ],
                  },
                },
                { name: 'up', gauge: { dataPoints: [{ timeUnixNano: '1700000000000000000', flags: 1 }] } },
              ],
            },
          ],
        },
      ],
    };
    const { batch, rejected } = decodeMetricsJson(JSON.stringify(body), 't');
    assert.equal(rejected, 0);
    const ctx = 'job="svc",otel_scope_schema_url="https://example/schema"';
    assert.deepEqual(render(batch), [
      `jobs_done_total{${ctx}} 12 @1700000000000`,
      `rpc_time_milliseconds_count{${ctx}} 3 @1700000000000`,
      `rpc_time_milliseconds_sum{${ctx}} 4.5 @1700000000000`,
      `rpc_time_milliseconds{${ctx},quantile="0.5"} 1 @1700000000000`,
      `rpc_time_milliseconds{${ctx},quantile="1"} Infinity @1700000000000`,
      'target_info{job="svc",pod="7"} 1 @1700000000000',
      `up{${ctx}} stale @1700000000000`,
    ]);
    // The invalid span id is left out; the trace id is lowercased.
    assert.deepEqual(batch.exemplars, [{ seriesIndex: 0, labels: [{ name: 'trace_id', value: 'ab01' }], timestampMs: 1_700_000_000_000, value: 2 }]);
  });

  it('throws bad_input naming the path for invalid JSON or wrong shapes', () => {
    const cases: Array<[string, RegExp]> = [
      ['not json', /malformed ExportMetricsServiceRequest JSON/],
      ['[]', /request must be an object/],
      ['null', /request must be an object/],
      ['{"resourceMetrics": 5}', /resourceMetrics must be an array/],
      ['{"resourceMetrics": [null]}', /resourceMetrics\[0\] must be an object/],
      ['{"resourceMetrics":[{"scopeMetrics":[{"metrics":[{"name":"x","gauge":{"dataPoints":[{"asDouble":{}}]}}]}]}]}', /resourceMetrics\[0\]\.scopeMetrics\[0\]\.metrics\[0\]\.gauge\.dataPoints\[0\]\.asDouble must be a number/],
      ['{"resourceMetrics":[{"scopeMetrics":[{"metrics":[{"name":"x","sum":{"aggregationTemporality":"SOMETIMES"}}]}]}]}', /aggregationTemporality must be an enum/],
      ['{"resourceMetrics":[{"scopeMetrics":[{"metrics":[{"name":"x","gauge":{"dataPoints":[{"timeUnixNano":"-1"}]}}]}]}]}', /timeUnixNano must be within the uint64 range/],
    ];
    for (const [text, message] of cases) {
      assert.throws(() => decodeMetricsJson(text, 't'), (e) => isBadInput(e) && message.test((e as Error).message), text);
    }
    assert.throws(() => decodeMetricsJson(Uint8Array.from([0x7b, 0xff, 0x7d]), 't'), (e) => isBadInput(e) && /UTF-8/.test((e as Error).message));
  });

  it('accepts an empty request', () => {
    const { batch, rejected } = decodeMetricsJson('{}', 't');
    assert.equal(rejected, 0);
    assert.equal(batch.values.length, 0);
    assert.equal(batch.series.length, 0);
  });
});
