import type { DuckDBConnection } from '@duckdb/node-api';
import { badInput } from '../../../model/index.js';
import { VARCHAR } from '@duckdb/node-api';

const MAX_CACHED = 1000;

/**
 * Validates regular expressions with the engine that will run them (DuckDB's RE2), so that an
 * invalid pattern is a `bad_input` error before any query runs, and learns whether an anchored
 * label pattern matches the empty string (which decides how a matcher treats absent labels).
 */
export class RegexChecker {
  private readonly emptyMatch = new Map<string, boolean>();
  private readonly validLine = new Set<string>();

  /**
   * Whether the fully anchored pattern (Prometheus label matcher semantics: RE2, `.` matches
   * newlines) matches "". Throws `bad_input` for an invalid pattern.
   */
  async labelPatternMatchesEmpty(conn: DuckDBConnection, pattern: string): Promise<boolean> {
    const cached = this.emptyMatch.get(pattern);
    if (cached !== undefined) return cached;
    const r = await check(conn, `SELECT regexp_full_match('', $1, 's')`, pattern, 'label matcher');
    const matches = r === true;
    if (this.emptyMatch.size >= MAX_CACHED) this.emptyMatch.clear();
    this.emptyMatch.set(pattern, matches);
    return matches;
  }

  /** Throws `bad_input` when an unanchored line filter pattern (LogQL `|~`, `!~`) is invalid. */
  async checkLinePattern(conn: DuckDBConnection, pattern: string): Promise<void> {
    if (this.validLine.has(pattern)) return;
    await check(conn, `SELECT regexp_matches('', $1)`, pattern, 'line filter');
    if (this.validLine.size >= MAX_CACHED) this.validLine.clear();
    this.validLine.add(pattern);
  }
}

async function check(conn: DuckDBConnection, sql: string, pattern: string, what: string): Promise<unknown> {
  try {
    const r = await conn.runAndReadAll(sql, [pattern], [VARCHAR]);
    return r.getRows()[0]?.[0];
  } catch (e) {
    const detail = e instanceof Error ? e.message.replace(/^Invalid Input Error: /, '') : String(e);
    throw badInput(`invalid regular expression in ${what} ${JSON.stringify(pattern)}: ${detail}`, e);
  }
}
