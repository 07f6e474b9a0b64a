import type { MetricType } from '../../../model/metrics.js';
import type { LineCursor } from './line-cursor.js';
import { SPACE, TAB } from './line-cursor.js';
import { isMetricNameStart, scanMetricNameRest, scanQuoted } from './name-scan.js';
import { readString } from './unescape.js';

const C_QUOTE = 0x22;

export type HashLineKind = 'help' | 'type' | 'unit' | 'comment' | 'eof';

/** Types of `# TYPE` in the text format; `untyped` is its spelling of `unknown`. */
const TEXT_TYPES: ReadonlyMap<string, MetricType> = new Map<string, MetricType>([
  ['counter', 'counter'],
  ['gauge', 'gauge'],
  ['histogram', 'histogram'],
  ['summary', 'summary'],
  ['untyped', 'unknown'],
]);

const OPENMETRICS_TYPES: ReadonlyMap<string, MetricType> = new Map<string, MetricType>(
  (['counter', 'gauge', 'histogram', 'gaugehistogram', 'summary', 'info', 'stateset', 'unknown'] as const).map((t) => [t, t]),
);

/** What a `#` line said; offsets into the page text, reused for every line. */
export class MetadataSlot {
  nameStart = 0;
  nameEnd = 0;
  nameEscaped = false;
  /** HELP text, UNIT or comment text (raw, still escaped). */
  textStart = 0;
  textEnd = 0;
  type: MetricType = 'unknown';

  familyName(text: string): string {
    return readString(text, this.nameStart, this.nameEnd, this.nameEscaped);
  }
}

/**
 * Reads a line starting with `#` (cursor on it) into `slot`.
 *
 * Text format (as Prometheus lexes it): `#`, blanks, then `HELP` or `TYPE` and a blank make a
 * metadata line; anything else is a comment. HELP text starts after exactly one blank following
 * the name; the TYPE word may be surrounded by blanks.
 *
 * OpenMetrics: only `# HELP`, `# TYPE`, `# UNIT` (single spaces) and `# EOF` exist; other `#`
 * lines are errors. We accept a missing text after the name as empty, where the spec wants a
 * space before it.
 */
export function scanHashLine(cursor: LineCursor, openMetrics: boolean, slot: MetadataSlot): HashLineKind {
  const text = cursor.text;
  const hashAt = cursor.pos;
  cursor.pos++;
  let kind: 'help' | 'type' | 'unit';
  if (openMetrics) {
    if (cursor.peek() === SPACE) cursor.pos++;
    else cursor.expected('"# HELP", "# TYPE", "# UNIT" or "# EOF" (OpenMetrics has no other comments)');
    if (cursor.lineEnd - cursor.pos === 3 && text.startsWith('EOF', cursor.pos)) return 'eof';
    const keyword = keywordAt(cursor, true);
    if (keyword === undefined) {
      if (text.startsWith('EOF', cursor.pos)) cursor.fail('"# EOF" must be alone on its line', hashAt);
      cursor.expected('"# HELP", "# TYPE", "# UNIT" or "# EOF" (OpenMetrics has no other comments)');
    }
    kind = keyword;
  } else {
    const keyword = cursor.skipBlanks() > 0 ? keywordAt(cursor, false) : undefined;
    if (keyword === undefined) {
      slot.textStart = cursor.pos;
      slot.textEnd = cursor.lineEnd;
      slot.nameStart = slot.nameEnd = hashAt;
      return 'comment';
    }
    kind = keyword;
    cursor.skipBlanks();
  }

  scanFamilyName(cursor, slot, kind);
  const afterName = cursor.peek();
  if (afterName >= 0) {
    if (afterName !== SPACE && (openMetrics || afterName !== TAB)) cursor.expected(`a space after the metric name in # ${kind.toUpperCase()}`);
    cursor.pos++;
  }
  if (kind === 'type' && !openMetrics) cursor.skipBlanks();
  slot.textStart = cursor.pos;
  slot.textEnd = kind === 'type' && !openMetrics ? trimBlanksEnd(text, cursor.pos, cursor.lineEnd) : cursor.lineEnd;

  if (kind === 'type') slot.type = parseType(cursor, slot, openMetrics);
  else if (kind === 'unit') checkUnit(cursor, slot);
  return kind;
}

/** Matches `HELP`, `TYPE` or (OpenMetrics) `UNIT` followed by a separator, consuming both. */
function keywordAt(cursor: LineCursor, openMetrics: boolean): 'help' | 'type' | 'unit' | undefined {
  const { text, pos } = cursor;
  if (pos + 4 >= cursor.lineEnd) return undefined;
  const separator = text.charCodeAt(pos + 4);
  if (separator !== SPACE && (openMetrics || separator !== TAB)) return undefined;
  let kind: 'help' | 'type' | 'unit' | undefined;
  if (text.startsWith('HELP', pos)) kind = 'help';
  else if (text.startsWith('TYPE', pos)) kind = 'type';
  else if (openMetrics && text.startsWith('UNIT', pos)) kind = 'unit';
  if (kind !== undefined) cursor.pos = pos + 5;
  return kind;
}

function scanFamilyName(cursor: LineCursor, slot: MetadataSlot, kind: string): void {
  const start = cursor.pos;
  const c = cursor.peek();
  if (c === C_QUOTE) {
    slot.nameEscaped = scanQuoted(cursor, 'quoted metric name');
    slot.nameStart = start + 1;
    slot.nameEnd = cursor.pos - 1;
    if (slot.nameEnd === slot.nameStart) cursor.fail('the metric name is empty', start);
    return;
  }
  if (!isMetricNameStart(c)) cursor.expected(`a metric name after # ${kind.toUpperCase()}`);
  cursor.pos++;
  slot.nameStart = start;
  slot.nameEnd = scanMetricNameRest(cursor);
  slot.nameEscaped = false;
}

function parseType(cursor: LineCursor, slot: MetadataSlot, openMetrics: boolean): MetricType {
  const word = cursor.text.slice(slot.textStart, slot.textEnd);
  const type = (openMetrics ? OPENMETRICS_TYPES : TEXT_TYPES).get(word);
  if (type !== undefined) return type;
  const allowed = [...(openMetrics ? OPENMETRICS_TYPES : TEXT_TYPES).keys()].join(', ');
  return cursor.fail(`invalid metric type ${JSON.stringify(word)} (expected one of ${allowed})`, slot.textStart);
}

/** OpenMetrics: a non-empty unit must be a `_`-separated suffix of the family name, as Prometheus checks. */
function checkUnit(cursor: LineCursor, slot: MetadataSlot): void {
  const unit = cursor.text.slice(slot.textStart, slot.textEnd);
  if (unit === '') return;
  const family = slot.familyName(cursor.text);
  if (!family.endsWith(`_${unit}`)) {
    cursor.fail(`unit ${JSON.stringify(unit)} is not a suffix of the metric name ${JSON.stringify(family)}`, slot.textStart);
  }
}

function trimBlanksEnd(text: string, start: number, end: number): number {
  while (end > start) {
    const c = text.charCodeAt(end - 1);
    if (c !== SPACE && c !== TAB) break;
    end--;
  }
  return end;
}
