import { METRIC_NAME_LABEL } from '../../../model/labels.js';
import { scanLabelSet } from './label-set-scan.js';
import { LabelSpans } from './label-spans.js';
import type { LineCursor } from './line-cursor.js';
import { SPACE } from './line-cursor.js';
import { isMetricNameStart, scanMetricNameRest } from './name-scan.js';
import { parseFloatToken, parseIntegerToken, secondsToMs } from './number-scan.js';

const C_HASH = 0x23;
const C_LBRACE = 0x7b;

const VALUE_SYNTAX = 'a float value (like 12, -3.5e-3, +Inf or NaN)';

/** What a sample line said: offsets and parsed numbers, reused for every line. */
export class SeriesSlot {
  seriesStart = 0;
  seriesEnd = 0;
  readonly labels = new LabelSpans();
  value = 0;
  hasTimestamp = false;
  timestampMs = 0;
  hasExemplar = false;
  readonly exemplarLabels = new LabelSpans();
  exemplarValue = 0;
  exemplarHasTimestamp = false;
  exemplarTimestampMs = 0;
}

/**
 * Reads a sample line (cursor on its first non-blank character) into `slot`: series, value,
 * optional timestamp and, in OpenMetrics, an optional exemplar. Everything is checked here, so
 * the accessors of a parsed entry cannot fail.
 *
 * Text format, lenient as Prometheus: blanks (spaces, tabs) may separate every token, including
 * the name from `{`; none is needed between `}` and the value; the timestamp is integer
 * milliseconds. OpenMetrics: single spaces, none inside `{...}`; timestamps are float seconds.
 */
export function scanSeriesLine(cursor: LineCursor, openMetrics: boolean, slot: SeriesSlot): void {
  const text = cursor.text;
  const spans = slot.labels;
  spans.reset();
  slot.hasTimestamp = false;
  slot.hasExemplar = false;
  const start = cursor.pos;
  const first = cursor.peek();
  let braces = false;
  if (isMetricNameStart(first)) {
    cursor.pos++;
    const nameEnd = scanMetricNameRest(cursor);
    spans.setName(start, nameEnd, false);
    slot.seriesEnd = nameEnd;
    const blanks = openMetrics ? 0 : cursor.skipBlanks();
    if (cursor.peek() === C_LBRACE) {
      braces = true;
    } else if (blanks === 0 && !cursor.atLineEnd() && cursor.peek() !== SPACE) {
      cursor.expected(`"{" or a space after the metric name ${JSON.stringify(text.slice(start, nameEnd))}`);
    }
  } else if (first === C_LBRACE) {
    braces = true;
  } else {
    cursor.expected('a metric name, "{" or "#" at the start of the line');
  }
  if (braces) {
    scanLabelSet(cursor, spans, !openMetrics, true);
    slot.seriesEnd = cursor.pos;
    if (!spans.hasName()) cursor.fail('the series has no metric name (put it before "{" or, quoted, first inside the braces)', start);
  }
  slot.seriesStart = start;
  const reserved = spans.findName(text, METRIC_NAME_LABEL);
  if (reserved >= 0) cursor.fail(`the metric name must not also be given as a ${METRIC_NAME_LABEL} label`, spans.labelNameStart(reserved));

  // The value.
  if (openMetrics) {
    if (cursor.peek() !== SPACE) cursor.expected('a space and then the value after the series');
    cursor.pos++;
  } else {
    cursor.skipBlanks();
  }
  const valueEnd = cursor.tokenEnd(!openMetrics);
  if (valueEnd === cursor.pos) cursor.expected(`a value after the series (${openMetrics ? 'one space, then ' : ''}${VALUE_SYNTAX})`);
  const value = parseFloatToken(text, cursor.pos, valueEnd);
  if (value === undefined) cursor.expected(VALUE_SYNTAX, valueEnd);
  slot.value = value;
  cursor.pos = valueEnd;
  if (openMetrics) scanOpenMetricsTail(cursor, slot);
  else scanTextTail(cursor, slot);
}

/** Text format after the value: `[blanks timestamp-ms] [blanks]`. */
function scanTextTail(cursor: LineCursor, slot: SeriesSlot): void {
  cursor.skipBlanks();
  if (cursor.atLineEnd()) return;
  const end = cursor.tokenEnd(true);
  const ms = parseIntegerToken(cursor.text, cursor.pos, end);
  if (ms === undefined) {
    const hint = cursor.peek() === C_HASH ? ' (exemplars exist only in OpenMetrics)' : '';
    cursor.expected(`a timestamp in integer milliseconds or the end of the line after the value${hint}`, end);
  }
  slot.hasTimestamp = true;
  slot.timestampMs = ms;
  cursor.pos = end;
  cursor.skipBlanks();
  if (!cursor.atLineEnd()) cursor.expected('the end of the line after the timestamp');
}

/** OpenMetrics after the value: `[" " timestamp-seconds] [" # " exemplar]`. */
function scanOpenMetricsTail(cursor: LineCursor, slot: SeriesSlot): void {
  if (cursor.atLineEnd()) return;
  cursor.pos++; // the space that ended the value
  if (cursor.peek() !== C_HASH) {
    const ms = scanSecondsTimestamp(cursor, 'a timestamp in seconds or an exemplar ("# {...} value") after the value');
    slot.hasTimestamp = true;
    slot.timestampMs = ms;
    if (cursor.atLineEnd()) return;
    if (cursor.peek() === SPACE) cursor.pos++;
    if (cursor.peek() !== C_HASH) cursor.expected('an exemplar ("# {...} value") or the end of the line after the timestamp');
  }
  scanExemplar(cursor, slot);
}

/** `# {labels} value [timestamp]` to the end of the line, cursor on the `#`. */
function scanExemplar(cursor: LineCursor, slot: SeriesSlot): void {
  const text = cursor.text;
  if (!text.startsWith('# {', cursor.pos)) cursor.expected('an exemplar: "# {labels} value [timestamp]"', cursor.pos + 3);
  cursor.pos += 2;
  const spans = slot.exemplarLabels;
  spans.reset();
  scanLabelSet(cursor, spans, false, false);
  if (cursor.peek() !== SPACE) cursor.expected('a space and then the exemplar value after its labels');
  cursor.pos++;
  const valueEnd = cursor.tokenEnd(false);
  const value = parseFloatToken(text, cursor.pos, valueEnd);
  if (value === undefined) cursor.expected(`an exemplar value: ${VALUE_SYNTAX}`, valueEnd);
  slot.exemplarValue = value;
  slot.hasExemplar = true;
  slot.exemplarHasTimestamp = false;
  cursor.pos = valueEnd;
  if (cursor.atLineEnd()) return;
  cursor.pos++;
  slot.exemplarTimestampMs = scanSecondsTimestamp(cursor, 'an exemplar timestamp in seconds');
  slot.exemplarHasTimestamp = true;
  if (!cursor.atLineEnd()) {
    cursor.skipBlanks();
    cursor.expected('the end of the line after the exemplar');
  }
}

/** A float seconds token at the cursor, as integer milliseconds; leaves the cursor after it. */
function scanSecondsTimestamp(cursor: LineCursor, what: string): number {
  const end = cursor.tokenEnd(false);
  const seconds = parseFloatToken(cursor.text, cursor.pos, end);
  const ms = seconds === undefined ? undefined : secondsToMs(seconds);
  if (ms === undefined) cursor.expected(what, end);
  cursor.pos = end;
  return ms;
}
