import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ingestRates, parseIngestCounters } from './ingest-counters';

const TEXT = `# HELP omniscope_ingest_records_received_total Records accepted.
# TYPE omniscope_ingest_records_received_total counter
omniscope_ingest_records_received_total{signal="metrics",protocol="otlp_http"} 120
omniscope_ingest_records_received_total{signal="spans",protocol="otlp_grpc"} 7
omniscope_ingest_records_rejected_total{signal="spans",protocol="otlp_grpc",reason="x"} 1
`;

describe('ingest counters', () => {
  it('parses the received counters only', () => {
    assert.deepEqual(parseIngestCounters(TEXT), [
      { signal: 'metrics', protocol: 'otlp_http', value: 120 },
      { signal: 'spans', protocol: 'otlp_grpc', value: 7 },
    ]);
  });
  it('computes rates from two reads', () => {
    const first = parseIngestCounters(TEXT);
    const second = first.map((c) => ({ ...c, value: c.value + 10 }));
    assert.deepEqual(ingestRates(first, second, 5000).map((r) => r.perSecond), [2, 2]);
    assert.deepEqual(ingestRates(null, second, 0).map((r) => r.perSecond), [null, null]);
  });
});
