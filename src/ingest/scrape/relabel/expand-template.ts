/**
 * A replacement template compiled once: literal text and capture group numbers. Expansion
 * follows Go's Regexp.Expand, which Prometheus uses: `$$` is `$`; `$name` takes the longest run of
 * letters, digits and `_` as the name, so `$1x` is the group *named* "1x" (usually absent, so
 * empty) and `${1}x` is what users mean; an all-digit name is a group number (no leading zeros);
 * a missing or non-participating group is empty; a `$` not followed by a valid reference is
 * kept as is.
 */
export type TemplatePart = string | number;

const NAME_CHAR = /[\p{L}\p{Nd}_]/u;

export function compileTemplate(template: string, groupNames: readonly string[]): TemplatePart[] {
  const parts: TemplatePart[] = [];
  let literal = '';
  let i = 0;
  for (;;) {
    const dollar = template.indexOf('$', i);
    if (dollar < 0) break;
    literal += template.slice(i, dollar);
    i = dollar + 1;
    if (template[i] === '$') {
      literal += '$';
      i++;
      continue;
    }
    const ref = readReference(template, i);
    if (ref === undefined) {
      literal += '$';
      continue;
    }
    i = ref.end;
    const group = ref.num >= 0 ? ref.num : groupNames.indexOf(ref.name);
    if (group < 0 || group >= groupNames.length) continue;
    if (literal !== '') parts.push(literal);
    literal = '';
    parts.push(group);
  }
  literal += template.slice(i);
  if (literal !== '') parts.push(literal);
  return parts;
}

/** Go's `extract`: a name or `{name}` at `start`; `num` is its group number or -1 when not a number. */
function readReference(template: string, start: number): { name: string; num: number; end: number } | undefined {
  const braced = template[start] === '{';
  let i = braced ? start + 1 : start;
  const nameStart = i;
  while (i < template.length) {
    const cp = template.codePointAt(i) as number;
    const ch = String.fromCodePoint(cp);
    if (!NAME_CHAR.test(ch)) break;
    i += ch.length;
  }
  if (i === nameStart) return undefined;
  const name = template.slice(nameStart, i);
  if (braced) {
    if (template[i] !== '}') return undefined;
    i++;
  }
  let num = 0;
  for (let k = 0; k < name.length; k++) {
    const d = name.charCodeAt(k) - 0x30;
    if (d < 0 || d > 9 || num >= 1e8) {
      num = -1;
      break;
    }
    num = num * 10 + d;
  }
  if (name.length > 1 && name[0] === '0') num = -1;
  return { name, num, end: i };
}

/** Expands compiled parts against a match (`match[n]` undefined for a group that did not take part). */
export function expandTemplate(parts: readonly TemplatePart[], match: ArrayLike<string | undefined>): string {
  if (parts.length === 1 && typeof parts[0] === 'string') return parts[0];
  let out = '';
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i] as TemplatePart;
    out += typeof part === 'string' ? part : (match[part] ?? '');
  }
  return out;
}
