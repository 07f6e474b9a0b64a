import type { DuckDBAppender, DuckDBType } from '@duckdb/node-api';
import { DuckDBDataChunk, DuckDBTypeId } from '@duckdb/node-api';
import { fillBigInts, fillIntegers, fillNumbers, fillStrings } from './vector-fill.js';
import type { NumericTypeId } from './vector-fill.js';

/** Rows per data chunk: DuckDB's standard vector size. */
const ROWS_PER_CHUNK = 2048;

type Column =
  | { readonly kind: 'num'; readonly typeId: NumericTypeId; readonly data: Float64Array; nulls: Uint8Array | null }
  | { readonly kind: 'big'; readonly data: BigInt64Array; readonly low: Uint32Array; readonly high: Int32Array }
  | { readonly kind: 'str'; readonly data: string[] };

/**
 * Rows buffered column by column in typed arrays (no boxing per value) and turned into DuckDB
 * data chunks of up to 2048 rows. Fill every column of a row with the setter matching its type,
 * then `endRow()`.
 *
 * Setters: `num` for INTEGER, UTINYINT, UINTEGER and DOUBLE; `big` (or `bigFromNumber` for an
 * integral number) for BIGINT; `str` for VARCHAR; `nul` for NULL in a numeric column.
 */
abstract class ChunkRows {
  private readonly columns: Column[];
  private chunk: DuckDBDataChunk;
  private row = 0;

  constructor(private readonly types: readonly DuckDBType[]) {
    this.columns = types.map((t): Column => {
      switch (t.typeId) {
        case DuckDBTypeId.BIGINT: {
          // Numbers are written as two 32-bit halves, so a millisecond timestamp costs no BigInt.
          const data = new BigInt64Array(ROWS_PER_CHUNK);
          return { kind: 'big', data, low: new Uint32Array(data.buffer), high: new Int32Array(data.buffer) };
        }
        case DuckDBTypeId.VARCHAR:
          return { kind: 'str', data: new Array<string>(ROWS_PER_CHUNK).fill('') };
        case DuckDBTypeId.INTEGER:
        case DuckDBTypeId.UTINYINT:
        case DuckDBTypeId.UINTEGER:
        case DuckDBTypeId.DOUBLE:
          return { kind: 'num', typeId: t.typeId, data: new Float64Array(ROWS_PER_CHUNK), nulls: null };
        default:
          throw new Error(`BUG: chunk rows do not support column type ${t.toString()}`);
      }
    });
    this.chunk = DuckDBDataChunk.create(types);
  }

  num(column: number, v: number): void {
    const c = this.columns[column] as Column & { kind: 'num' };
    c.data[this.row] = v;
    if (c.nulls !== null) c.nulls[this.row] = 0;
  }

  nul(column: number): void {
    const c = this.columns[column] as Column & { kind: 'num' };
    if (c.nulls === null) c.nulls = new Uint8Array(ROWS_PER_CHUNK);
    c.nulls[this.row] = 1;
  }

  big(column: number, v: bigint): void {
    (this.columns[column] as Column & { kind: 'big' }).data[this.row] = v;
  }

  /** A safe integer into a BIGINT column (little-endian halves; no BigInt is created). */
  bigFromNumber(column: number, v: number): void {
    const c = this.columns[column] as Column & { kind: 'big' };
    const high = Math.floor(v / 4294967296);
    c.low[this.row * 2] = v - high * 4294967296;
    c.high[this.row * 2 + 1] = high;
  }

  str(column: number, v: string): void {
    (this.columns[column] as Column & { kind: 'str' }).data[this.row] = v;
  }

  endRow(): void {
    if (++this.row === ROWS_PER_CHUNK) this.flushRows();
  }

  /** What to do with a full chunk; it must not be used again by this object afterwards. */
  protected abstract emit(chunk: DuckDBDataChunk): void;

  /** Drops buffered rows. */
  protected dropRows(): void {
    this.row = 0;
  }

  /** Emits buffered rows as a chunk. */
  protected flushRows(): void {
    const n = this.row;
    if (n === 0) return;
    const chunk = this.chunk;
    chunk.rowCount = n;
    for (let c = 0; c < this.columns.length; c++) {
      const col = this.columns[c] as Column;
      if (col.kind === 'num') fillNumbers(chunk, c, col.typeId, col.data, col.nulls, n);
      else if (col.kind === 'big') fillBigInts(chunk, c, col.data, n);
      else fillStrings(chunk, c, col.data, n);
      if (col.kind === 'num' && col.nulls !== null) col.nulls.fill(0);
    }
    this.row = 0;
    this.chunk = DuckDBDataChunk.create(this.types);
    this.emit(chunk);
  }
}

/**
 * Appends rows to one table of the open write transaction through data chunks (about twice the
 * speed of DuckDB's row appender), and appends chunks built ahead of time by `ChunkBuilder`.
 */
export class ChunkAppender extends ChunkRows {
  constructor(
    private readonly appender: DuckDBAppender,
    types: readonly DuckDBType[],
  ) {
    super(types);
  }

  /** Appends a prebuilt chunk after the rows set so far (write order is kept). */
  appendChunk(chunk: DuckDBDataChunk): void {
    this.flushRows();
    this.appender.appendDataChunk(chunk);
  }

  /** Hands buffered rows to DuckDB and closes the appender (its rows join the transaction). */
  close(): void {
    this.flushRows();
    this.appender.closeSync();
  }

  /** Drops buffered rows and closes the appender without writing them. */
  discard(): void {
    this.dropRows();
    try {
      this.appender.clear();
      this.appender.closeSync();
    } catch {
      // The transaction is rolled back next; an appender that cannot close holds nothing durable.
    }
  }

  protected emit(chunk: DuckDBDataChunk): void {
    this.appender.appendDataChunk(chunk);
  }
}

/**
 * Encodes rows into data chunks before the write loop runs (while an earlier group commits),
 * so that the loop only patches store-assigned ids (`patchNumbers`) and appends the chunks.
 */
export class ChunkBuilder extends ChunkRows {
  private readonly chunks: DuckDBDataChunk[] = [];

  /** The chunks, in row order; the builder must not be used afterwards. */
  finish(): DuckDBDataChunk[] {
    this.flushRows();
    return this.chunks;
  }

  protected emit(chunk: DuckDBDataChunk): void {
    this.chunks.push(chunk);
  }
}

/** Overwrites an INTEGER column of a built chunk: row i gets `valueOf(i)`. */
export function patchNumbers(chunk: DuckDBDataChunk, column: number, valueOf: (row: number) => number): void {
  fillIntegers(chunk, column, chunk.rowCount, valueOf);
}
