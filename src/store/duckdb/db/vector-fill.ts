import duckdb from '@duckdb/node-bindings';
import type { DuckDBDataChunk } from '@duckdb/node-api';
import { DuckDBTypeId } from '@duckdb/node-api';

/**
 * Fills a data chunk's vectors from JS typed arrays with one native copy per column. The
 * node-api vector wrappers cost a JS call and a cache entry per value and a native call per
 * string at flush; at ingest rates (10 strings per span) that was the largest single cost of
 * building chunks.
 *
 * Strings of up to 12 ASCII bytes are written inline into DuckDB's 16-byte `string_t` (a
 * little-endian length, then the bytes, zero padded as DuckDB's own constructor leaves them) and
 * copied with the rest of the column; only longer or non-ASCII strings take a native call
 * (`duckdb_vector_assign_string_element`, which copies them into the vector's string heap).
 * Empty strings, `[]` and short names are the common case.
 */

export type NumericTypeId = DuckDBTypeId.INTEGER | DuckDBTypeId.UTINYINT | DuckDBTypeId.UINTEGER | DuckDBTypeId.DOUBLE;

const STRING_T_BYTES = 16;
const MAX_INLINE_STRING = 12;

function vectorOf(chunk: DuckDBDataChunk, column: number): duckdb.Vector {
  return duckdb.data_chunk_get_vector(chunk.chunk, column);
}

function copyToVector(vector: duckdb.Vector, data: ArrayBufferView): void {
  duckdb.copy_data_to_vector(vector, 0, data.buffer as ArrayBuffer, data.byteOffset, data.byteLength);
}

function typedArrayFor(typeId: NumericTypeId, n: number): Int32Array | Uint8Array | Uint32Array | Float64Array {
  switch (typeId) {
    case DuckDBTypeId.INTEGER:
      return new Int32Array(n);
    case DuckDBTypeId.UTINYINT:
      return new Uint8Array(n);
    case DuckDBTypeId.UINTEGER:
      return new Uint32Array(n);
    case DuckDBTypeId.DOUBLE:
      return new Float64Array(n);
  }
}

/** Writes rows 0..n-1 of a numeric column, with NULL where `nulls[i] === 1`. */
export function fillNumbers(chunk: DuckDBDataChunk, column: number, typeId: NumericTypeId, values: Float64Array, nulls: Uint8Array | null, n: number): void {
  const data = typedArrayFor(typeId, n);
  for (let i = 0; i < n; i++) data[i] = values[i] as number;
  const vector = vectorOf(chunk, column);
  copyToVector(vector, data);
  if (nulls !== null) writeValidity(vector, nulls, n);
}

/** Writes rows 0..n-1 of an INTEGER column from a function of the row. */
export function fillIntegers(chunk: DuckDBDataChunk, column: number, n: number, valueOf: (row: number) => number): void {
  const data = new Int32Array(n);
  for (let i = 0; i < n; i++) data[i] = valueOf(i);
  copyToVector(vectorOf(chunk, column), data);
}

export function fillBigInts(chunk: DuckDBDataChunk, column: number, values: BigInt64Array, n: number): void {
  copyToVector(vectorOf(chunk, column), values.subarray(0, n));
}

export function fillStrings(chunk: DuckDBDataChunk, column: number, values: readonly string[], n: number): void {
  const vector = vectorOf(chunk, column);
  const slots = new Uint8Array(n * STRING_T_BYTES);
  const lengths = new Uint32Array(slots.buffer, 0, n * 4);
  let heapStrings = 0;
  for (let i = 0; i < n; i++) if (!writeInline(slots, lengths, i, values[i] as string)) heapStrings++;
  copyToVector(vector, slots);
  if (heapStrings === 0) return;
  // After the copy: assigning a heap string overwrites its whole slot.
  for (let i = 0; i < n; i++) {
    if (lengths[i * 4] === 0 && (values[i] as string).length !== 0) duckdb.vector_assign_string_element(vector, i, values[i] as string);
  }
}

/**
 * Writes `s` inline into slot i when it is at most 12 ASCII characters and returns true; else
 * leaves the slot's length 0 and returns false.
 */
function writeInline(slots: Uint8Array, lengths: Uint32Array, i: number, s: string): boolean {
  const len = s.length;
  if (len > MAX_INLINE_STRING) return false;
  const at = i * STRING_T_BYTES + 4;
  for (let k = 0; k < len; k++) {
    const c = s.charCodeAt(k);
    if (c >= 0x80) {
      slots.fill(0, at, at + MAX_INLINE_STRING);
      return false;
    }
    slots[at + k] = c;
  }
  lengths[i * 4] = len;
  return true;
}

/** Marks rows with `nulls[i] === 1` as NULL (a fresh vector has no validity mask: all valid). */
function writeValidity(vector: duckdb.Vector, nulls: Uint8Array, n: number): void {
  const words = new BigUint64Array(Math.ceil(n / 64)).fill(0xffff_ffff_ffff_ffffn);
  for (let i = 0; i < n; i++) if (nulls[i] === 1) words[i >> 6] = (words[i >> 6] as bigint) & ~(1n << BigInt(i & 63));
  duckdb.vector_ensure_validity_writable(vector);
  duckdb.copy_data_to_vector_validity(vector, 0, words.buffer, 0, words.byteLength);
}
