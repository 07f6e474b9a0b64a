/** Percentiles and the Markdown table of results. */

/** p50 is the median (mean of the middle two for an even count); other percentiles are nearest-rank. */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return NaN;
  const s = [...samples].sort((a, b) => a - b);
  if (p === 0.5) {
    const mid = s.length / 2;
    return s.length % 2 === 1 ? (s[Math.floor(mid)] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
  }
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(p * s.length) - 1))] as number;
}

export interface QueryResult {
  readonly name: string;
  readonly kind: string;
  readonly prometheusMs: readonly number[];
  readonly omniscopeMs: readonly number[];
  /** undefined when the answers agree, else the first difference. */
  readonly disagreement: string | undefined;
  /** Size of Prometheus's answer, e.g. "5 series, 305 points". */
  readonly answer: string;
}

export function ratioOf(r: QueryResult): number {
  return percentile(r.omniscopeMs, 0.5) / percentile(r.prometheusMs, 0.5);
}

function ms(v: number): string {
  return v >= 100 ? v.toFixed(0) : v.toFixed(1);
}

export function markdownTable(results: readonly QueryResult[]): string {
  const header = ['query', 'kind', 'Prometheus p50 ms', 'p95', 'Omniscope p50 ms', 'p95', 'ratio', 'answers agree', 'answer size'];
  const rows = results.map((r) => [
    r.name,
    r.kind,
    ms(percentile(r.prometheusMs, 0.5)),
    ms(percentile(r.prometheusMs, 0.95)),
    ms(percentile(r.omniscopeMs, 0.5)),
    ms(percentile(r.omniscopeMs, 0.95)),
    `${ratioOf(r).toFixed(2)}x`,
    r.disagreement === undefined ? 'yes' : 'no',
    r.answer,
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => (row[i] as string).length)));
  const numeric = new Set([2, 3, 4, 5, 6]);
  const line = (cells: string[]): string => `| ${cells.map((c, i) => (numeric.has(i) ? c.padStart(widths[i] as number) : c.padEnd(widths[i] as number))).join(' | ')} |`;
  const rule = `|${widths.map((w, i) => (numeric.has(i) ? `${'-'.repeat(w + 1)}:` : '-'.repeat(w + 2))).join('|')}|`;
  return [line(header), rule, ...rows.map(line)].join('\n');
}

export function summaryLine(results: readonly QueryResult[]): string {
  let worst: QueryResult | undefined;
  for (const r of results) if (worst === undefined || ratioOf(r) > ratioOf(worst)) worst = r;
  const over2 = results.filter((r) => ratioOf(r) > 2).length;
  const disagree = results.filter((r) => r.disagreement !== undefined).length;
  if (worst === undefined) return 'no queries run';
  return `max ratio ${ratioOf(worst).toFixed(2)}x (${worst.name}, ${worst.kind}); ${over2} of ${results.length} queries over 2x; answers disagree on ${disagree} of ${results.length}`;
}
