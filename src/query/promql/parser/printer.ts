import type { AggregateExpr, AtModifier, BinaryExpr, DurationExpr, Expr, VectorSelector } from './ast.js';
import { METRIC_NAME_LABEL } from '../../../model/index.js';
import type { LabelMatcher } from '../../../model/index.js';
import { formatDurationMs, formatFloatF, formatFloatG, goQuote } from './go-format.js';

/**
 * The canonical single-line text of an expression, as Prometheus's `String()` writes it (what
 * `/api/v1/format_query` returns for short queries): `sum by (job) (rate(x{job="api"}[5m]))`.
 * Matchers are sorted with the metric name outside the braces, durations written like `1h30m`,
 * numbers in plain decimal, strings double-quoted. Parsing the result gives the same tree.
 */
export function formatExpr(e: Expr): string {
  switch (e.kind) {
    case 'number':
      return e.isDuration === true ? formatSignedDuration(e.value) : formatFloatF(e.value);
    case 'string':
      return goQuote(e.value);
    case 'vectorSelector':
      return formatSelector(e) + formatAt(e.at) + formatOffset(e.offset);
    case 'matrixSelector':
      return `${formatSelector(e.vector)}[${formatTopDuration(e.range)}]${formatAt(e.vector.at)}${formatOffset(e.vector.offset)}`;
    case 'subquery': {
      const step = e.step === undefined ? '' : formatTopDuration(e.step);
      return `${formatExpr(e.expr)}[${formatTopDuration(e.range)}:${step}]${formatAt(e.at)}${formatOffset(e.offset)}`;
    }
    case 'paren':
      return `(${formatExpr(e.expr)})`;
    case 'unary':
      return e.op + formatExpr(e.expr);
    case 'binary':
      return `${formatExpr(e.lhs)} ${e.op}${e.returnBool ? ' bool' : ''}${formatMatching(e)} ${formatExpr(e.rhs)}`;
    case 'aggregate':
      return formatAggregate(e);
    case 'call':
      return `${e.func.name}(${e.args.map(formatExpr).join(', ')})`;
  }
}

/** A duration expression as written inside `[...]` or after `offset`. */
export function formatDurationExpr(d: DurationExpr): string {
  switch (d.kind) {
    case 'durationLiteral':
      return d.isDuration ? formatSignedDuration(d.seconds) : formatFloatF(d.seconds);
    case 'durationParen':
      return `(${formatDurationExpr(d.expr)})`;
    case 'durationUnary':
      return d.op === '-' ? `-${formatDurationExpr(d.expr)}` : formatDurationExpr(d.expr);
    case 'durationBinary':
      return `${formatDurationExpr(d.lhs)} ${d.op} ${formatDurationExpr(d.rhs)}`;
    case 'durationCall':
      return `${d.func}(${d.args.map(formatDurationExpr).join(', ')})`;
  }
}

// A lone literal is stored by Prometheus as a time.Duration and printed as one (`[300]` -> `[5m]`).
function formatTopDuration(d: DurationExpr): string {
  if (d.kind === 'durationLiteral') return formatSignedDuration(d.seconds);
  return formatDurationExpr(d);
}

function formatOffset(d: DurationExpr | undefined): string {
  if (d === undefined) return '';
  if (d.kind === 'durationLiteral' && d.seconds === 0) return '';
  return ` offset ${formatTopDuration(d)}`;
}

function formatAt(at: AtModifier | undefined): string {
  if (at === undefined) return '';
  if (at.kind === 'start') return ' @ start()';
  if (at.kind === 'end') return ' @ end()';
  return ` @ ${(at.ms / 1000).toFixed(3)}`;
}

function formatSignedDuration(seconds: number): string {
  const ms = toMs(seconds);
  return ms < 0 ? `-${formatDurationMs(-ms)}` : formatDurationMs(ms);
}

function toMs(seconds: number): number {
  return Math.trunc(Math.round(seconds * 1e9) / 1e6);
}

function formatSelector(e: VectorSelector): string {
  const inner: string[] = [];
  for (const m of e.matchers) {
    if (m.name === METRIC_NAME_LABEL && m.type === '=' && m.value === e.name && m.value !== '') continue;
    inner.push(formatMatcher(m));
  }
  if (inner.length === 0) return e.name;
  inner.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return `${e.name}{${inner.join(',')}}`;
}

function formatMatcher(m: LabelMatcher): string {
  return `${/^[a-zA-Z_][a-zA-Z0-9_]*$/.test(m.name) ? m.name : goQuote(m.name)}${m.type}${goQuote(m.value)}`;
}

function formatLabels(labels: readonly string[]): string {
  return labels.map((l) => (/^[a-zA-Z_][a-zA-Z0-9_]*$/.test(l) ? l : goQuote(l))).join(', ');
}

function formatMatching(e: BinaryExpr): string {
  const m = e.matching;
  if (m === undefined) return '';
  let out = '';
  const grouped = m.card === 'many-to-one' || m.card === 'one-to-many';
  if (m.labels.length > 0 || m.on || grouped) out += ` ${m.on ? 'on' : 'ignoring'} (${formatLabels(m.labels)})`;
  if (grouped) out += ` group_${m.card === 'many-to-one' ? 'left' : 'right'} (${formatLabels(m.include)})`;
  const { fillLeft, fillRight } = m;
  if (fillLeft !== undefined && fillRight !== undefined && Object.is(fillLeft, fillRight)) {
    out += ` fill (${formatFloatG(fillLeft)})`;
  } else {
    if (fillLeft !== undefined) out += ` fill_left (${formatFloatG(fillLeft)})`;
    if (fillRight !== undefined) out += ` fill_right (${formatFloatG(fillRight)})`;
  }
  return out;
}

function formatAggregate(e: AggregateExpr): string {
  let out: string = e.op;
  if (e.without) out += ` without (${formatLabels(e.grouping)}) `;
  else if (e.grouping.length > 0) out += ` by (${formatLabels(e.grouping)}) `;
  const param = e.param === undefined ? '' : `${formatExpr(e.param)}, `;
  return `${out}(${param}${formatExpr(e.expr)})`;
}
