import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { isStaleNaN } from '../../../model/metrics.js';
import { ExpositionParser, formatFromContentType } from './index.js';
import { describeEntries, labelsOf, renderLabels, valueOf } from './exposition.test-helper.js';

const fixture = (name: string) => readFileSync(new URL(`./testdata/${name}`, import.meta.url), 'utf8');

describe('formatFromContentType', () => {
  it('OpenMetrics 1.0', () => assert.equal(formatFromContentType('application/openmetrics-text; version=1.0.0; charset=utf-8'), 'openmetrics'));
  it('OpenMetrics, odd case and spacing', () => assert.equal(formatFromContentType(' Application/OpenMetrics-Text ;version=0.0.1'), 'openmetrics'));
  it('text 0.0.4', () => assert.equal(formatFromContentType('text/plain; version=0.0.4; charset=utf-8'), 'prometheus-text'));
  it('missing header', () => assert.equal(formatFromContentType(undefined), 'prometheus-text'));
  it('unknown type', () => assert.equal(formatFromContentType('application/json'), 'prometheus-text'));
});

describe('text format: entries', () => {
  it('HELP, TYPE, counter, histogram and summary as client libraries write them', () => {
    const page = [
      '# HELP http_requests_total The total number of HTTP requests.',
      '# TYPE http_requests_total counter',
      'http_requests_total{method="post",code="200"} 1027 1395066363000',
      'http_requests_total{method="post",code="400"}    3 1395066363000',
      '',
      '# A histogram, which has a pretty complex representation in the text format:',
      '# HELP http_request_duration_seconds A histogram of the request duration.',
      '# TYPE http_request_duration_seconds histogram',
      'http_request_duration_seconds_bucket{le="0.05"} 24054',
      'http_request_duration_seconds_bucket{le="+Inf"} 144320',
      'http_request_duration_seconds_sum 53423',
      'http_request_duration_seconds_count 144320',
      '# TYPE rpc_duration_seconds summary',
      'rpc_duration_seconds{quantile="0.99"} 76656',
      'rpc_duration_seconds_sum 1.7560473e+07',
      '# TYPE something untyped',
      'something 1',
    ].join('\n');
    assert.deepEqual(describeEntries(page), [
      '1: help http_requests_total "The total number of HTTP requests."',
      '2: type http_requests_total counter',
      '3: http_requests_total{method="post",code="200"} = 1027 @1395066363000',
      '4: http_requests_total{method="post",code="400"} = 3 @1395066363000',
      '6: comment "A histogram, which has a pretty complex representation in the text format:"',
      '7: help http_request_duration_seconds "A histogram of the request duration."',
      '8: type http_request_duration_seconds histogram',
      '9: http_request_duration_seconds_bucket{le="0.05"} = 24054',
      '10: http_request_duration_seconds_bucket{le="+Inf"} = 144320',
      '11: http_request_duration_seconds_sum = 53423',
      '12: http_request_duration_seconds_count = 144320',
      '13: type rpc_duration_seconds summary',
      '14: rpc_duration_seconds{quantile="0.99"} = 76656',
      '15: rpc_duration_seconds_sum = 17560473',
      '16: type something unknown',
      '17: something = 1',
    ]);
  });

  it('a real node_exporter 1.5 page parses completely', () => {
    const page = fixture('node-exporter-1.5.prom');
    const p = new ExpositionParser(page, 'prometheus-text');
    let series = 0;
    for (let kind = p.next(); kind !== null; kind = p.next()) {
      if (kind !== 'series') continue;
      series++;
      const labels = p.labels();
      assert.equal(labels.find((l) => l.name === '__name__')?.value, p.metricName());
      assert.ok(labels.every((l) => l.value !== ''), 'empty values (duplex="") are dropped');
    }
    assert.equal(series, page.split('\n').filter((l) => l !== '' && !l.startsWith('#')).length);
  });

  it('HELP escapes: only \\\\ and \\n; others stay as written', () => {
    assert.deepEqual(describeEntries('# HELP m a\\\\b\\nc \\"d\\" \\t \\\\n'), ['1: help m "a\\\\b\\nc \\\\\\"d\\\\\\" \\\\t \\\\n"']);
  });
  it('HELP without text, with tab separators, with extra spaces kept', () => {
    assert.deepEqual(describeEntries('# HELP m\n#\tHELP\tn\tx\n# HELP o   y '), ['1: help m ""', '2: help n "x"', '3: help o "  y "']);
  });
  it('TYPE tolerates blanks around the type word', () => assert.deepEqual(describeEntries('# TYPE m \t gauge \t'), ['1: type m gauge']));
  it('comments: "#HELP" without a blank, bare "#", "# HELP" alone, "# UNIT" and "# EOF" are comments', () => {
    assert.deepEqual(describeEntries('#HELP m x\n#\n# HELP\n# UNIT m s\n# EOF'), [
      '1: comment "HELP m x"',
      '2: comment ""',
      '3: comment "HELP"',
      '4: comment "UNIT m s"',
      '5: comment "EOF"',
    ]);
  });
  it('blank and whitespace-only lines are skipped, line numbers still count them', () => {
    assert.deepEqual(describeEntries('\n  \n\t\na 1\n\n b 2\n'), ['4: a = 1', '6: b = 2']);
  });
  it('last line without a newline', () => assert.deepEqual(describeEntries('a 1\nb 2'), ['1: a = 1', '2: b = 2']));
  it('empty page', () => assert.deepEqual(describeEntries(''), []));
  it('next() keeps returning null at the end', () => {
    const p = new ExpositionParser('a 1\n', 'prometheus-text');
    assert.equal(p.next(), 'series');
    assert.equal(p.next(), null);
    assert.equal(p.next(), null);
  });
});

describe('text format: series syntax', () => {
  it('blanks between every token, name then "{", no blank after "}"', () => {
    assert.deepEqual(describeEntries('m { a = "1" ,\tb="2" , }\t7  \nn{}8\n'), ['1: m { a = "1" ,\tb="2" , } = 7', '2: n{} = 8']);
  });
  it('trailing comma', () => assert.equal(labelsOf('m{a="1",} 1'), '{__name__="m",a="1"}'));
  it('unknown escapes in label values are kept as written, as Prometheus keeps them', () => {
    const p = new ExpositionParser('m{a="x\\ty",b="\\u00e9"} 1\n', 'prometheus-text');
    assert.equal(p.next(), 'series');
    assert.deepEqual(p.labels(), [{ name: '__name__', value: 'm' }, { name: 'a', value: 'x\\ty' }, { name: 'b', value: '\\u00e9' }]);
  });
  it('labels are sorted, __name__ included', () => assert.equal(labelsOf('m{z="1",a="2",_b="3"} 1'), '{__name__="m",_b="3",a="2",z="1"}'));
  it('empty label values are dropped', () => assert.equal(labelsOf('m{a="",b="x"} 1'), '{__name__="m",b="x"}'));
  it('label value escapes', () => assert.equal(labelsOf('m{a="x\\\\y\\"z\\nw"} 1'), '{__name__="m",a="x\\\\y\\"z\\nw"}'));
  it('label values may hold "}", ",", "#", "=" and non-ASCII text', () => {
    assert.equal(labelsOf('m{a="}{,#= ünï 😀"} 1'), '{__name__="m",a="}{,#= ünï 😀"}');
  });
  it('names with colons', () => assert.equal(labelsOf('job:rate5m:sum{a="1"} 1'), '{__name__="job:rate5m:sum",a="1"}'));
  it('Prometheus 3 quoted UTF-8 metric name inside the braces', () => {
    assert.equal(labelsOf('{"my.metric", "label.name"="v", plain="w"} 1'), '{__name__="my.metric",label.name="v",plain="w"}');
  });
  it('quoted metric name alone, and after labels', () => {
    assert.equal(labelsOf('{"my.metric"} 1'), '{__name__="my.metric"}');
    assert.equal(labelsOf('{a="1","my.metric"} 1'), '{__name__="my.metric",a="1"}');
  });
  it('quoted names with escapes', () => assert.equal(labelsOf('{"a\\"b", "c\\\\d"="v"} 1'), '{__name__="a\\"b",c\\d="v"}'));
  it('quoted HELP and TYPE names', () => {
    assert.deepEqual(describeEntries('# HELP "my.metric" Some help\n# TYPE "my.metric" gauge'), ['1: help my.metric "Some help"', '2: type my.metric gauge']);
  });
  it('metricName() without building labels', () => {
    const p = new ExpositionParser('{"a.b"} 1\nc{d="e"} 2\n', 'prometheus-text');
    p.next();
    assert.equal(p.metricName(), 'a.b');
    p.next();
    assert.equal(p.metricName(), 'c');
  });
  it('timestamps: integer milliseconds', () => {
    assert.deepEqual(describeEntries('a 1 0\nb 1 1700000000123\nc 1 \t 9007199254740991 \n'), ['1: a = 1 @0', '2: b = 1 @1700000000123', '3: c = 1 @9007199254740991']);
  });
  it('no timestamp is undefined', () => {
    const p = new ExpositionParser('a 1\n', 'prometheus-text');
    p.next();
    assert.equal(p.timestampMs(), undefined);
    assert.equal(p.exemplar(), undefined);
  });
});

describe('sample values (Go ParseFloat syntax without hex and "_", as Prometheus)', () => {
  const cases: [string, number][] = [
    ['0', 0], ['-0', -0], ['+7', 7], ['1027', 1027], ['1.5', 1.5], ['.5', 0.5], ['5.', 5], ['1e3', 1000], ['1E+3', 1000],
    ['1.7560473e+07', 17560473], ['-3.5e-3', -0.0035], ['0.1', 0.1], ['0.000123', 0.000123], ['007', 7],
    ['9007199254740993', 9007199254740992], ['12345678901234567890', 12345678901234567168], ['1e308', 1e308], ['1e-400', 0],
    ['4.9e-324', 5e-324], ['123456789012345678e-5', 1234567890123.4568], ['0.1e-30', 1e-31],
    ['+Inf', Infinity], ['-Inf', -Infinity], ['Inf', Infinity], ['inf', Infinity], ['+infinity', Infinity], ['-INFINITY', -Infinity],
  ];
  for (const [token, expected] of cases) it(token, () => assert.ok(Object.is(valueOf(token), expected), `${token} -> ${valueOf(token)}`));
  it('NaN, any case, is NaN and not the staleness marker', () => {
    for (const token of ['NaN', 'nan', 'NAN']) {
      const v = valueOf(token);
      assert.ok(Number.isNaN(v) && !isStaleNaN(v), token);
    }
  });
  it('integers are exact up to 2^53', () => {
    for (const n of [1, 42, 999_999_999_999_999, 2 ** 53 - 1, 2 ** 53]) assert.equal(valueOf(String(n)), n);
  });
  it('same values in OpenMetrics', () => {
    for (const [token, expected] of cases) assert.ok(Object.is(valueOf(token, 'openmetrics'), expected), token);
  });
});

describe('seriesText as a cache key', () => {
  it('excludes value, timestamp and exemplar; same text gives equal strings across pages', () => {
    const texts = (page: string, format: 'prometheus-text' | 'openmetrics') => {
      const p = new ExpositionParser(page, format);
      const out: string[] = [];
      for (let k = p.next(); k !== null; k = p.next()) if (k === 'series') out.push(p.seriesText());
      return out;
    };
    const first = texts('a{x="1"} 1 100\nb 2\n', 'prometheus-text');
    const second = texts('# HELP a h\na{x="1"} 99 200\nb 3 300\n', 'prometheus-text');
    assert.deepEqual(first, ['a{x="1"}', 'b']);
    assert.deepEqual(second, first);
    assert.deepEqual(texts('a_total{x="1"} 1 5 # {t="x"} 1 2\nb 1\n# EOF\n', 'openmetrics'), ['a_total{x="1"}', 'b']);
  });
  it('is the text as written: different spelling of one series is a different key with equal labels', () => {
    const p = new ExpositionParser('a{x="1",y="2"} 1\na{y="2",x="1"} 1\n', 'prometheus-text');
    p.next();
    const [k1, l1] = [p.seriesText(), renderLabels(p.labels())];
    p.next();
    assert.notEqual(p.seriesText(), k1);
    assert.equal(renderLabels(p.labels()), l1);
  });
});

describe('OpenMetrics', () => {
  it('a page with every type, units, exemplars, _created, timestamps and a quoted name', () => {
    assert.deepEqual(describeEntries(fixture('openmetrics-1.0.om.txt'), 'openmetrics'), [
      '1: type jobs_processed counter',
      '2: help jobs_processed "Jobs taken off the queue, by outcome."',
      '3: jobs_processed_total{outcome="ok"} = 4211 # {trace_id="4bf92f3577b34da6"} 1 @1712345678250',
      '4: jobs_processed_created{outcome="ok"} = 1712300000.5',
      '5: jobs_processed_total{outcome="failed"} = 17',
      '6: jobs_processed_created{outcome="failed"} = 1712300000.5',
      '7: type queue_wait_seconds histogram',
      '8: unit queue_wait_seconds seconds',
      '9: help queue_wait_seconds "Time a job waited, in \\"queue\\" order.\\nSecond line with a \\\\ backslash."',
      '10: queue_wait_seconds_bucket{le="0.01"} = 120',
      '11: queue_wait_seconds_bucket{le="0.1"} = 340 # {trace_id="9a1c"} 0.042 @1712345679000',
      '12: queue_wait_seconds_bucket{le="1.0"} = 351',
      '13: queue_wait_seconds_bucket{le="+Inf"} = 352 # {span_id="01",trace_id="77"} 12.5',
      '14: queue_wait_seconds_count = 352',
      '15: queue_wait_seconds_sum = 18.75',
      '16: queue_wait_seconds_created = 1712300000',
      '17: type queue_depth gaugehistogram',
      '18: queue_depth_bucket{le="10"} = 3',
      '19: queue_depth_bucket{le="+Inf"} = 5',
      '20: queue_depth_gcount = 5',
      '21: queue_depth_gsum = 31',
      '22: type rpc_duration_seconds summary',
      '23: unit rpc_duration_seconds seconds',
      '24: rpc_duration_seconds{quantile="0.5"} = 0.012',
      '25: rpc_duration_seconds{quantile="0.99"} = NaN',
      '26: rpc_duration_seconds_count = 9 @1712345680001',
      '27: rpc_duration_seconds_sum = 0.2 @1712345680001',
      '28: type build info',
      '29: build_info{version="1.4.2",revision="c0ffee",branch="main"} = 1',
      '30: type feature_flag stateset',
      '31: feature_flag{feature_flag="dark_mode"} = 1',
      '32: feature_flag{feature_flag="beta_search"} = 0',
      '33: type temperature_celsius gauge',
      '34: unit temperature_celsius celsius',
      '35: temperature_celsius{sensor="inlet"} = -4.5',
      '36: temperature_celsius{sensor="outlet"} = Infinity',
      '37: type service.uptime gauge',
      '38: {"service.uptime","region.name"="eu-west"} = 86400',
      '39: type legacy_thing unknown',
      '40: legacy_thing = 7',
      '41: eof',
    ]);
  });
  it('timestamps: float seconds to integer milliseconds, truncated toward zero as Prometheus', () => {
    assert.deepEqual(describeEntries('a 1 1520879607.789\nb 1 1.0005\nc 1 -1.5\nd 1 1e3\ne 1 0\n# EOF', 'openmetrics'), [
      '1: a = 1 @1520879607789',
      '2: b = 1 @1000',
      '3: c = 1 @-1500',
      '4: d = 1 @1000000',
      '5: e = 1 @0',
      '6: eof',
    ]);
  });
  it('exemplar right after the value, with and without a timestamp, and empty', () => {
    assert.deepEqual(describeEntries('a_total 1 # {} 2\nb_total 1 # {x="y"} 3 4.5\n# EOF\n', 'openmetrics'), ['1: a_total = 1 # {} 2', '2: b_total = 1 # {x="y"} 3 @4500', '3: eof']);
  });
  it('exemplar labels are unescaped and keep empty values', () => {
    const p = new ExpositionParser('a_total 1 # {t="q\\"\\n",e=""} 2\n# EOF', 'openmetrics');
    p.next();
    assert.deepEqual(p.exemplar(), { labels: [{ name: 'e', value: '' }, { name: 't', value: 'q"\n' }], value: 2, timestampMs: undefined });
  });
  it('trailing comma in labels is accepted (as Prometheus does)', () => assert.equal(labelsOf('a{b="c",} 1', 'openmetrics'), '{__name__="a",b="c"}'));
  it('empty UNIT and HELP', () => assert.deepEqual(describeEntries('# UNIT a \n# HELP a \n# HELP b\n# EOF', 'openmetrics'), ['1: unit a ', '2: help a ""', '3: help b ""', '4: eof']));
  it('"# EOF" without a final newline; next() stays null after it', () => {
    const p = new ExpositionParser('# EOF', 'openmetrics');
    assert.equal(p.next(), 'eof');
    assert.equal(p.next(), null);
    assert.equal(p.next(), null);
  });
});

describe('accessor misuse is a bug, not bad input', () => {
  it('seriesText() on a TYPE entry', () => {
    const p = new ExpositionParser('# TYPE a gauge\n', 'prometheus-text');
    p.next();
    assert.throws(() => p.seriesText(), (e: unknown) => e instanceof Error && e.message.startsWith('BUG:'));
  });
  it('helpText() on a series entry, and any accessor before next()', () => {
    const p = new ExpositionParser('a 1\n', 'prometheus-text');
    assert.throws(() => p.value(), /BUG:/);
    p.next();
    assert.throws(() => p.helpText(), /BUG:/);
  });
});
