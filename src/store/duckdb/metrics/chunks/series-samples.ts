import { GrowableFloat64 } from '../../../../model/index.js';
import { decodeSampleChunk } from './sample-chunk-codec.js';

/**
 * One series' stored samples as they are read back: the decoded chunks (older writes, sorted,
 * one value per timestamp) and the rows not yet compacted (newer writes, sorted by time and
 * then write order). `merged()` combines them, and on a timestamp held by both, or written twice
 * as rows, the newest write wins: Prometheus's "last write wins" for a rewritten sample.
 *
 * The buffers are reused from series to series: no allocation per sample.
 */
export class SeriesSamples {
  private readonly chunkTs = new GrowableFloat64(512);
  private readonly chunkValues = new GrowableFloat64(512);
  private readonly rowTs = new GrowableFloat64(512);
  private readonly rowValues = new GrowableFloat64(512);
  private readonly outTs = new GrowableFloat64(512);
  private readonly outValues = new GrowableFloat64(512);

  reset(): void {
    this.chunkTs.length = 0;
    this.chunkValues.length = 0;
    this.rowTs.length = 0;
    this.rowValues.length = 0;
  }

  /** Adds a chunk's samples in [startMs, endMs]; chunks must come in time order. */
  addChunk(chunk: Uint8Array, startMs: number, endMs: number): void {
    decodeSampleChunk(chunk, startMs, endMs, this.chunkTs, this.chunkValues);
  }

  /** Adds a row; rows must come sorted by time, then write order. */
  addRow(ts: number, value: number): void {
    const n = this.rowTs.length;
    if (n > 0 && this.rowTs.view()[n - 1] === ts) {
      this.rowValues.view()[n - 1] = value;
      return;
    }
    this.rowTs.push(ts);
    this.rowValues.push(value);
  }

  get empty(): boolean {
    return this.chunkTs.length === 0 && this.rowTs.length === 0;
  }

  /** The merged samples; views valid until the next `reset`. */
  merged(): { readonly ts: Float64Array; readonly values: Float64Array } {
    if (this.rowTs.length === 0) return { ts: this.chunkTs.view(), values: this.chunkValues.view() };
    if (this.chunkTs.length === 0) return { ts: this.rowTs.view(), values: this.rowValues.view() };
    const ct = this.chunkTs.view();
    const cv = this.chunkValues.view();
    const rt = this.rowTs.view();
    const rv = this.rowValues.view();
    const ts = this.outTs;
    const values = this.outValues;
    ts.length = 0;
    values.length = 0;
    let i = 0;
    let j = 0;
    while (i < ct.length || j < rt.length) {
      const c = i < ct.length ? (ct[i] as number) : Infinity;
      const r = j < rt.length ? (rt[j] as number) : Infinity;
      if (c < r) {
        ts.push(c);
        values.push(cv[i++] as number);
      } else {
        if (c === r) i++;
        ts.push(r);
        values.push(rv[j++] as number);
      }
    }
    return { ts: ts.view(), values: values.view() };
  }
}
