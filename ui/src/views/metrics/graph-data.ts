/** Range-query series to uPlot's columnar data: one shared x axis, nulls where a series has no point. Pure. */
export interface GraphSeries {
  readonly name: string;
  readonly values: readonly [number, string][];
}

export interface GraphData {
  /** Seconds since epoch, ascending. */
  readonly xs: number[];
  /** Raw values per series, aligned on xs. */
  readonly raw: (number | null)[][];
  /** What is drawn: raw, or running sums when stacked. */
  readonly drawn: (number | null)[][];
}

export function buildGraphData(series: readonly GraphSeries[], stacked: boolean): GraphData {
  const stamps = new Set<number>();
  for (const s of series) for (const [t] of s.values) stamps.add(t);
  const xs = [...stamps].sort((a, b) => a - b);
  const index = new Map<number, number>();
  xs.forEach((t, i) => index.set(t, i));
  const raw = series.map((s) => {
    const col: (number | null)[] = new Array<number | null>(xs.length).fill(null);
    for (const [t, v] of s.values) {
      const n = Number(v);
      col[index.get(t) as number] = Number.isFinite(n) ? n : null;
    }
    return col;
  });
  if (!stacked) return { xs, raw, drawn: raw };
  const sums = new Array<number>(xs.length).fill(0);
  const drawn = raw.map((col) =>
    col.map((v, i) => {
      const next = (sums[i] as number) + (v ?? 0);
      sums[i] = next;
      return v === null ? null : next;
    }),
  );
  return { xs, raw, drawn };
}
