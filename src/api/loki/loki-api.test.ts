import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import fastify from 'fastify';
import type { FastifyInstance, FastifyRequest, InjectOptions } from 'fastify';
import type { Attributes, ErrorKind } from '../../model/index.js';
import { LogBatchBuilder, OmniscopeError, labelsFromRecord } from '../../model/index.js';
import type { Store } from '../../store/contract.js';
import { createMemoryStore } from '../../store/memory/index.js';
import { lokiApiPlugin } from './index.js';

const MIN_MS = 60_000;
const NOW_MS = Date.UTC(2024, 0, 1, 12);
const ns = (ms: number): bigint => BigInt(ms) * 1_000_000n;
const nsText = (ms: number): string => ns(ms).toString();
const TRACE = '0af7651916cd43dd8448eb211c80319c';

function tenantOf(request: FastifyRequest): string {
  const failKind = request.headers['x-fail-kind'];
  if (typeof failKind === 'string') {
    throw new OmniscopeError(failKind as ErrorKind, `simulated ${failKind}`, failKind === 'unavailable' ? { retryAfterSeconds: 3 } : undefined);
  }
  const t = request.headers['x-scope-orgid'];
  return typeof t === 'string' ? t : 'default';
}

/** [stream labels, minutes before now, line, metadata, trace id] */
type Row = [Record<string, string>, number, string, Attributes, string];
const API_PROD = { app: 'api', env: 'prod' };
const WEB_PROD = { app: 'web', env: 'prod' };
const API_DEV = { app: 'api', env: 'dev' };
const ROWS: Row[] = [
  [API_PROD, 50, 'GET /users 200', [{ key: 'user.id', value: '42' }, { key: 'http.status', value: 200n }], TRACE],
  [WEB_PROD, 45, 'render home', [], ''],
  [API_PROD, 40, 'GET /orders 500', [], ''],
  [API_PROD, 10, 'POST /users 201', [{ key: 'user.id', value: '42' }, { key: 'app', value: 'shadow' }], ''],
  [WEB_PROD, 5, 'render error page <b>', [], ''],
  [API_DEV, 120, 'old dev line', [], ''],
];

let store: Store;
let app: FastifyInstance;

before(async () => {
  store = createMemoryStore({ retention: { metricsMs: MIN_MS, logsMs: 24 * 60 * MIN_MS, tracesMs: MIN_MS }, clock: () => NOW_MS });
  const b = new LogBatchBuilder('default');
  for (const [labels, minutesAgo, line, metadata, traceId] of ROWS) {
    b.record(b.stream(labelsFromRecord(labels)), { timeUnixNano: ns(NOW_MS - minutesAgo * MIN_MS), line, metadata, traceId });
  }
  await store.logs.appendLogs(b.build());
  const other = new LogBatchBuilder('other');
  other.record(other.stream(labelsFromRecord({ app: 'other' })), { timeUnixNano: ns(NOW_MS - MIN_MS), line: 'other tenant' });
  await store.logs.appendLogs(other.build());
  app = fastify();
  await app.register(lokiApiPlugin, { logs: store.logs, tenantOf, clock: () => NOW_MS, omniscopeVersion: '9.9.9' });
  await app.ready();
});

after(async () => {
  await app.close();
  await store.close();
});

const q = (params: Array<[string, string]>): string => new URLSearchParams(params).toString();

async function call(opts: InjectOptions): Promise<{ status: number; text: string; json: () => Record<string, unknown>; headers: Record<string, unknown> }> {
  const res = await app.inject(opts);
  return { status: res.statusCode, text: res.body, json: () => res.json<Record<string, unknown>>(), headers: res.headers };
}
const get = (url: string, headers: Record<string, string> = {}) => call({ method: 'GET', url, headers });
const post = (url: string, form: string, headers: Record<string, string> = {}) =>
  call({ method: 'POST', url, payload: form, headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers } });

interface StreamsData {
  resultType: string;
  encodingFlags?: string[];
  result: Array<{ stream: Record<string, string>; values: unknown[][] }>;
  stats: { summary: Record<string, number> };
}
const dataOf = (res: { json: () => Record<string, unknown> }): StreamsData => res.json().data as StreamsData;
const lines = (d: StreamsData): string[] => d.result.flatMap((s) => s.values.map((v) => v[1] as string));
const range = (query: string, extra: Array<[string, string]> = []) => `/loki/api/v1/query_range?${q([['query', query], ...extra])}`;

async function assertError(res: Promise<{ status: number; text: string; headers: Record<string, unknown> }>, status: number, message: string): Promise<void> {
  const r = await res;
  assert.deepEqual({ status: r.status, text: r.text }, { status, text: message });
  assert.match(String(r.headers['content-type']), /^text\/plain/);
}

describe('/loki/api/v1/query_range', () => {
  it('merges structured metadata into stream labels by default', async () => {
    const res = await get(range('{env="prod"}'));
    assert.equal(res.status, 200);
    const body = res.json();
    assert.equal(body.status, 'success');
    const data = dataOf(res);
    assert.equal(data.resultType, 'streams');
    assert.equal(data.encodingFlags, undefined);
    // Loki sorts streams by their label string, where ", " sorts before "}".
    assert.deepEqual(data.result, [
      { stream: { app: 'api', app_extracted: 'shadow', env: 'prod', user_id: '42' }, values: [[nsText(NOW_MS - 10 * MIN_MS), 'POST /users 201']] },
      {
        stream: { app: 'api', env: 'prod', http_status: '200', trace_id: TRACE, user_id: '42' },
        values: [[nsText(NOW_MS - 50 * MIN_MS), 'GET /users 200']],
      },
      { stream: { app: 'api', env: 'prod' }, values: [[nsText(NOW_MS - 40 * MIN_MS), 'GET /orders 500']] },
      {
        stream: { app: 'web', env: 'prod' },
        values: [
          [nsText(NOW_MS - 5 * MIN_MS), 'render error page <b>'],
          [nsText(NOW_MS - 45 * MIN_MS), 'render home'],
        ],
      },
    ]);
    assert.equal(data.stats.summary.totalEntriesReturned, 5);
    assert.equal(data.stats.summary.totalLinesProcessed, 5);
  });

  it('categorize-labels: stream labels only, metadata as a third element, encodingFlags', async () => {
    const res = await get(range('{app="api", env="prod"}'), { 'X-Loki-Response-Encoding-Flags': 'categorize-labels' });
    const data = dataOf(res);
    assert.deepEqual(data.encodingFlags, ['categorize-labels']);
    assert.deepEqual(data.result, [
      {
        stream: { app: 'api', env: 'prod' },
        values: [
          [nsText(NOW_MS - 10 * MIN_MS), 'POST /users 201', { structuredMetadata: { app_extracted: 'shadow', user_id: '42' } }],
          [nsText(NOW_MS - 40 * MIN_MS), 'GET /orders 500', {}],
          [nsText(NOW_MS - 50 * MIN_MS), 'GET /users 200', { structuredMetadata: { http_status: '200', trace_id: TRACE, user_id: '42' } }],
        ],
      },
    ]);
  });

  it('direction and limit', async () => {
    assert.deepEqual(lines(dataOf(await get(range('{app="web"}', [['direction', 'forward']])))), ['render home', 'render error page <b>']);
    assert.deepEqual(lines(dataOf(await get(range('{app="web"}', [['direction', 'BACKWARD']])))), ['render error page <b>', 'render home']);
    const newest2 = dataOf(await get(range('{env="prod"}', [['limit', '2']]), { 'X-Loki-Response-Encoding-Flags': 'categorize-labels' }));
    assert.deepEqual(lines(newest2).sort(), ['POST /users 201', 'render error page <b>']);
    const oldest2 = dataOf(await get(range('{env="prod"}', [['limit', '2'], ['direction', 'forward']]), { 'X-Loki-Response-Encoding-Flags': 'categorize-labels' }));
    assert.deepEqual(lines(oldest2).sort(), ['GET /users 200', 'render home']);
  });

  it('line filters are applied', async () => {
    const cases: Array<[string, string[]]> = [
      ['{app="api"} |= "users"', ['POST /users 201', 'GET /users 200']],
      ['{app="api"} |= "users" != "200"', ['POST /users 201']],
      ['{app="api"} |~ "(GET|POST) /u"', ['POST /users 201', 'GET /users 200']],
      ['{app="api"} !~ `\\d{3}$` ', []],
      ['{app=~"api|web"} |= `error`', ['render error page <b>']],
      ['{app="api"}|="orders"', ['GET /orders 500']],
    ];
    for (const [query, expected] of cases) {
      const res = await get(range(query), { 'X-Loki-Response-Encoding-Flags': 'categorize-labels' });
      assert.equal(res.status, 200, `${query}: ${res.text}`);
      assert.deepEqual(lines(dataOf(res)), expected, query);
    }
  });

  it('label filters test structured metadata and stream labels', async () => {
    const cases: Array<[string, string[]]> = [
      [`{app="api"} | trace_id="${TRACE}"`, ['GET /users 200']],
      ['{env="prod"} | user_id="42"', ['POST /users 201', 'GET /users 200']],
      ['{env="prod"} | user_id="42", app_extracted="shadow"', ['POST /users 201']],
      ['{env="prod"} | app="web" or http_status=~"2.."', ['GET /users 200', 'render error page <b>', 'render home']],
      ['{env="prod"} | user_id!="42" |= "GET"', ['GET /orders 500']],
      ['{app="api"} | user_id=""', ['GET /orders 500']],
      ['{app="api"} | (user_id="42" and http_status="200") or app="web"', ['GET /users 200']],
      ['{app="api"} | trace_id=~"0AF.*"', []],
    ];
    for (const [query, expected] of cases) {
      const res = await get(range(query), { 'X-Loki-Response-Encoding-Flags': 'categorize-labels' });
      assert.equal(res.status, 200, `${query}: ${res.text}`);
      assert.deepEqual(lines(dataOf(res)), expected, query);
    }
    const merged = dataOf(await get(range(`{app="api"} | trace_id="${TRACE}"`)));
    assert.deepEqual(merged.result[0]?.stream, { app: 'api', env: 'prod', http_status: '200', trace_id: TRACE, user_id: '42' });
  });

  it('limit counts lines that pass the label filters, in either direction', async () => {
    const query = '{env="prod"} | user_id="42"';
    assert.deepEqual(lines(dataOf(await get(range(query, [['limit', '1']])))), ['POST /users 201']);
    assert.deepEqual(lines(dataOf(await get(range(query, [['limit', '1'], ['direction', 'forward']])))), ['GET /users 200']);
    const stats = dataOf(await get(range(query, [['limit', '1']]))).stats.summary;
    assert.equal(stats.totalEntriesReturned, 1);
  });

  it('bad label filters are 400s: syntax errors in Loki wording, numeric comparisons unsupported', async () => {
    await assertError(get(range('{app="api"} | user_id')), 400, 'parse error at line 1, col 22: unexpected end of input, expected a label filter operator (=, !=, =~, !~)');
    await assertError(get(range('{app="api"} | user_id > "4"')), 400, 'parse error at line 1, col 25: unexpected string after >: it compares numbers, durations or bytes');
    await assertError(get(range('{app="api"} | user_id="42" or')), 400, 'parse error at line 1, col 30: unexpected end of input, expected a label filter (name="value")');
    await assertError(get(range('{app="api"} | user_id=~"("')), 400, 'parse error at line 1, col 24: error parsing regexp: Unterminated group: `(`');
    for (const [query, what] of [
      ['{app="api"} | status >= 400', 'numeric, duration and bytes comparisons in label filters are not supported yet (at "status >= 400")'],
      ['{app="api"} | duration > 10s or user_id="42"', 'numeric, duration and bytes comparisons in label filters are not supported yet (at "duration > 10s or user_id=\\"42\\"")'],
      ['{app="api"} | user_id = 42', 'numeric, duration and bytes comparisons in label filters are not supported yet (at "user_id = 42")'],
      ['{app="api"} | addr = ip("10.0.0.0/8")', 'ip() label filters are not supported yet'],
    ] as const) {
      const res = await get(range(query));
      assert.equal(res.status, 400, query);
      assert.ok(res.text.startsWith(what), `${query}: ${res.text}`);
      assert.match(res.text, /full LogQL arrives in a later version$/);
    }
  });

  it('time range: default last hour, since, and every time format', async () => {
    assert.deepEqual(lines(dataOf(await get(range('{env="dev"}')))), []);
    assert.deepEqual(lines(dataOf(await get(range('{env="dev"}', [['since', '3h']])))), ['old dev line']);
    const formats: Array<[string, string]> = [
      [nsText(NOW_MS - 121 * MIN_MS), nsText(NOW_MS - 119 * MIN_MS)],
      [String((NOW_MS - 121 * MIN_MS) / 1000), String((NOW_MS - 119 * MIN_MS) / 1000)],
      [((NOW_MS - 121 * MIN_MS) / 1000).toFixed(3), ((NOW_MS - 119 * MIN_MS) / 1000).toFixed(3)],
      [new Date(NOW_MS - 121 * MIN_MS).toISOString(), new Date(NOW_MS - 119 * MIN_MS).toISOString()],
    ];
    for (const [start, end] of formats) {
      const res = await get(range('{app="api"}', [['start', start], ['end', end]]));
      assert.deepEqual(lines(dataOf(res)), ['old dev line'], `${start} .. ${end}`);
    }
    // The end is exclusive.
    const atEnd = await get(range('{env="dev"}', [['start', nsText(NOW_MS - 121 * MIN_MS)], ['end', nsText(NOW_MS - 120 * MIN_MS)]]));
    assert.deepEqual(lines(dataOf(atEnd)), []);
  });

  it('POST form body', async () => {
    const res = await post('/loki/api/v1/query_range', q([['query', '{app="web"} |= "home"'], ['limit', '10'], ['direction', 'forward']]));
    assert.equal(res.status, 200);
    assert.deepEqual(lines(dataOf(res)), ['render home']);
  });

  it('tenants are isolated', async () => {
    const res = await get(range('{app=~".+"}'), { 'x-scope-orgid': 'other' });
    assert.deepEqual(lines(dataOf(res)), ['other tenant']);
  });

  it('errors are plain text with Loki statuses', async () => {
    await assertError(get(range('{app="api"')), 400, 'parse error at line 1, col 11: unexpected end of input inside braces');
    await assertError(get(range('')), 400, 'parse error at line 1, col 1: unexpected end of input');
    await assertError(get(range('{app=~"("}')), 400, 'parse error at line 1, col 2: error parsing regexp: Unterminated group: `(`');
    const badRegex = await get(range('{app="api"} |~ "("'));
    assert.equal(badRegex.status, 400);
    assert.match(badRegex.text, /^parse error at line 1, col 16: invalid regular expression "\(": .*Unterminated group$/);
    await assertError(
      get(range('{app=~".*"}')),
      400,
      'parse error : queries require at least one regexp or equality matcher that does not have an empty-compatible value. For instance, app=~".*" does not meet this requirement, but app=~".+" will',
    );
    await assertError(get(range('{app="api"} |= 5')), 400, 'parse error at line 1, col 16: unexpected token, expected a string after a line filter operator');
    await assertError(get(range('{app="api"} foo')), 400, 'parse error at line 1, col 13: unexpected "foo"');
    await assertError(get(range('{app="api"}', [['limit', '5001']])), 400, 'max entries limit per query exceeded, limit > max_entries_limit_per_query (5001 > 5000)');
    await assertError(get(range('{app="api"}', [['limit', '0']])), 400, 'limit must be a positive value');
    await assertError(get(range('{app="api"}', [['limit', 'ten']])), 400, 'invalid limit: cannot parse "ten" as an integer');
    await assertError(get(range('{app="api"}', [['direction', 'sideways']])), 400, "invalid direction 'sideways'");
    await assertError(
      get(range('{app="api"}', [['start', 'yesterday']])),
      400,
      `could not parse 'start' parameter: cannot parse "yesterday" as Unix nanoseconds, Unix seconds or RFC3339`,
    );
    await assertError(get(range('{app="api"}', [['since', '1 hour']])), 400, `could not parse 'since' parameter: not a valid duration string: "1 hour"`);
    await assertError(get(range('{app="api"}', [['start', '20'], ['end', '10']])), 400, 'end timestamp must not be before or equal to start time');
    await assertError(get(range('{app="api"}', [['step', '0']])), 400, 'zero or negative query resolution step widths are not accepted. Try a positive integer');
    await assertError(get(range('{app="api"}', [['step', 'soon']])), 400, 'cannot parse "soon" to a valid duration');
    await assertError(
      get(range('{app="api"}', [['since', '30d'], ['step', '1s']])),
      400,
      'exceeded maximum resolution of 11,000 points per time series. Try increasing the value of the step parameter',
    );
    assert.equal((await get(range('{app="api"}', [['step', '15s']]))).status, 200);
  });

  it('LogQL beyond selectors and line filters is refused with a clear message', async () => {
    for (const query of ['{app="api"} | json', '{app="api"} | user_id="42" | logfmt', '{app="api"} |= "a" or "b"', 'rate({app="api"} | unwrap n [5m])', 'sum(count_over_time({app="api"} | json [1m]))', 'approx_topk(2, rate({app="api"}[5m]))', '{app="api"} |> "<_> <_>"', '{app="api"} |= ip("10.0.0.1")']) {
      const res = await get(range(query));
      assert.equal(res.status, 400, query);
      assert.match(res.text, /are not supported yet .*full LogQL arrives in a later version$/, query);
    }
  });
});

describe('/loki/api/v1/query (instant)', () => {
  it('refuses log queries as Loki does', async () => {
    await assertError(get(`/loki/api/v1/query?${q([['query', '{app="api"}']])}`), 400, 'log queries are not supported as an instant query type, please change your query to a range query type');
    await assertError(post('/loki/api/v1/query', q([['query', '{app="api"}'], ['time', nsText(NOW_MS)]])), 400, 'log queries are not supported as an instant query type, please change your query to a range query type');
  });
  it('validates parameters first', async () => {
    await assertError(get(`/loki/api/v1/query?${q([['query', '{app="api"}'], ['time', 'noon']])}`), 400, `could not parse 'time' parameter: cannot parse "noon" as Unix nanoseconds, Unix seconds or RFC3339`);
    await assertError(get(`/loki/api/v1/query?${q([['query', 'count_over_time({app="api"}[5m])'], ['limit', '0']])}`), 400, 'limit must be a positive value');
  });
});

describe('/loki/api/v1/labels and label values', () => {
  it('label names in range, GET and POST, alias /label', async () => {
    assert.deepEqual((await get('/loki/api/v1/labels')).json(), { status: 'success', data: ['app', 'env'] });
    assert.deepEqual((await post('/loki/api/v1/labels', '')).json(), { status: 'success', data: ['app', 'env'] });
    assert.deepEqual((await get('/loki/api/v1/label')).json(), { status: 'success', data: ['app', 'env'] });
    assert.deepEqual((await get(`/loki/api/v1/labels?${q([['start', nsText(NOW_MS - 2000 * MIN_MS)], ['end', nsText(NOW_MS - 1000 * MIN_MS)]])}`)).json(), { status: 'success', data: [] });
  });

  it('label values, with time range and query', async () => {
    assert.deepEqual((await get('/loki/api/v1/label/env/values')).json(), { status: 'success', data: ['prod'] });
    assert.deepEqual((await get('/loki/api/v1/label/env/values?since=3h')).json(), { status: 'success', data: ['dev', 'prod'] });
    assert.deepEqual((await post('/loki/api/v1/label/app/values', q([['query', '{env="prod"}']]))).json(), { status: 'success', data: ['api', 'web'] });
    assert.deepEqual((await get(`/loki/api/v1/label/app/values?${q([['query', '{env="dev"}'], ['since', '3h']])}`)).json(), { status: 'success', data: ['api'] });
  });

  it('a bad query is a 400', async () => {
    await assertError(get(`/loki/api/v1/label/app/values?${q([['query', 'app="x"']])}`), 400, 'parse error at line 1, col 1: unexpected identifier "app"');
  });
});

describe('/loki/api/v1/series', () => {
  it('union of match[] (GET), POST form, and no match = every stream', async () => {
    const union = await get(`/loki/api/v1/series?${q([['match[]', '{app="web"}'], ['match[]', '{env="prod"}'], ['since', '3h']])}`);
    assert.deepEqual(union.json(), { status: 'success', data: [{ app: 'api', env: 'prod' }, { app: 'web', env: 'prod' }] });
    const posted = await post('/loki/api/v1/series', q([['match[]', '{env="dev"}'], ['since', '3h']]));
    assert.deepEqual(posted.json(), { status: 'success', data: [{ app: 'api', env: 'dev' }] });
    const all = await get('/loki/api/v1/series?since=3h');
    assert.equal((all.json().data as unknown[]).length, 3);
    const braces = await get(`/loki/api/v1/series?${q([['match[]', '{}'], ['since', '3h']])}`);
    assert.equal((braces.json().data as unknown[]).length, 3);
  });
  it('bad selectors are 400', async () => {
    await assertError(
      get(`/loki/api/v1/series?${q([['match[]', '{app=""}']])}`),
      400,
      'parse error : queries require at least one regexp or equality matcher that does not have an empty-compatible value. For instance, app=~".*" does not meet this requirement, but app=~".+" will',
    );
    await assertError(get(`/loki/api/v1/series?${q([['match[]', '{app="a"'], ['since', '3h']])}`), 400, 'parse error at line 1, col 9: unexpected end of input inside braces');
  });
});

describe('/loki/api/v1/status/buildinfo', () => {
  it('answers Loki-style build info naming Omniscope', async () => {
    const body = (await get('/loki/api/v1/status/buildinfo')).json();
    assert.equal(body.version, '3.0.0');
    assert.equal(body.application, 'omniscope');
    assert.equal(body.applicationVersion, '9.9.9');
  });
});

describe('error mapping (sendLokiError)', () => {
  const table: Array<[ErrorKind, number]> = [
    ['bad_input', 400],
    ['unsupported', 400],
    ['limit_exceeded', 400],
    ['not_found', 404],
    ['canceled', 499],
    ['unavailable', 503],
    ['timeout', 504],
    ['internal', 500],
  ];
  for (const [kind, status] of table) {
    it(`${kind} -> ${status}`, async () => {
      const res = await get('/loki/api/v1/labels', { 'x-fail-kind': kind });
      await assertError(Promise.resolve(res), status, `simulated ${kind}`);
      if (kind === 'unavailable') assert.equal(res.headers['retry-after'], '3');
    });
  }
  it("Fastify's own errors are plain text too", async () => {
    const res = await call({ method: 'POST', url: '/loki/api/v1/query_range', payload: '<q/>', headers: { 'content-type': 'application/xml' } });
    assert.equal(res.status, 415);
    assert.match(res.text, /Unsupported Media Type/);
    assert.match(String(res.headers['content-type']), /^text\/plain/);
  });
});
