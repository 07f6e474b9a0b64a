/** Builds a LogQL stream selector from the label browser's picks. Pure: no DOM. */

/** Picked values per label name, in the order the labels were picked. */
export type SelectorPicks = ReadonlyMap<string, readonly string[]>;

/** A LogQL double-quoted string. */
export function quoteLogql(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;
}

/** RE2 metacharacters escaped, so a value matches itself inside `=~`. */
export function escapeRegex(value: string): string {
  return value.replace(/[\\.+*?()|[\]{}^$]/g, '\\$&');
}

/**
 * `{a="1", b=~"x|y"}`: one value is an equality matcher, several a regex alternation; labels
 * without a picked value are left out. Empty string when nothing is picked.
 */
export function buildSelector(picks: SelectorPicks): string {
  const parts: string[] = [];
  for (const [name, values] of picks) {
    if (values.length === 0) continue;
    if (values.length === 1) parts.push(`${name}=${quoteLogql(values[0] as string)}`);
    else parts.push(`${name}=~${quoteLogql(values.map(escapeRegex).join('|'))}`);
  }
  return parts.length === 0 ? '' : `{${parts.join(', ')}}`;
}
