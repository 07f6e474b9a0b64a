import { formatLabelFilter, formatMatcher } from '../../../model/index.js';
import type { Grouping, LogQuery, MetricExpr, VectorMatching } from './ast.js';

/**
 * LogQL text of a metric expression with every binary operation parenthesised, so tests and
 * messages show how a query was read. Durations print in whole units of the largest size that
 * divides them (`5m`, `90s`, `1500ms`, `250ns`).
 */
export function formatMetricExpr(e: MetricExpr): string {
  switch (e.type) {
    case 'literal':
      return String(e.value);
    case 'vector':
      return `vector(${e.value})`;
    case 'range_aggregation': {
      const offset = e.offsetNanos === 0n ? '' : ` offset ${formatNanos(e.offsetNanos)}`;
      return `${e.op}(${formatLogQuery(e.selector)} [${formatNanos(e.rangeNanos)}]${offset})`;
    }
    case 'vector_aggregation': {
      const param = e.param === null ? '' : `${e.param}, `;
      const grouping = formatGrouping(e.grouping);
      return `${e.op}${grouping}${grouping === '' ? '' : ' '}(${param}${formatMetricExpr(e.expr)})`;
    }
    case 'binary': {
      const mods = `${e.returnBool ? ' bool' : ''}${formatMatching(e.matching)}`;
      return `(${formatMetricExpr(e.left)} ${e.op}${mods} ${formatMetricExpr(e.right)})`;
    }
    case 'label_replace':
      return `label_replace(${formatMetricExpr(e.expr)}, ${[e.dst, e.replacement, e.src, e.regex].map((s) => JSON.stringify(s)).join(', ')})`;
  }
}

export function formatLogQuery(q: LogQuery): string {
  return [
    `{${q.matchers.map(formatMatcher).join(', ')}}`,
    ...q.lineFilters.map((f) => `${f.type} ${JSON.stringify(f.value)}`),
    ...q.labelFilters.map((f) => `| ${formatLabelFilter(f)}`),
  ].join(' ');
}

function formatGrouping(g: Grouping): string {
  if (!g.without && g.labels.length === 0) return '';
  return ` ${g.without ? 'without' : 'by'} (${g.labels.join(', ')})`;
}

function formatMatching(m: VectorMatching): string {
  if (!m.on && m.labels.length === 0 && m.card === 'one-to-one') return '';
  let out = ` ${m.on ? 'on' : 'ignoring'}(${m.labels.join(', ')})`;
  if (m.card !== 'one-to-one') out += ` ${m.card === 'many-to-one' ? 'group_left' : 'group_right'}(${m.include.join(', ')})`;
  return out;
}

const UNITS: ReadonlyArray<[bigint, string]> = [
  [86_400_000_000_000n, 'd'],
  [3_600_000_000_000n, 'h'],
  [60_000_000_000n, 'm'],
  [1_000_000_000n, 's'],
  [1_000_000n, 'ms'],
  [1_000n, 'us'],
  [1n, 'ns'],
];

function formatNanos(ns: bigint): string {
  const sign = ns < 0n ? '-' : '';
  const abs = ns < 0n ? -ns : ns;
  for (const [size, unit] of UNITS) if (abs % size === 0n) return `${sign}${abs / size}${unit}`;
  return `${ns}ns`;
}
