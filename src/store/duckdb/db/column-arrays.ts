import type { DuckDBDataChunk } from '@duckdb/node-api';

/**
 * Whole columns of a result chunk as typed arrays, instead of one `getItem` call per cell (the
 * per-cell calls cost more than DuckDB's scan on wide reads). @duckdb/node-api keeps these
 * arrays in fields its typings mark private; the version is pinned exactly in package.json,
 * and a changed layout is detected and answered with the slow path, never a wrong read.
 */
interface RawNumericVector {
  readonly items?: unknown;
  readonly validity?: { itemValid(i: number): boolean; readonly data?: unknown; readonly offset?: unknown };
  getItem(i: number): unknown;
}

/** An INTEGER column; NULLs read as 0 (only use on NOT NULL columns). */
export function int32Column(chunk: DuckDBDataChunk, column: number): Int32Array {
  const v = chunk.getColumnVector(column) as unknown as RawNumericVector;
  if (v.items instanceof Int32Array) return v.items;
  return Int32Array.from({ length: chunk.rowCount }, (_, i) => Number(v.getItem(i) ?? 0));
}

/** A DOUBLE column with its NULLs: `valid(i)` is false for NULL rows. */
export function float64Column(chunk: DuckDBDataChunk, column: number): { readonly values: Float64Array; valid(i: number): boolean } {
  const v = chunk.getColumnVector(column) as unknown as RawNumericVector;
  const validity = v.validity;
  if (v.items instanceof Float64Array && validity !== undefined && validity.offset === 0) {
    const data = validity.data;
    if (data === null) return { values: v.items, valid: () => true };
    if (data instanceof BigUint64Array) {
      // DuckDB's validity mask: bit i set = row i valid, little-endian 64-bit words, read as bytes.
      const bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
      return { values: v.items, valid: (i) => ((bytes[i >> 3] as number) & (1 << (i & 7))) !== 0 };
    }
  }
  const values = new Float64Array(chunk.rowCount);
  const nulls = new Uint8Array(chunk.rowCount);
  for (let i = 0; i < chunk.rowCount; i++) {
    const x = v.getItem(i);
    if (x === null) nulls[i] = 1;
    else values[i] = Number(x);
  }
  return { values, valid: (i) => nulls[i] === 0 };
}
