import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { gzipSync } from 'node:zlib';
import type { Labels, MetricBatch } from '../../../model/index.js';
import { isStaleNaN, labelsToRecord } from '../../../model/index.js';
import { compileRelabelRules } from '../relabel/index.js';
import type { RelabelConfig } from '../../../config/prometheus/index.js';
import { ScrapeLoop } from './scrape-loop.js';
import type { ScrapeTargetSpec } from './scrape-loop.js';

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

let server: Server;
let port = 0;
let handler: Handler = (_req, res) => res.end('');

before(async () => {
  server = createServer((req, res) => handler(req, res));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  port = (server.address() as { port: number }).port;
});
after(() => new Promise<void>((r) => server.close(() => r())));

const TARGET: Labels = [
  { name: 'instance', value: 'app:9100' },
  { name: 'job', value: 'app' },
];

function spec(over: Partial<ScrapeTargetSpec['rules']> = {}, request: Partial<ScrapeTargetSpec['request']> = {}): ScrapeTargetSpec {
  return {
    scrapePool: 'app',
    discoveredLabels: [{ name: '__address__', value: 'app:9100' }],
    intervalMs: 15_000,
    request: {
      url: new URL(`http://127.0.0.1:${port}/metrics`),
      timeoutMs: 2000,
      bodySizeLimitBytes: 0,
      acceptHeader: 'text/plain;version=0.0.4',
      enableCompression: true,
      followRedirects: true,
      userAgent: 'test',
      headers: {},
      tls: {},
      ...request,
    },
    rules: {
      targetLabels: TARGET,
      honorLabels: false,
      honorTimestamps: true,
      metricRelabel: [],
      sampleLimit: 0,
      labelLimit: 0,
      labelNameLengthLimit: 0,
      labelValueLengthLimit: 0,
      ...over,
    },
  };
}

/** Samples of the written batches as `name{labels} value @ts` lines; stale markers print as STALE. */
function lines(batches: MetricBatch[]): string[] {
  const out: string[] = [];
  for (const b of batches) {
    for (let i = 0; i < b.values.length; i++) {
      const labels = labelsToRecord(b.series[b.seriesIndex[i] as number] as Labels);
      const { __name__: name, ...rest } = labels;
      const v = b.values[i] as number;
      const inner = Object.entries(rest).map(([k, val]) => `${k}="${val}"`).join(',');
      out.push(`${name}{${inner}} ${isStaleNaN(v) ? 'STALE' : v}`);
    }
  }
  return out;
}

function loopWith(s: ScrapeTargetSpec, now = 1_700_000_000_000): { loop: ScrapeLoop; written: MetricBatch[] } {
  const written: MetricBatch[] = [];
  const loop = new ScrapeLoop(s, {
    tenant: 't',
    offsetSeed: 'x',
    now: () => now,
    append: async (b) => {
      written.push(b);
      return { accepted: b.values.length, rejected: {} };
    },
  });
  return { loop, written };
}

const serve = (body: string, contentType = 'text/plain; version=0.0.4'): Handler => (_req, res) => {
  res.setHeader('content-type', contentType);
  res.end(body);
};

describe('ScrapeLoop', () => {
  it('writes samples with target labels, report series, and reports health', async () => {
    handler = serve('# TYPE http_requests_total counter\nhttp_requests_total{code="200"} 7\nhttp_requests_total{code="500"} 1\n');
    const { loop, written } = loopWith(spec());
    await loop.scrapeOnce();
    const got = lines(written);
    assert.deepEqual(got.slice(0, 2), ['http_requests_total{code="200",instance="app:9100",job="app"} 7', 'http_requests_total{code="500",instance="app:9100",job="app"} 1']);
    assert.ok(got.includes('up{instance="app:9100",job="app"} 1'));
    assert.ok(got.includes('scrape_samples_scraped{instance="app:9100",job="app"} 2'));
    assert.ok(got.includes('scrape_samples_post_metric_relabeling{instance="app:9100",job="app"} 2'));
    assert.ok(got.includes('scrape_series_added{instance="app:9100",job="app"} 2'));
    assert.ok(got.some((l) => l.startsWith('scrape_duration_seconds{')));
    assert.equal(loop.status().health, 'up');
    assert.equal(written[0]?.metadata[0]?.type, 'counter');
    assert.deepEqual([...loop.metadata.keys()], ['http_requests_total']);
  });

  it('conflicting labels become exported_*, or the scraped value wins with honor_labels', async () => {
    handler = serve('m{job="inner",instance="x"} 1\n');
    const a = loopWith(spec());
    await a.loop.scrapeOnce();
    assert.equal(lines(a.written)[0], 'm{exported_instance="x",exported_job="inner",instance="app:9100",job="app"} 1');
    const b = loopWith(spec({ honorLabels: true }));
    await b.loop.scrapeOnce();
    assert.equal(lines(b.written)[0], 'm{instance="x",job="inner"} 1');
  });

  it('marks vanished series stale, and every series stale when a scrape fails', async () => {
    const { loop, written } = loopWith(spec());
    handler = serve('a 1\nb 2\n');
    await loop.scrapeOnce();
    handler = serve('a 3\n');
    written.length = 0;
    await loop.scrapeOnce();
    assert.deepEqual(lines(written).slice(0, 2), ['a{instance="app:9100",job="app"} 3', 'b{instance="app:9100",job="app"} STALE']);
    handler = (_req, res) => {
      res.statusCode = 500;
      res.end('boom');
    };
    written.length = 0;
    await loop.scrapeOnce();
    const failed = lines(written);
    assert.equal(failed[0], 'a{instance="app:9100",job="app"} STALE');
    assert.ok(failed.includes('up{instance="app:9100",job="app"} 0'));
    assert.equal(loop.status().health, 'down');
    assert.equal(loop.status().lastError, 'server returned HTTP status 500 Internal Server Error');
    // A failed scrape leaves nothing to mark again.
    written.length = 0;
    await loop.scrapeOnce();
    assert.equal(lines(written).filter((l) => l.endsWith('STALE')).length, 0);
  });

  it('a malformed exposition fails the scrape with the line in lastError and stores none of it', async () => {
    handler = serve('good 1\nbad{ 2\n');
    const { loop, written } = loopWith(spec());
    await loop.scrapeOnce();
    assert.match(loop.status().lastError, /^line 2: /);
    assert.deepEqual(lines(written).filter((l) => l.startsWith('good')), []);
    assert.ok(lines(written).includes('up{instance="app:9100",job="app"} 0'));
  });

  it('metric_relabel_configs drop and rewrite series', async () => {
    handler = serve('keep_me{x="1"} 1\ndrop_me 2\n');
    const rules: RelabelConfig[] = [
      { sourceLabels: ['__name__'], separator: ';', regex: 'drop_.*', modulus: 0, targetLabel: '', replacement: '$1', action: 'drop', nameValidation: 'utf8' },
      { sourceLabels: ['x'], separator: ';', regex: '(.*)', modulus: 0, targetLabel: 'y', replacement: 'v$1', action: 'replace', nameValidation: 'utf8' },
    ];
    const { loop, written } = loopWith(spec({ metricRelabel: compileRelabelRules(rules) }));
    await loop.scrapeOnce();
    const got = lines(written);
    assert.equal(got[0], 'keep_me{instance="app:9100",job="app",x="1",y="v1"} 1');
    assert.ok(!got.some((l) => l.startsWith('drop_me')));
    assert.ok(got.includes('scrape_samples_scraped{instance="app:9100",job="app"} 2'));
    assert.ok(got.includes('scrape_samples_post_metric_relabeling{instance="app:9100",job="app"} 1'));
  });

  it('sample_limit and label_limit fail the scrape with Prometheus-like messages', async () => {
    handler = serve('a 1\nb 2\nc 3\n');
    const limited = loopWith(spec({ sampleLimit: 2 }));
    await limited.loop.scrapeOnce();
    assert.match(limited.loop.status().lastError, /^sample limit exceeded/);
    handler = serve('a{p="1",q="2"} 1\n');
    const labels = loopWith(spec({ labelLimit: 3 }));
    await labels.loop.scrapeOnce();
    assert.match(labels.loop.status().lastError, /^label_limit exceeded \(metric: a, number of labels: 5, limit: 3\)/);
  });

  it('times out a hanging target, and enforces the body size limit after gunzip', async () => {
    handler = () => undefined; // never answers
    const slow = loopWith(spec({}, { timeoutMs: 200 }));
    const t0 = Date.now();
    await slow.loop.scrapeOnce();
    assert.ok(Date.now() - t0 < 2000);
    assert.match(slow.loop.status().lastError, /context deadline exceeded/);

    const big = `${'x'.repeat(100)} 1\n`.repeat(1000);
    handler = (_req, res) => {
      res.setHeader('content-encoding', 'gzip');
      res.end(gzipSync(big));
    };
    const limited = loopWith(spec({}, { bodySizeLimitBytes: 10_000 }));
    await limited.loop.scrapeOnce();
    assert.match(limited.loop.status().lastError, /body size limit exceeded/);
    const unlimited = loopWith(spec());
    await unlimited.loop.scrapeOnce();
    assert.equal(unlimited.loop.status().health, 'up');
  });

  it('follows redirects unless follow_redirects is false', async () => {
    handler = (req, res) => {
      if (req.url === '/metrics') {
        res.statusCode = 302;
        res.setHeader('location', '/real');
        res.end();
      } else serve('moved 1\n')(req, res);
    };
    const a = loopWith(spec());
    await a.loop.scrapeOnce();
    assert.equal(lines(a.written)[0], 'moved{instance="app:9100",job="app"} 1');
    const b = loopWith(spec({}, { followRedirects: false }));
    await b.loop.scrapeOnce();
    assert.match(b.loop.status().lastError, /HTTP status 302/);
  });

  it('unreachable targets are down with the connection error', async () => {
    const { loop } = loopWith(spec({}, { url: new URL('http://127.0.0.1:1/metrics') }));
    await loop.scrapeOnce();
    assert.equal(loop.status().health, 'down');
    assert.match(loop.status().lastError, /ECONNREFUSED/);
  });

  it('honors exposition timestamps unless honor_timestamps is false; OpenMetrics exemplars are kept', async () => {
    handler = serve('# TYPE c counter\nc_total 5 1700000000.5 # {trace_id="abc"} 1 1700000000.1\n# EOF\n', 'application/openmetrics-text; version=1.0.0');
    const a = loopWith(spec());
    await a.loop.scrapeOnce();
    assert.equal(a.written[0]?.timestampsMs[0], 1_700_000_000_500);
    assert.deepEqual(a.written[0]?.exemplars[0]?.labels, [{ name: 'trace_id', value: 'abc' }]);
    const b = loopWith(spec({ honorTimestamps: false }));
    await b.loop.scrapeOnce();
    assert.equal(b.written[0]?.timestampsMs[0], 1_700_000_000_000);
  });

  it('stop() marks the last scrape and the report series stale', async () => {
    handler = serve('a 1\n');
    const { loop, written } = loopWith(spec());
    await loop.scrapeOnce();
    written.length = 0;
    await loop.stop();
    const got = lines(written);
    assert.ok(got.includes('a{instance="app:9100",job="app"} STALE'));
    assert.ok(got.includes('up{instance="app:9100",job="app"} STALE'));
  });
});
