/**
 * The recent samples of every series, in memory, column by column (Prometheus's idea of a
 * head block). DuckDB plus the ingest journal are the source of truth: this is a read cache
 * that the writer feeds once a write is synced to the journal, so queries over the last
 * `windowMs` read plain typed arrays instead of scanning and sorting time-ordered day tables.
 *
 * Invariant: every acknowledged sample with `ts >= coverageStartMs` is here. It holds from
 * start-up (the window is loaded from DuckDB, then the journal is replayed, before the store
 * accepts writes) and `truncate` moves
 * `coverageStartMs` forward as it drops old samples. Older data is read from DuckDB.
 *
 * Cost: 16 bytes per sample held (a Float64 timestamp and value; staleness markers keep their
 * bit pattern in the Float64Array).
 */
export class HeadSamples {
  /** By series id: ids are small, dense and unique across tenants (a Map lookup per sample cost more). */
  private readonly series: (SeriesHead | undefined)[] = [];
  /** By tenant id: the newest timestamp appended (Prometheus's head max time), -Infinity before any. */
  private readonly newestOfTenants: number[] = [];
  private held = 0;
  private lastTruncateMs: number;
  coverageStartMs: number;

  constructor(
    readonly windowMs: number,
    nowMs: number,
  ) {
    this.coverageStartMs = nowMs - windowMs;
    this.lastTruncateMs = nowMs;
  }

  /** Truncates at most once a minute: the window only needs to be roughly kept. */
  truncateIfDue(nowMs: number): void {
    if (nowMs - this.lastTruncateMs < 60_000) return;
    this.lastTruncateMs = nowMs;
    this.truncate(nowMs);
  }

  get samples(): number {
    return this.held;
  }

  /** Adds a committed sample when it is inside the covered range; the last write of a timestamp wins. */
  append(tenantId: number, seriesId: number, ts: number, value: number): void {
    const newest = this.newestOfTenants;
    while (newest.length <= tenantId) newest.push(-Infinity);
    if (ts > (newest[tenantId] as number)) newest[tenantId] = ts;
    if (ts < this.coverageStartMs) return;
    const series = this.series;
    // Filled up to the id rather than written past the end, which would turn a sparse array into a slow dictionary.
    while (series.length <= seriesId) series.push(undefined);
    let s = series[seriesId];
    if (s === undefined) {
      s = new SeriesHead(tenantId);
      series[seriesId] = s;
    }
    if (s.put(ts, value)) this.held++;
  }

  /** The newest timestamp appended for any series of the tenant, or -Infinity. */
  newestOfTenant(tenantId: number): number {
    return this.newestOfTenants[tenantId] ?? -Infinity;
  }

  /** The newest timestamp the head holds for the series, or -Infinity. */
  newest(tenantId: number, seriesId: number): number {
    const s = this.series[seriesId];
    if (s === undefined || s.tenantId !== tenantId || s.n === 0) return -Infinity;
    return s.last();
  }

  /**
   * Views of the series' samples in [startMs, endMs], or null when it has none there. They are
   * valid only until the next append or truncate: copy them before awaiting anything.
   */
  range(tenantId: number, seriesId: number, startMs: number, endMs: number): { ts: Float64Array; values: Float64Array } | null {
    const s = this.series[seriesId];
    if (s === undefined || s.tenantId !== tenantId) return null;
    const from = s.lowerBound(startMs);
    const to = s.lowerBound(endMs + 1);
    if (to <= from) return null;
    return s.views(from, to);
  }

  /** Drops samples older than `nowMs - windowMs` and advances the coverage accordingly. */
  truncate(nowMs: number): void {
    const cutoff = nowMs - this.windowMs;
    if (cutoff <= this.coverageStartMs) return;
    this.coverageStartMs = cutoff;
    const series = this.series;
    for (let id = 0; id < series.length; id++) {
      const s = series[id];
      if (s === undefined) continue;
      this.held -= s.dropBefore(cutoff);
      if (s.n === 0) series[id] = undefined;
    }
  }
}

/**
 * One series' samples, ascending by timestamp, in one Float64Array that grows by doubling:
 * timestamps in its first half, values in its second. One array rather than two halves the
 * typed-array objects the head holds (about 190 bytes each with their ArrayBuffer: 19 MB at
 * 100k series, measured in a heap snapshot) and the allocations when a series grows.
 */
class SeriesHead {
  constructor(readonly tenantId: number) {}

  /** Timestamps in [0, cap), values in [cap, 2 cap). */
  data = new Float64Array(32);
  cap = 16;
  n = 0;

  /** The newest timestamp; only when n > 0. */
  last(): number {
    return this.data[this.n - 1] as number;
  }

  /** Views of samples [from, to): valid until the next put or drop. */
  views(from: number, to: number): { ts: Float64Array; values: Float64Array } {
    return { ts: this.data.subarray(from, to), values: this.data.subarray(this.cap + from, this.cap + to) };
  }

  /** Returns true when a sample was added, false when it replaced one with the same timestamp. */
  put(ts: number, v: number): boolean {
    const n = this.n;
    if (n === 0 || ts > (this.data[n - 1] as number)) {
      if (n === this.cap) this.resize(this.cap * 2);
      this.data[n] = ts;
      this.data[this.cap + n] = v;
      this.n = n + 1;
      return true;
    }
    const i = this.lowerBound(ts);
    if (i < n && this.data[i] === ts) {
      this.data[this.cap + i] = v;
      return false;
    }
    // Out of order (rare: late or backfilled samples): shift the tail by one.
    if (n === this.cap) this.resize(this.cap * 2);
    const cap = this.cap;
    this.data.copyWithin(i + 1, i, n);
    this.data.copyWithin(cap + i + 1, cap + i, cap + n);
    this.data[i] = ts;
    this.data[cap + i] = v;
    this.n = n + 1;
    return true;
  }

  /** First index with a timestamp >= t. */
  lowerBound(t: number): number {
    let lo = 0;
    let hi = this.n;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.data[mid] as number) < t) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Removes samples before `t`; returns how many. */
  dropBefore(t: number): number {
    const k = this.lowerBound(t);
    if (k === 0) return 0;
    const cap = this.cap;
    this.data.copyWithin(0, k, this.n);
    this.data.copyWithin(cap, cap + k, cap + this.n);
    this.n -= k;
    if (this.n < cap / 4 && cap > 16) this.resize(Math.max(16, this.n * 2));
    return k;
  }

  private resize(cap: number): void {
    const data = new Float64Array(cap * 2);
    data.set(this.data.subarray(0, this.n));
    data.set(this.data.subarray(this.cap, this.cap + this.n), cap);
    this.data = data;
    this.cap = cap;
  }
}
