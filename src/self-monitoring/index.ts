export { MetricsRegistry, Counter, Gauge, Histogram } from './registry.js';
export type { SignalName } from './omniscope-metrics.js';
export { OmniscopeMetrics } from './omniscope-metrics.js';
