import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sanitizeLabelName } from '../../model/index.js';
import { parseLokiTimeNanos } from './index.js';

describe('parseLokiTimeNanos', () => {
  const cases: Array<[string, bigint | undefined]> = [
    ['1700000000', 1_700_000_000_000_000_000n],
    ['1700000000000000001', 1_700_000_000_000_000_001n],
    ['17000000000', 17_000_000_000n],
    ['1700000000.5', 1_700_000_000_500_000_000n],
    ['1700000000.0001', 1_700_000_000_000_000_000n],
    ['2023-11-14T22:13:20.000000001Z', 1_700_000_000_000_000_001n],
    ['-5', -5_000_000_000n],
    ['99999999999999999999', undefined],
    ['now', undefined],
    ['1h', undefined],
  ];
  for (const [text, expected] of cases) it(JSON.stringify(text), () => assert.equal(parseLokiTimeNanos(text), expected));
});

describe('sanitizeLabelName', () => {
  const cases: Array<[string, string]> = [
    ['service.name', 'service_name'],
    ['http.response.status_code', 'http_response_status_code'],
    ['k8s-pod/name', 'k8s_pod_name'],
    ['9lives', 'key_9lives'],
    ['already_fine', 'already_fine'],
  ];
  for (const [input, expected] of cases) it(input, () => assert.equal(sanitizeLabelName(input), expected));
});
