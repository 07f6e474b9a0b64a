import { utcDayOfMs } from './retention-window.js';

/**
 * The samples of one series in two parallel typed arrays. Appends in time order stay sorted;
 * an out-of-order append marks the arrays unsorted and the next read sorts them once
 * (`normalize`), keeping the last write for each timestamp.
 *
 * Values live in a Float64Array only and are copied typed array to typed array, never through a
 * plain JS array, which would canonicalize NaN payloads and lose the stale marker's bits.
 */
export class SeriesSamples {
  private timestampsMs = new Float64Array(8);
  private values = new Float64Array(8);
  private count = 0;
  private sorted = true;
  /** The newest timestamp ever appended (-Infinity before the first). */
  newestMs = -Infinity;

  get length(): number {
    return this.count;
  }

  /** Adds a sample; the same timestamp written again replaces the earlier value. */
  append(timestampMs: number, value: number): void {
    if (timestampMs > this.newestMs) this.newestMs = timestampMs;
    if (this.count > 0) {
      const last = this.timestampsMs[this.count - 1] as number;
      if (timestampMs === last) {
        this.values[this.count - 1] = value;
        return;
      }
      if (timestampMs < last) this.sorted = false;
    }
    if (this.count === this.timestampsMs.length) this.grow();
    this.timestampsMs[this.count] = timestampMs;
    this.values[this.count] = value;
    this.count++;
  }

  /** Index range `[from, to)` of the samples in the closed interval [startMs, endMs]. */
  range(startMs: number, endMs: number): { from: number; to: number } {
    this.normalize();
    const from = this.lowerBound(startMs);
    const to = endMs < startMs ? from : this.upperBound(endMs);
    return { from, to };
  }

  hasSampleIn(startMs: number, endMs: number): boolean {
    const { from, to } = this.range(startMs, endMs);
    return from < to;
  }

  /** Copies samples `[from, to)` into the destination arrays at `offset` (bit-exact). */
  copyTo(from: number, to: number, timestampsMs: Float64Array, values: Float64Array, offset: number): void {
    timestampsMs.set(this.timestampsMs.subarray(from, to), offset);
    values.set(this.values.subarray(from, to), offset);
  }

  /**
   * Removes samples older than `cutoffMs`, adding the UTC day of each removed sample to
   * `days`. Returns how many samples were removed.
   */
  dropBefore(cutoffMs: number, days: Set<number>): number {
    this.normalize();
    const n = this.lowerBound(cutoffMs);
    if (n === 0) return 0;
    for (let i = 0; i < n; i++) days.add(utcDayOfMs(this.timestampsMs[i] as number));
    this.timestampsMs.copyWithin(0, n, this.count);
    this.values.copyWithin(0, n, this.count);
    this.count -= n;
    return n;
  }

  /** Sorts by time once after out-of-order appends; for equal timestamps the last write wins. */
  private normalize(): void {
    if (this.sorted) return;
    const ts = this.timestampsMs;
    const order = new Int32Array(this.count);
    for (let i = 0; i < order.length; i++) order[i] = i;
    // Ties keep write order, so the last write of a timestamp is the last of its run.
    order.sort((a, b) => (ts[a] as number) - (ts[b] as number) || a - b);
    const nextTs = new Float64Array(Math.max(8, this.count));
    const nextValues = new Float64Array(nextTs.length);
    let n = 0;
    for (let k = 0; k < order.length; k++) {
      const i = order[k] as number;
      if (n > 0 && nextTs[n - 1] === ts[i]) n--;
      nextTs[n] = ts[i] as number;
      nextValues[n] = this.values[i] as number;
      n++;
    }
    this.timestampsMs = nextTs;
    this.values = nextValues;
    this.count = n;
    this.sorted = true;
  }

  private grow(): void {
    const ts = new Float64Array(this.timestampsMs.length * 2);
    const values = new Float64Array(ts.length);
    ts.set(this.timestampsMs);
    values.set(this.values);
    this.timestampsMs = ts;
    this.values = values;
  }

  /** First index whose timestamp is >= t (sorted arrays only). */
  private lowerBound(t: number): number {
    let lo = 0;
    let hi = this.count;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.timestampsMs[mid] as number) < t) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** First index whose timestamp is > t (sorted arrays only). */
  private upperBound(t: number): number {
    let lo = 0;
    let hi = this.count;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.timestampsMs[mid] as number) <= t) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
