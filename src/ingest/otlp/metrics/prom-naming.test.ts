import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PromKind, buildMetricName, formatPromFloat, promUnitWord, sanitizeLabelName } from './index.js';

const { GAUGE, NON_MONOTONIC_SUM, COUNTER, HISTOGRAM, SUMMARY } = PromKind;

describe('buildMetricName', () => {
  const name = (n: string, unit: string, kind: PromKind) => buildMetricName(n, unit, kind).name;
  it('sanitizes: invalid characters become one underscore, trimmed', () => {
    assert.equal(name('http.server.request.duration', '', GAUGE), 'http_server_request_duration');
    assert.equal(name('metric@@##$$name', '', GAUGE), 'metric_name');
    assert.equal(name('(lambda).function.executions(#)', '', GAUGE), 'lambda_function_executions');
    assert.equal(name('metric__with__underscores', '', GAUGE), 'metric_with_underscores');
    assert.equal(name('_leading', '', GAUGE), 'leading');
    assert.equal(name('ns:sub.metric', '', GAUGE), 'ns:sub_metric');
    assert.equal(name('métric', '', GAUGE), 'm_tric');
    assert.equal(name('@#$%', '', GAUGE), '');
    assert.equal(name('', 's', GAUGE), 'seconds');
  });
  it('prefixes a leading digit with an underscore', () => {
    assert.equal(name('123metric', '', GAUGE), '_123metric');
    assert.equal(name('2xx.responses', '', COUNTER), '_2xx_responses_total');
  });
  it('appends the unit word unless the name already ends with it', () => {
    assert.equal(name('response.time', 'ms', GAUGE), 'response_time_milliseconds');
    assert.equal(name('response_time_seconds', 's', GAUGE), 'response_time_seconds');
    assert.equal(name('seconds', 's', GAUGE), 'seconds');
    assert.equal(name('memory.usage', 'By', GAUGE), 'memory_usage_bytes');
    assert.equal(name('cache', 'KiBy', GAUGE), 'cache_kibibytes');
    assert.equal(name('throughput', 'By/s', GAUGE), 'throughput_bytes_per_second');
    assert.equal(name('speed', 'm/s', GAUGE), 'speed_meters_per_second');
    assert.equal(name('requests', '1/s', GAUGE), 'requests_per_second');
    assert.equal(name('system.network.dropped', '{packets}', COUNTER), 'system_network_dropped_total');
    assert.equal(name('custom', 'By/{custom}', GAUGE), 'custom_bytes');
    assert.equal(name('custom', 'packets', GAUGE), 'custom_packets');
    assert.equal(name('custom', 'unit@with#special/chars', GAUGE), 'custom_unit_with_special_per_chars');
    assert.equal(name('metric', ' By / s ', GAUGE), 'metric_bytes_per_second');
    assert.equal(name('metric', '/', GAUGE), 'metric');
  });
  it('adds _ratio for OTLP gauges with unit 1 only', () => {
    assert.equal(name('cpu.utilization', '1', GAUGE), 'cpu_utilization_ratio');
    assert.equal(name('cpu_usage_ratio', '1', GAUGE), 'cpu_usage_ratio');
    assert.equal(name('items', '1', COUNTER), 'items_total');
    assert.equal(name('queue.fill', '1', NON_MONOTONIC_SUM), 'queue_fill');
    assert.equal(name('sizes', '1', HISTOGRAM), 'sizes');
    assert.deepEqual(buildMetricName('cpu.utilization', '1', GAUGE), { name: 'cpu_utilization_ratio', unit: 'ratio' });
    assert.deepEqual(buildMetricName('items', '1', COUNTER), { name: 'items_total', unit: '' });
  });
  it('adds _total to counters once, after the unit', () => {
    assert.equal(name('requests', '', COUNTER), 'requests_total');
    assert.equal(name('requests_total', '', COUNTER), 'requests_total');
    assert.equal(name('cpu_seconds_total', 's', COUNTER), 'cpu_seconds_total');
    assert.equal(name('requests.total', 'By', COUNTER), 'requests_bytes_total');
    assert.equal(name('io', 'By', COUNTER), 'io_bytes_total');
    assert.equal(name('total', '', COUNTER), 'total_total');
    assert.equal(name('requests_total', '', GAUGE), 'requests_total');
  });
  it('names histograms and summaries by their stem', () => {
    assert.deepEqual(buildMetricName('http.server.duration', 's', HISTOGRAM), { name: 'http_server_duration_seconds', unit: 'seconds' });
    assert.deepEqual(buildMetricName('rpc.latency', 'us', SUMMARY), { name: 'rpc_latency_microseconds', unit: 'microseconds' });
  });
});

describe('promUnitWord', () => {
  it('maps every UCUM unit of the specification table', () => {
    const table: Array<[string, string]> = [
      ['d', 'days'], ['h', 'hours'], ['min', 'minutes'], ['s', 'seconds'], ['ms', 'milliseconds'],
      ['us', 'microseconds'], ['ns', 'nanoseconds'], ['By', 'bytes'], ['KiBy', 'kibibytes'],
      ['MiBy', 'mebibytes'], ['GiBy', 'gibibytes'], ['TiBy', 'tebibytes'], ['kBy', 'kilobytes'],
      ['KBy', 'kilobytes'], ['MBy', 'megabytes'], ['GBy', 'gigabytes'], ['TBy', 'terabytes'],
      ['m', 'meters'], ['V', 'volts'], ['A', 'amperes'], ['J', 'joules'], ['W', 'watts'],
      ['g', 'grams'], ['Cel', 'celsius'], ['Hz', 'hertz'], ['%', 'percent'],
      ['1/m', 'per_minute'], ['1/h', 'per_hour'], ['1/d', 'per_day'], ['1/w', 'per_week'],
      ['1/mo', 'per_month'], ['1/y', 'per_year'], ['{request}/s', 'per_second'], ['1', ''], ['', ''],
    ];
    for (const [ucum, word] of table) assert.equal(promUnitWord(ucum), word, ucum);
  });
});

describe('sanitizeLabelName', () => {
  it('follows Prometheus defaults', () => {
    assert.equal(sanitizeLabelName('http.status_code'), 'http_status_code');
    assert.equal(sanitizeLabelName('label:with:colons'), 'label_with_colons');
    assert.equal(sanitizeLabelName('LabelWithCapitals'), 'LabelWithCapitals');
    assert.equal(sanitizeLabelName('label!with&special$chars)'), 'label_with_special_chars_');
    assert.equal(sanitizeLabelName('a..b'), 'a__b');
    assert.equal(sanitizeLabelName('foreign_字符'), 'foreign___');
    assert.equal(sanitizeLabelName('emoji_😀'), 'emoji__');
    assert.equal(sanitizeLabelName('123label'), 'key_123label');
    assert.equal(sanitizeLabelName('_private'), 'key_private');
    assert.equal(sanitizeLabelName('__reserved'), '__reserved');
    assert.equal(sanitizeLabelName('__name__'), '__name__');
    assert.equal(sanitizeLabelName('.hidden'), 'key_hidden');
  });
  it('refuses keys that cannot be label names', () => {
    assert.equal(sanitizeLabelName(''), undefined);
    assert.equal(sanitizeLabelName('__'), undefined);
    assert.equal(sanitizeLabelName('ようこそ'), undefined);
  });
});

describe('formatPromFloat', () => {
  it('prints shortest plain decimals, like Go strconv.FormatFloat(v, "f", -1, 64)', () => {
    const cases: Array<[number, string]> = [
      [0, '0'], [1, '1'], [0.005, '0.005'], [0.1, '0.1'], [2.5, '2.5'], [1000, '1000'],
      [1e6, '1000000'], [1e-7, '0.0000001'], [1.5e-10, '0.00000000015'], [1e21, '1000000000000000000000'],
      [-0.25, '-0.25'], [-1e-7, '-0.0000001'], [Infinity, '+Inf'], [-Infinity, '-Inf'], [NaN, 'NaN'],
    ];
    for (const [v, text] of cases) assert.equal(formatPromFloat(v), text, String(v));
  });
});
