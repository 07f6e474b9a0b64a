import type { Labels } from '../../model/index.js';
import type { MetricResult } from '../../query/logql/index.js';

/**
 * A metric query's answer as Loki's JSON text: `{"status":"success","data":{"resultType":
 * "matrix"|"vector"|"scalar","result":...,"stats":{...}}}`, points as `[<unix seconds>,
 * "<value>"]`. Written as one string, series by series, rather than through an object tree.
 */
export function renderMetricResponse(result: MetricResult, execTimeSeconds: number): string {
  let body = `{"status":"success","data":{"resultType":"${result.type}","result":`;
  let returned = 0;
  if (result.type === 'scalar') {
    body += point(result.timeMs, result.value);
  } else if (result.type === 'vector') {
    body += '[';
    result.samples.forEach((s, i) => {
      body += `${i > 0 ? ',' : ''}{"metric":${metric(s.labels)},"value":${point(result.timeMs, s.value)}}`;
    });
    body += ']';
    returned = result.samples.length;
  } else {
    body += '[';
    result.series.forEach((s, i) => {
      const values = s.timesMs.map((t, j) => point(t, s.values[j] as number));
      body += `${i > 0 ? ',' : ''}{"metric":${metric(s.labels)},"values":[${values.join(',')}]}`;
      returned += values.length;
    });
    body += ']';
  }
  const stats = {
    summary: {
      bytesProcessedPerSecond: perSecond(result.stats.bytesProcessed, execTimeSeconds),
      linesProcessedPerSecond: perSecond(result.stats.linesProcessed, execTimeSeconds),
      totalBytesProcessed: result.stats.bytesProcessed,
      totalLinesProcessed: result.stats.linesProcessed,
      totalStructuredMetadataBytesProcessed: 0,
      totalPostFilterLines: result.stats.linesProcessed,
      totalEntriesReturned: returned,
      execTime: execTimeSeconds,
      queueTime: 0,
      subqueries: 0,
      splits: 0,
      shards: 0,
    },
  };
  return `${body},"stats":${JSON.stringify(stats)}}}`;
}

function perSecond(n: number, seconds: number): number {
  return seconds > 0 ? Math.round(n / seconds) : 0;
}

function metric(labels: Labels): string {
  const out: Record<string, string> = {};
  for (const l of labels) out[l.name] = l.value;
  return JSON.stringify(out);
}

/** `[<unix seconds>,"<value>"]`: seconds with the milliseconds as decimals, the value as Go's 'f' format writes it. */
function point(timeMs: number, value: number): string {
  return `[${timeMs / 1000},"${formatValue(value)}"]`;
}

/** Go's strconv.FormatFloat(v, 'f', -1, 64): shortest round-trip digits, never an exponent; +Inf, -Inf, NaN. */
export function formatValue(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return '+Inf';
  if (v === -Infinity) return '-Inf';
  const s = String(v);
  const e = s.indexOf('e');
  if (e < 0) return s;
  const exponent = Number(s.slice(e + 1));
  const negative = s.startsWith('-');
  const digits = s.slice(negative ? 1 : 0, e).replace('.', '');
  const point = s.slice(negative ? 1 : 0, e).indexOf('.');
  const intLength = (point < 0 ? digits.length : point) + exponent;
  const body =
    intLength <= 0 ? `0.${'0'.repeat(-intLength)}${digits}` : intLength >= digits.length ? digits + '0'.repeat(intLength - digits.length) : `${digits.slice(0, intLength)}.${digits.slice(intLength)}`;
  return (negative ? '-' : '') + body;
}
