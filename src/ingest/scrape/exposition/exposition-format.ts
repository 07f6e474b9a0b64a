/** The two text formats a scrape target may answer with. */
export type ExpositionFormat = 'prometheus-text' | 'openmetrics';

const OPENMETRICS_MEDIA_TYPE = 'application/openmetrics-text';

/**
 * Picks the parser for a scrape response's Content-Type. Only OpenMetrics is recognised; anything
 * else (`text/plain; version=0.0.4`, a missing header, an unknown type) is parsed as the
 * Prometheus text format. That is what Prometheus 2 did; Prometheus 3 instead fails such scrapes
 * unless `fallback_scrape_protocol` is set
 * (https://prometheus.io/docs/prometheus/latest/migration/#scrape-protocols). We keep the lenient
 * choice because the text format is what almost every such target actually serves.
 */
export function formatFromContentType(contentType: string | undefined): ExpositionFormat {
  if (contentType === undefined) return 'prometheus-text';
  const semicolon = contentType.indexOf(';');
  const mediaType = (semicolon < 0 ? contentType : contentType.slice(0, semicolon)).trim().toLowerCase();
  return mediaType === OPENMETRICS_MEDIA_TYPE ? 'openmetrics' : 'prometheus-text';
}
