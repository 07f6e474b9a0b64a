import { internalBug } from '../../../model/errors.js';
import type { Label } from '../../../model/labels.js';
import type { MetricType } from '../../../model/metrics.js';
import type { ExpositionFormat } from './exposition-format.js';
import { ExpositionParseError } from './exposition-parse-error.js';
import { decodeLabels } from './label-spans.js';
import { LineCursor, SPACE, TAB } from './line-cursor.js';
import { MetadataSlot, scanHashLine } from './metadata-line-scan.js';
import { SeriesSlot, scanSeriesLine } from './series-line-scan.js';
import { readString, unescapeRange } from './unescape.js';

/**
 * One entry of a page. `eof` is OpenMetrics' `# EOF` line (always the last entry of a valid
 * OpenMetrics page); the text format has none and simply ends.
 */
export type EntryKind = 'series' | 'type' | 'help' | 'unit' | 'comment' | 'eof';

export interface ParsedExemplar {
  /** Sorted by name; no `__name__`. */
  readonly labels: Label[];
  readonly value: number;
  readonly timestampMs: number | undefined;
}

const C_HASH = 0x23;

/**
 * A cursor over a scrape page in the Prometheus text format 0.0.4 or OpenMetrics 1.0 text.
 *
 * Contract:
 * - `next()` moves to the next entry and checks it completely (syntax, values, timestamps, label
 *   escapes, duplicate label names, and for OpenMetrics the `# EOF` rules); it throws
 *   `ExpositionParseError` for the first malformed line, and again on every later call. It
 *   returns null at the end of a valid page. Blank lines of the text format are skipped.
 * - The accessors describe the current entry and never fail on input; calling one that does not
 *   belong to the current entry kind is a bug and throws an internal error.
 * - Checking a typical sample line allocates nothing (exceptions: quoted names with escapes,
 *   more than 16 labels, numbers with over 15 significant digits). `value()` and `timestampMs()`
 *   return numbers parsed by `next()`; strings are created only by the accessor that returns
 *   them (`seriesText()` is one substring; `labels()` builds the label set).
 * - Metadata is reported as written: no check that a TYPE precedes its samples, that sample
 *   names fit the family's type, or that families are contiguous.
 */
export class ExpositionParser {
  private readonly cursor: LineCursor;
  private readonly openMetrics: boolean;
  private readonly series = new SeriesSlot();
  private readonly meta = new MetadataSlot();
  private kind: EntryKind | null = null;
  private entryLine = 0;
  private finished = false;
  private failure: ExpositionParseError | undefined = undefined;

  constructor(text: string, format: ExpositionFormat) {
    this.cursor = new LineCursor(text);
    this.openMetrics = format === 'openmetrics';
  }

  /** Advances to the next entry; null at the end of the page. Throws `ExpositionParseError`. */
  next(): EntryKind | null {
    if (this.failure !== undefined) throw this.failure;
    try {
      this.kind = this.advance();
      this.entryLine = this.cursor.lineNumber;
      return this.kind;
    } catch (e) {
      this.kind = null;
      if (e instanceof ExpositionParseError) this.failure = e;
      throw e;
    }
  }

  /** 1-based line of the current entry. */
  lineNumber(): number {
    return this.entryLine;
  }

  /**
   * The series exactly as written, name and label set without value, timestamp or exemplar:
   * the same series written the same way gives the same string, so it serves as a cache key
   * for `labels()`. It is a substring of the page, which V8 may keep as a view that pins the
   * whole page in memory; copy it before keeping it across scrapes if that matters.
   */
  seriesText(): string {
    this.expectSeries('seriesText');
    return this.cursor.text.slice(this.series.seriesStart, this.series.seriesEnd);
  }

  metricName(): string {
    this.expectSeries('metricName');
    const spans = this.series.labels;
    return readString(this.cursor.text, spans.nameStart, spans.nameEnd, spans.nameEscaped);
  }

  /**
   * The series' labels, `__name__` included, unescaped and sorted by name; labels with an empty
   * value are left out (Prometheus treats them as absent). A new array on every call.
   */
  labels(): Label[] {
    return decodeLabels(this.cursor.text, this.series.labels, this.metricName(), true);
  }

  value(): number {
    this.expectSeries('value');
    return this.series.value;
  }

  /** Integer Unix milliseconds, or undefined when the line has no timestamp. */
  timestampMs(): number | undefined {
    this.expectSeries('timestampMs');
    return this.series.hasTimestamp ? this.series.timestampMs : undefined;
  }

  /** The exemplar of an OpenMetrics sample line, built on each call; undefined if it has none. */
  exemplar(): ParsedExemplar | undefined {
    this.expectSeries('exemplar');
    const s = this.series;
    if (!s.hasExemplar) return undefined;
    return {
      labels: decodeLabels(this.cursor.text, s.exemplarLabels, undefined, false),
      value: s.exemplarValue,
      timestampMs: s.exemplarHasTimestamp ? s.exemplarTimestampMs : undefined,
    };
  }

  /** The metric family a `type`, `help` or `unit` entry is about. */
  familyName(): string {
    if (this.kind !== 'type' && this.kind !== 'help' && this.kind !== 'unit') throw this.misuse('familyName');
    return this.meta.familyName(this.cursor.text);
  }

  /** The type of a `type` entry; the text format's `untyped` is reported as `unknown`. */
  metricType(): MetricType {
    if (this.kind !== 'type') throw this.misuse('metricType');
    return this.meta.type;
  }

  /** The text of a `help` entry, unescaped (`\\`, `\n`, and in OpenMetrics `\"`). */
  helpText(): string {
    if (this.kind !== 'help') throw this.misuse('helpText');
    return unescapeRange(this.cursor.text, this.meta.textStart, this.meta.textEnd, this.openMetrics);
  }

  /** The unit of a `unit` entry (OpenMetrics only); may be empty. */
  unit(): string {
    if (this.kind !== 'unit') throw this.misuse('unit');
    return this.cursor.text.slice(this.meta.textStart, this.meta.textEnd);
  }

  /** The text of a `comment` entry (text format only), after `#` and the blanks that follow it. */
  commentText(): string {
    if (this.kind !== 'comment') throw this.misuse('commentText');
    return this.cursor.text.slice(this.meta.textStart, this.meta.textEnd);
  }

  private advance(): EntryKind | null {
    const cursor = this.cursor;
    for (;;) {
      if (this.finished || !cursor.nextLine()) {
        if (this.openMetrics && !this.finished) {
          const line = Math.max(1, cursor.lineNumber);
          throw new ExpositionParseError(`line ${line}: the OpenMetrics data does not end with "# EOF"`, line, 1);
        }
        this.finished = true;
        return null;
      }
      let c = cursor.peek();
      if (!this.openMetrics && (c === SPACE || c === TAB)) {
        cursor.skipBlanks();
        c = cursor.peek();
      }
      if (c < 0) {
        if (this.openMetrics) cursor.fail('unexpected blank line (OpenMetrics allows none)');
        continue;
      }
      if (c !== C_HASH) {
        scanSeriesLine(cursor, this.openMetrics, this.series);
        return 'series';
      }
      const kind = scanHashLine(cursor, this.openMetrics, this.meta);
      if (kind === 'eof') {
        if (cursor.nextLine()) cursor.fail('unexpected data after "# EOF"', cursor.lineStart);
        this.finished = true;
      }
      return kind;
    }
  }

  private expectSeries(accessor: string): void {
    if (this.kind !== 'series') throw this.misuse(accessor);
  }

  private misuse(accessor: string): Error {
    return internalBug(`ExpositionParser.${accessor}() called on a ${this.kind ?? 'missing'} entry`);
  }
}
