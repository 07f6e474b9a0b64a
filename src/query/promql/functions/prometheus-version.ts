/**
 * Which Prometheus release's arithmetic a kernel reproduces. `v3` follows the current 3.x line
 * (checked against prometheus/prometheus main at d15adb9ad7, i.e. 3.14); `v2.42` follows the
 * v2.42.0 tag, the version Debian ships. Only kernels whose numbers differ take this switch.
 */
export type PrometheusVersion = 'v3' | 'v2.42';
