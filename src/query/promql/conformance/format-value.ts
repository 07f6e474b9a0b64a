import type { Labels } from '../../../model/index.js';
import { METRIC_NAME_LABEL, isStaleNaN } from '../../../model/index.js';
import type { QueryValue } from '../engine/query-result.js';
import type { ExpectedResults, SequenceValue } from './script-types.js';

/** How many series a rendered value lists before eliding the rest. */
const MAX_SERIES = 20;
const MAX_POINTS = 30;

/** `name{a="b", c="d"}`, or `{}` for the empty label set. */
export function formatLabels(labels: Labels): string {
  let name = '';
  const pairs: string[] = [];
  for (const l of labels) {
    if (l.name === METRIC_NAME_LABEL) name = l.value;
    else pairs.push(`${l.name}=${JSON.stringify(l.value)}`);
  }
  // A name that is not an identifier is written quoted inside the braces (Prometheus 3 syntax).
  const plainName = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/.test(name);
  if (name !== '' && !plainName) pairs.unshift(JSON.stringify(name));
  const prefix = plainName ? name : '';
  if (prefix !== '' && pairs.length === 0) return prefix;
  return `${prefix}{${pairs.join(', ')}}`;
}

/** A float as the scripts write it: `stale`, `NaN`, `+Inf`, `-Inf`, or the shortest decimal. */
export function formatFloat(v: number): string {
  if (isStaleNaN(v)) return 'stale';
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return '+Inf';
  if (v === -Infinity) return '-Inf';
  return String(v);
}

export function formatSequenceValue(v: SequenceValue): string {
  if (v.kind === 'omitted') return '_';
  if (v.kind === 'histogram') return v.literal;
  return formatFloat(v.value);
}

/** The expected results as lines of script syntax, indented for a failure message. */
export function formatExpected(results: ExpectedResults, expectedString: string | undefined): string {
  if (expectedString !== undefined) return `    string ${JSON.stringify(expectedString)}`;
  if (results.kind === 'scalar') return `    scalar ${formatFloat(results.value)}`;
  if (results.series.length === 0) return '    (empty)';
  const lines = results.series.slice(0, MAX_SERIES).map((s) => `    ${formatLabels(s.labels)} ${s.values.map(formatSequenceValue).join(' ')}`);
  if (results.series.length > MAX_SERIES) lines.push(`    ... ${results.series.length - MAX_SERIES} more`);
  return lines.join('\n');
}

/** A query result, one series per line, indented for a failure message. */
export function formatQueryValue(value: QueryValue): string {
  switch (value.type) {
    case 'scalar':
      return `    scalar ${formatFloat(value.value)} @${value.timestampMs}`;
    case 'string':
      return `    string ${JSON.stringify(value.value)}`;
    case 'vector': {
      if (value.samples.length === 0) return '    (empty vector)';
      const lines = value.samples.slice(0, MAX_SERIES).map((s) => `    ${formatLabels(s.labels)} ${formatFloat(s.value)}`);
      if (value.samples.length > MAX_SERIES) lines.push(`    ... ${value.samples.length - MAX_SERIES} more`);
      return lines.join('\n');
    }
    case 'matrix': {
      if (value.series.length === 0) return '    (empty matrix)';
      const lines = value.series.slice(0, MAX_SERIES).map((s) => {
        const points: string[] = [];
        for (let i = 0; i < s.values.length && i < MAX_POINTS; i++) {
          points.push(`${formatFloat(s.values[i] as number)}@${s.timestampsMs[i] as number}`);
        }
        if (s.values.length > MAX_POINTS) points.push(`... ${s.values.length - MAX_POINTS} more`);
        return `    ${formatLabels(s.labels)} ${points.join(' ')}`;
      });
      if (value.series.length > MAX_SERIES) lines.push(`    ... ${value.series.length - MAX_SERIES} more`);
      return lines.join('\n');
    }
  }
}
