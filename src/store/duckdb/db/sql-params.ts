import type { DuckDBType, DuckDBValue } from '@duckdb/node-api';
import { BIGINT, DOUBLE, INTEGER, LIST, VARCHAR, listValue } from '@duckdb/node-api';

/**
 * Collects bound parameters while a SQL string is built, so that no value is ever interpolated
 * into SQL text. Each method appends one value and returns its placeholder (`$n`); reuse the
 * returned placeholder to refer to the same value twice.
 */
export class SqlParams {
  readonly values: DuckDBValue[] = [];
  readonly types: DuckDBType[] = [];

  /** A 32-bit signed integer. */
  int(v: number): string {
    return this.add(v, INTEGER);
  }

  /** A 64-bit signed integer. */
  bigint(v: bigint): string {
    return this.add(v, BIGINT);
  }

  double(v: number): string {
    return this.add(v, DOUBLE);
  }

  text(v: string): string {
    return this.add(v, VARCHAR);
  }

  /** A LIST(INTEGER), e.g. for `unnest($n)`. */
  intList(v: readonly number[]): string {
    return this.add(listValue(v as number[]), LIST(INTEGER));
  }

  private add(v: DuckDBValue, t: DuckDBType): string {
    this.values.push(v);
    this.types.push(t);
    return `$${this.values.length}`;
  }
}

/** A statement ready to run: SQL text with `$n` placeholders and their bound values. */
export interface BoundSql {
  readonly sql: string;
  readonly params: SqlParams;
}

/** Quotes an identifier (table or column name) for DuckDB. */
export function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}
