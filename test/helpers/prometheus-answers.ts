/**
 * Small pieces shared by the suites and benchmarks that compare Omniscope's answers with a
 * real Prometheus: deterministic data and value comparison as the API renders values.
 */

/** mulberry32: a small deterministic PRNG, so both servers and every run see the same data. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Two API sample values ("1.5", "NaN", "+Inf") agree: equal text, both NaN, the same infinity,
 * or within `relTolerance` of the larger magnitude.
 */
export function sampleValuesAgree(a: string, b: string, relTolerance: number): boolean {
  if (a === b) return true;
  const x = Number(a);
  const y = Number(b);
  if (Number.isNaN(x) || Number.isNaN(y)) return Number.isNaN(x) && Number.isNaN(y);
  if (!Number.isFinite(x) || !Number.isFinite(y)) return x === y;
  return Math.abs(x - y) <= relTolerance * Math.max(Math.abs(x), Math.abs(y));
}

/** A label set as a stable map key. */
export function metricKey(metric: Record<string, string>): string {
  return JSON.stringify(Object.entries(metric).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
