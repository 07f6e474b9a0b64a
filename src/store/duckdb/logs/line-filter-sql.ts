import type { LineFilter } from '../../contract.js';
import type { SqlParams } from '../db/sql-params.js';

/** ` AND ...` conditions on column `line` applying LogQL line filters exactly (substring; unanchored RE2). */
export function lineFilterSql(filters: readonly LineFilter[], p: SqlParams): string {
  let sql = '';
  for (const f of filters) {
    const v = p.text(f.value);
    switch (f.type) {
      case '|=':
        sql += ` AND contains(line, ${v})`;
        break;
      case '!=':
        sql += ` AND NOT contains(line, ${v})`;
        break;
      case '|~':
        sql += ` AND regexp_matches(line, ${v})`;
        break;
      case '!~':
        sql += ` AND NOT regexp_matches(line, ${v})`;
        break;
    }
  }
  return sql;
}
