import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { KeyValueList, isOmniscopeError } from '../../../model/index.js';
import { decodeLogsJson } from './index.js';

const CONFORMANCE = new URL('../../../../../shared/conformance/otlp/', import.meta.url);
const NOW = 1_800_000_000_000_000_000n;

function badInputMessage(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    assert.ok(isOmniscopeError(e), `expected OmniscopeError, got ${String(e)}`);
    assert.equal(e.kind, 'bad_input');
    return e.message;
  }
  assert.fail('expected a throw');
}

const SCOPE_METADATA = [
  { key: 'my.scope.attribute', value: 'some scope attribute' },
  { key: 'scope_name', value: 'my.library' },
  { key: 'scope_version', value: '1.0.0' },
];

describe('decodeLogsJson: conformance example logs.json', () => {
  const { batch, rejected } = decodeLogsJson(readFileSync(new URL('logs.json', CONFORMANCE)), 'tenant-a', NOW);

  it('maps the record exactly', () => {
    assert.equal(rejected, 0);
    assert.equal(batch.tenant, 'tenant-a');
    assert.equal(batch.length, 1);
    assert.deepEqual(batch.streams, [
      [
        { name: 'level', value: 'info' },
        { name: 'service_name', value: 'my.service' },
      ],
    ]);
    assert.deepEqual([...batch.streamIndex], [0]);
    assert.deepEqual([...batch.timeUnixNano], [1544712660300000000n]);
    assert.deepEqual([...batch.observedTimeUnixNano], [1544712660300000000n]);
    assert.deepEqual([...batch.severityNumber], [10]);
    assert.deepEqual(batch.severityText, ['Information']);
    assert.deepEqual(batch.line, ['Example log record']);
    assert.deepEqual(batch.traceId, ['5b8efff798038103d269b633813fc60c']);
    assert.deepEqual(batch.spanId, ['eee19b7ec3c1b174']);
    assert.deepEqual([...batch.flags], [0]);
    assert.deepEqual(batch.metadata, [
      [
        { key: 'string.attribute', value: 'some string' },
        { key: 'boolean.attribute', value: true },
        { key: 'int.attribute', value: 10n },
        { key: 'double.attribute', value: 637.704 },
        { key: 'array.attribute', value: ['many', 'values'] },
        { key: 'map.attribute', value: new KeyValueList([{ key: 'some.map.key', value: 'some value' }]) },
        ...SCOPE_METADATA,
      ],
    ]);
  });
});

describe('decodeLogsJson: conformance example events.json', () => {
  const { batch, rejected } = decodeLogsJson(readFileSync(new URL('events.json', CONFORMANCE)), 't', NOW);

  it('maps the event record exactly, keeping event_name', () => {
    assert.equal(rejected, 0);
    assert.equal(batch.length, 1);
    assert.deepEqual(batch.streams, [
      [
        { name: 'level', value: 'info' },
        { name: 'service_name', value: 'my.service' },
      ],
    ]);
    assert.deepEqual([...batch.severityNumber], [9]);
    assert.deepEqual(batch.severityText, ['test severity text']);
    assert.deepEqual(batch.line, [
      '{"type":0,"url":"https://www.guidgenerator.com/online-guid-generator.aspx","referrer":"https://wwww.google.com","title":"Free Online GUID Generator"}',
    ]);
    assert.deepEqual([batch.traceId, batch.spanId], [[''], ['']]);
    assert.deepEqual(batch.metadata, [
      [{ key: 'event.attribute', value: 'some event attribute' }, ...SCOPE_METADATA, { key: 'event_name', value: 'browser.page_view' }],
    ]);
  });
});

function request(records: unknown[], resourceAttributes: unknown[] = [], scope: unknown = undefined): string {
  return JSON.stringify({ resourceLogs: [{ resource: { attributes: resourceAttributes }, scopeLogs: [{ scope, logRecords: records }] }] });
}

const str = (key: string, v: string): unknown => ({ key, value: { stringValue: v } });

describe('decodeLogsJson: mapping', () => {
  it('promotes Loki default resource attributes to labels and keeps the rest as metadata', () => {
    const { batch } = decodeLogsJson(
      request(
        [{ timeUnixNano: '1', severityNumber: 17, body: { stringValue: 'x' }, attributes: [str('host.name', 'from-record')] }],
        [
          str('service.name', 'checkout'),
          str('service.namespace', 'shop'),
          str('deployment.environment.name', 'prod'),
          str('k8s.pod.name', 'checkout-1'),
          { key: 'cloud.region', value: { intValue: '5' } },
          str('host.name', 'from-resource'),
          str('telemetry.sdk.language', 'nodejs'),
          str('k8s.cluster.name', ''),
        ],
      ),
      't',
      NOW,
    );
    assert.deepEqual(batch.streams[0], [
      { name: 'cloud_region', value: '5' },
      { name: 'deployment_environment_name', value: 'prod' },
      { name: 'k8s_pod_name', value: 'checkout-1' },
      { name: 'level', value: 'error' },
      { name: 'service_name', value: 'checkout' },
      { name: 'service_namespace', value: 'shop' },
    ]);
    // The record's own host.name wins over the resource's.
    assert.deepEqual(batch.metadata[0], [
      { key: 'host.name', value: 'from-record' },
      { key: 'telemetry.sdk.language', value: 'nodejs' },
    ]);
  });

  it('uses service_name="unknown_service" and one stream per level', () => {
    const { batch } = decodeLogsJson(
      request([
        { severityNumber: 9 },
        { severityNumber: 'SEVERITY_NUMBER_ERROR2' },
        { severityText: 'WARNING' },
        {},
        { severityNumber: 10 },
      ]),
      't',
      NOW,
    );
    assert.deepEqual(
      batch.streams.map((s) => s.map((l) => `${l.name}=${l.value}`).join(',')),
      ['level=info,service_name=unknown_service', 'level=error,service_name=unknown_service', 'level=warning,service_name=unknown_service', 'level=unknown,service_name=unknown_service'],
    );
    assert.deepEqual([...batch.streamIndex], [0, 1, 2, 3, 0]);
    assert.deepEqual([...batch.severityNumber], [9, 18, 0, 0, 10]);
  });

  it('falls back from time to observed time to the decode clock', () => {
    const { batch } = decodeLogsJson(
      request([{ timeUnixNano: '5', observedTimeUnixNano: '6' }, { timeUnixNano: '0', observedTimeUnixNano: 7 }, {}]),
      't',
      NOW,
    );
    assert.deepEqual([...batch.timeUnixNano], [5n, 7n, NOW]);
    assert.deepEqual([...batch.observedTimeUnixNano], [6n, 7n, 0n]);
  });

  it('renders non-string bodies as text', () => {
    const bodies = [
      { intValue: '-9223372036854775808' },
      { doubleValue: 1.5 },
      { boolValue: true },
      { arrayValue: { values: [{ stringValue: 'a' }, { intValue: '1' }] } },
      { bytesValue: 'AQI=' },
      {},
    ];
    const { batch } = decodeLogsJson(request([...bodies.map((body) => ({ body })), {}]), 't', NOW);
    assert.deepEqual(batch.line, ['-9223372036854775808', '1.5', 'true', '["a",1]', 'AQI=', '', '']);
  });

  it('keeps flags, and treats all-zero ids as absent', () => {
    const { batch } = decodeLogsJson(request([{ flags: 1, traceId: '0'.repeat(32), spanId: '0'.repeat(16) }]), 't', NOW);
    assert.deepEqual([[...batch.flags], batch.traceId, batch.spanId], [[1], [''], ['']]);
  });

  it('shares one metadata list between records without attributes', () => {
    const { batch } = decodeLogsJson(request([{}, {}], [str('host.name', 'h')], { name: 'lib' }), 't', NOW);
    assert.deepEqual(batch.metadata[0], [
      { key: 'host.name', value: 'h' },
      { key: 'scope_name', value: 'lib' },
    ]);
    assert.equal(batch.metadata[0], batch.metadata[1]);
  });
});

describe('decodeLogsJson: rejections and malformed requests', () => {
  const cases: Array<[string, Record<string, unknown>, string]> = [
    ['short trace id', { traceId: 'abcd' }, 'log record trace_id must be 16 bytes or empty, got 2'],
    ['long span id', { spanId: '0123456789abcdef0123456789abcdef' }, 'log record span_id must be 8 bytes or empty, got 16'],
    ['non-hex trace id', { traceId: 'W4785/mAgQPSabYzgT/GDA==' }, 'log record traceId is not hex text'],
  ];
  for (const [name, rec, message] of cases) {
    it(`rejects a record with a ${name}`, () => {
      const r = decodeLogsJson(request([rec, { body: { stringValue: 'ok' } }]), 't', NOW);
      assert.equal(r.rejected, 1);
      assert.deepEqual(r.rejectionMessages, [message]);
      assert.deepEqual(r.batch.line, ['ok']);
    });
  }

  const bad: Array<[string, string, RegExp]> = [
    ['invalid JSON', '{', /malformed ExportLogsServiceRequest JSON/],
    ['a string', '"x"', /ExportLogsServiceRequest must be an object/],
    ['resourceLogs not an array', '{"resourceLogs":1}', /resourceLogs must be an array/],
    ['a record that is not an object', '{"resourceLogs":[{"scopeLogs":[{"logRecords":["x"]}]}]}', /logRecords\[0\] must be an object/],
    ['a bad severity', request([{ severityNumber: 'LOUD' }]), /logRecords\[0\]\.severityNumber must be an enum/],
    ['a bad body', request([{ body: { intValue: true } }]), /logRecords\[0\]\.body\.intValue/],
    ['a bad time', request([{ timeUnixNano: -1 }]), /timeUnixNano must be within the uint64 range/],
  ];
  for (const [name, body, re] of bad) {
    it(`throws badInput for ${name}`, () => assert.match(badInputMessage(() => decodeLogsJson(body, 't', NOW)), re));
  }
});
