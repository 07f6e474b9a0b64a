import type { LabelSpans } from './label-spans.js';
import type { LineCursor } from './line-cursor.js';
import { scanLabelName, scanQuoted } from './name-scan.js';

const C_QUOTE = 0x22;
const C_COMMA = 0x2c;
const C_EQUALS = 0x3d;
const C_RBRACE = 0x7d;

/**
 * Checks the label set `{...}` whose `{` is at the cursor and records its labels in `spans`,
 * leaving the cursor after the `}`. A trailing comma is accepted (Prometheus accepts it in both
 * formats). `blanks` allows spaces and tabs between tokens (the text format; OpenMetrics has
 * none). A quoted string followed by `,` or `}` is the metric name (Prometheus 3 UTF-8 names),
 * allowed only when `allowName`; names may be quoted, values must be. Duplicate names are errors.
 */
export function scanLabelSet(cursor: LineCursor, spans: LabelSpans, blanks: boolean, allowName: boolean): void {
  const open = cursor.pos;
  cursor.pos++;
  for (;;) {
    if (blanks) cursor.skipBlanks();
    let c = cursor.peek();
    if (c === C_RBRACE) break;
    const nameAt = cursor.pos;
    let nameStart: number;
    let nameEnd: number;
    let nameEscaped = false;
    if (c === C_QUOTE) {
      nameEscaped = scanQuoted(cursor, 'quoted name');
      nameStart = nameAt + 1;
      nameEnd = cursor.pos - 1;
      if (blanks) cursor.skipBlanks();
      c = cursor.peek();
      if (c === C_COMMA || c === C_RBRACE) {
        if (!allowName) cursor.fail('an exemplar label set cannot contain a metric name', nameAt);
        if (spans.hasName()) cursor.fail('the metric name is given twice', nameAt);
        if (nameEnd === nameStart) cursor.fail('the metric name is empty', nameAt);
        spans.setName(nameStart, nameEnd, nameEscaped);
        if (c === C_COMMA) cursor.pos++;
        continue;
      }
      if (nameEnd === nameStart) cursor.fail('a label name is empty', nameAt);
    } else {
      nameStart = nameAt;
      nameEnd = scanLabelName(cursor);
      if (nameEnd < 0) {
        if (cursor.atLineEnd()) cursor.fail('the label set is not closed with "}"', open);
        cursor.expected('a label name (letters, digits and "_", not starting with a digit, or a quoted name) or "}"');
      }
      if (blanks) cursor.skipBlanks();
    }
    if (cursor.peek() !== C_EQUALS) cursor.expected(`"=" after the label name ${JSON.stringify(cursor.text.slice(nameStart, nameEnd))}`);
    cursor.pos++;
    if (blanks) cursor.skipBlanks();
    if (cursor.peek() !== C_QUOTE) cursor.expected('a double-quoted label value after "="');
    const valueOpen = cursor.pos;
    const valueEscaped = scanQuoted(cursor, 'label value');
    spans.push(nameStart, nameEnd, nameEscaped, valueOpen + 1, cursor.pos - 1, valueEscaped);
    if (blanks) cursor.skipBlanks();
    c = cursor.peek();
    if (c === C_COMMA) {
      cursor.pos++;
      continue;
    }
    if (c === C_RBRACE) break;
    if (c < 0) cursor.fail('the label set is not closed with "}"', open);
    cursor.expected('"," or "}" after a label value');
  }
  cursor.pos++;
  const duplicate = spans.findDuplicateName(cursor.text);
  if (duplicate >= 0) {
    cursor.fail(`duplicate label name ${JSON.stringify(spans.labelName(cursor.text, duplicate))}`, spans.labelNameStart(duplicate));
  }
}
