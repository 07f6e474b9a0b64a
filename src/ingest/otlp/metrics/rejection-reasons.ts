/**
 * Why data points are rejected, in words an operator can act on. The walkers count each
 * rejected point with `metric "<otlp name>": <reason>` (see PromTranslator.rejectPoints).
 */

/** OTLP `AggregationTemporality`. */
export const Temporality = { UNSPECIFIED: 0, DELTA: 1, CUMULATIVE: 2 } as const;

export const REJECT_DELTA =
  'delta temporality is not supported; configure the exporter for cumulative temporality ' +
  '(e.g. OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE=cumulative)';

export const REJECT_EXPONENTIAL_HISTOGRAM =
  'exponential histograms are not supported yet (Omniscope has no native histograms); configure ' +
  'explicit-bucket histograms in the SDK (e.g. OTEL_EXPORTER_OTLP_METRICS_DEFAULT_HISTOGRAM_AGGREGATION=explicit_bucket_histogram)';

/** The rejection reason for a Sum or Histogram of this temporality, or null when it is cumulative. */
export function temporalityRejection(temporality: number): string | null {
  if (temporality === Temporality.CUMULATIVE) return null;
  if (temporality === Temporality.DELTA) return REJECT_DELTA;
  return `aggregation temporality ${temporality} is not cumulative; configure the exporter for cumulative temporality`;
}

/** The reason to reject every point of a metric whose name cannot be translated. */
export function invalidNameReason(otlpName: string): string {
  return `metric name ${JSON.stringify(otlpName)} has no character valid in a Prometheus metric name`;
}
