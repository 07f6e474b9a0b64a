import type { Labels, MetricBatch } from '../../../model/index.js';
import { METRIC_NAME_LABEL, MetricBatchBuilder, getLabel, labelsKey } from '../../../model/index.js';
import type { MetricsWriter } from '../../../store/contract.js';
import type { LoadCommand, SeriesLine } from './script-types.js';

/** What a `load` put into the store and what it had to leave out. */
export interface LoadOutcome {
  readonly samples: number;
  /** Series that had native-histogram samples; those samples were dropped. */
  readonly nativeHistogramSeries: readonly Labels[];
  /** `load_with_nhcb`: the custom-bucket histogram series upstream would add (not stored). */
  readonly nhcbSeries: readonly Labels[];
}

/**
 * Builds the batch of one `load`: the i-th value of a series at `i * stepMs`, `_` skipped,
 * `stale` as STALE_NAN (kept bit-exact in the batch's Float64Array). Native-histogram samples
 * cannot be stored (the engine has no histograms yet): they are dropped and their series
 * reported. A series defined twice in one load keeps its last definition, as upstream.
 */
export function buildLoadBatch(cmd: LoadCommand, tenant: string): { batch: MetricBatch; outcome: LoadOutcome } {
  const bySeries = new Map<string, SeriesLine>();
  for (const s of cmd.series) {
    const key = labelsKey(s.labels);
    bySeries.delete(key);
    bySeries.set(key, s);
  }
  const builder = new MetricBatchBuilder(tenant);
  const histogramSeries: Labels[] = [];
  for (const s of bySeries.values()) {
    let index = -1;
    let hadHistogram = false;
    for (let i = 0; i < s.values.length; i++) {
      const v = s.values[i];
      if (v === undefined || v.kind === 'omitted') continue;
      if (v.kind === 'histogram') {
        hadHistogram = true;
        continue;
      }
      if (index < 0) index = builder.series(s.labels);
      builder.sample(index, i * cmd.stepMs, v.value);
    }
    if (hadHistogram) histogramSeries.push(s.labels);
  }
  const outcome: LoadOutcome = {
    samples: builder.sampleCount,
    nativeHistogramSeries: histogramSeries,
    nhcbSeries: cmd.withNhcb ? nhcbSeriesOf(bySeries.values()) : [],
  };
  return { batch: builder.build(), outcome };
}

/**
 * Writes one `load` and checks that the store accepted every sample: a rejected sample would
 * silently change what every later eval sees. Throws an Error naming the rejections.
 */
export async function loadInto(writer: MetricsWriter, cmd: LoadCommand, tenant: string): Promise<LoadOutcome> {
  const { batch, outcome } = buildLoadBatch(cmd, tenant);
  if (outcome.samples === 0) return outcome;
  const result = await writer.appendMetrics(batch);
  if (result.accepted !== outcome.samples) {
    throw new Error(
      `load at line ${cmd.line}: the store accepted ${result.accepted} of ${outcome.samples} samples (rejected: ${JSON.stringify(result.rejected)})`,
    );
  }
  return outcome;
}

/**
 * Upstream's conversion (`convertnhcb`): `foo_bucket{le=<number>,...}`, `foo_sum{...}` and
 * `foo_count{...}` become one histogram series `foo{...}` (without `le`).
 */
function nhcbSeriesOf(series: Iterable<SeriesLine>): Labels[] {
  const out = new Map<string, Labels>();
  for (const s of series) {
    const name = getLabel(s.labels, METRIC_NAME_LABEL);
    let base: string | undefined;
    if (name.endsWith('_bucket')) {
      const le = getLabel(s.labels, 'le');
      if (le !== '' && !Number.isNaN(parseLe(le))) base = name.slice(0, -'_bucket'.length);
    } else if (name.endsWith('_sum')) {
      base = name.slice(0, -'_sum'.length);
    } else if (name.endsWith('_count')) {
      base = name.slice(0, -'_count'.length);
    }
    if (base === undefined) continue;
    const labels = s.labels
      .filter((l) => l.name !== 'le')
      .map((l) => (l.name === METRIC_NAME_LABEL ? { name: l.name, value: base } : l));
    out.set(labelsKey(labels), labels);
  }
  return [...out.values()];
}

/** Go `strconv.ParseFloat` for bucket bounds (`+Inf`, `1e0`, `.2`); NaN when not a number. */
function parseLe(text: string): number {
  if (/^[+-]?inf(inity)?$/i.test(text)) return text.startsWith('-') ? -Infinity : Infinity;
  return /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(text) ? Number(text) : NaN;
}
